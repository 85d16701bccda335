import CairnAddresses
import CairnProviderKit
import Foundation
import GRDB

extension SQLiteStateStore {
    public func snapshot() throws -> StateSnapshot {
        try reading("read") { db in
            let (lineage, serial) = try Self.meta(db)
            var resources: [ResourceInstanceAddress: ResourceRecord] = [:]
            resources.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM resources") ?? 0)
            let rows = try Row.fetchCursor(db, sql: "SELECT address, \(ResourceColumns.names) FROM resources")
            while let row = try rows.next() {
                let address = try StoredAddresses.instance(row, 0)
                resources[address] = try ResourceColumns.decode(row, address: address, from: 1, box: box)
            }
            return StateSnapshot(
                lineage: lineage, serial: serial, resources: resources, outputs: try Self.outputs(db, box),
                pending: try Self.pending(db, box))
        }
    }

    public func history() throws -> [HistoryEntry] {
        try reading("read the history of") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT serial, time_ms, user, command, added, changed, destroyed, status
                    FROM versions ORDER BY serial
                    """)
            var entries: [HistoryEntry] = []
            while let row = try rows.next() {
                entries.append(
                    HistoryEntry(
                        serial: try row.decode(atIndex: 0),
                        time: StoredTime.date(milliseconds: try row.decode(atIndex: 1)),
                        user: try row.decode(atIndex: 2),
                        command: try row.decode(atIndex: 3),
                        summary: ChangeSummary(
                            added: try row.decode(atIndex: 4), changed: try row.decode(atIndex: 5),
                            destroyed: try row.decode(atIndex: 6)),
                        status: try row.decode(atIndex: 7)
                    ))
            }
            return entries
        }
    }

    public func resource(address: ResourceInstanceAddress, atSerial serial: Int) throws -> ResourceRecord? {
        try reading("read the history of") { db in
            // The primary key (address, serial) makes this one index seek.
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT \(ResourceColumns.names) FROM resource_history
                    WHERE address = ? AND serial <= ? ORDER BY serial DESC LIMIT 1
                    """, arguments: [address.description, serial])
            guard let row, !row.hasNull(atIndex: 0) else { return nil }
            return try ResourceColumns.decode(row, address: address, from: 0, box: box)
        }
    }

    static func meta(_ db: Database) throws -> (lineage: String, serial: Int) {
        guard let row = try Row.fetchOne(db, sql: "SELECT lineage, serial FROM meta WHERE singleton = 1") else {
            throw DamagedStateError(detail: "its meta row (lineage and serial) is missing")
        }
        return (try row.decode(atIndex: 0), try row.decode(atIndex: 1))
    }

    private static func pending(_ db: Database, _ box: SecretBox) throws -> [PendingOperation] {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, serial, address, action, type, provider, prior_id, inputs, dependencies, started_ms
                FROM intents ORDER BY started_ms, id
                """)
        var out: [PendingOperation] = []
        while let row = try rows.next() {
            let address = try StoredAddresses.instance(row, 2)
            let actionText: String = try row.decode(atIndex: 3)
            guard let action = PendingOperation.Action(rawValue: actionText) else {
                throw DamagedStateError(detail: "intent for \(address) has unknown action \"\(actionText)\"")
            }
            let inputsText: String = try row.decode(atIndex: 7)
            let depsText: String = try row.decode(atIndex: 8)
            do {
                out.append(
                    PendingOperation(
                        id: try row.decode(atIndex: 0), serial: try row.decode(atIndex: 1), address: address, action: action,
                        type: try StoredAddresses.type(try row.decode(atIndex: 4), of: address), provider: try row.decode(atIndex: 5),
                        priorID: try row.decode(atIndex: 6),
                        inputs: try SealedJSON.map(Data(inputsText.utf8), box),
                        dependencies: try StoredAddresses.dependencies(Data(depsText.utf8), of: address),
                        startedAt: StoredTime.date(milliseconds: try row.decode(atIndex: 9))))
            } catch let error as ValueJSONReadError {
                throw DamagedStateError(detail: "intent for \(address) is unreadable (\(error))")
            }
        }
        return out
    }

    private static func outputs(_ db: Database, _ box: SecretBox) throws -> [String: Value] {
        var outputs: [String: Value] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT name, value FROM outputs")
        while let row = try rows.next() {
            let name: String = try row.decode(atIndex: 0)
            outputs[name] = try row.withUnsafeData(atIndex: 1) { data in
                do {
                    return try SealedJSON.value(data ?? Data(), box)
                } catch let error as ValueJSONReadError {
                    throw DamagedStateError(detail: "output \(name) has an unreadable value (\(error))")
                }
            }
        }
        return outputs
    }
}
