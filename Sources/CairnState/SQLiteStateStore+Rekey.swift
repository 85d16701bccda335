import CairnProviderKit
import Foundation
import GRDB

extension SQLiteStateStore {
    /// Re-seals every secret in the database (current resources, history, outputs, intents) under
    /// `newKey`, in one transaction: either all of it moves to the new key or none does.
    /// Returns how many stored values were re-sealed.
    @discardableResult
    public func rekey(to newKey: Data) throws -> Int {
        let newBox: SecretBox
        do { newBox = try SecretBox(key: newKey) } catch { throw StateError("the new state key must be 32 bytes") }
        return try reseal(under: newBox)
    }

    /// Re-seals everything under `newBox` (another store's key, for a restore).
    @discardableResult
    func reseal(under newBox: SecretBox) throws -> Int {
        let oldBox = box
        return try writing("re-encrypt") { db in
            var count = 0
            let columns: [(table: String, key: String, columns: [String])] = [
                ("resources", "address", ["inputs", "attributes"]),
                ("resource_history", "rowid", ["inputs", "attributes"]),
                ("outputs", "name", ["value"]),
                ("intents", "id", ["inputs"]),
            ]
            for (table, key, cols) in columns {
                for col in cols {
                    let rows = try Row.fetchAll(db, sql: "SELECT \(key), \(col) FROM \(table) WHERE \(col) LIKE '%$sealed%'")
                    for row in rows {
                        let text: String = try row.decode(atIndex: 1)
                        let value = try SealedJSON.value(Data(text.utf8), oldBox)
                        try db.execute(
                            sql: "UPDATE \(table) SET \(col) = ? WHERE \(key) = ?",
                            arguments: [try value.sealed(with: newBox).jsonString(), row[0]])
                        count += 1
                    }
                }
            }
            try db.execute(
                sql: "UPDATE meta SET key_check = ? WHERE singleton = 1",
                arguments: [try newBox.seal(Self.keyCheckText).base64EncodedString()])
            return count
        }
    }
}
