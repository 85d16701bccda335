import CairnAddresses
import Foundation
import GRDB

extension SQLiteStateStore {
    public func resources(atSerial serial: Int) throws -> [ResourceInstanceAddress: ResourceRecord] {
        try reading("read the history of") { db in
            // Every address's newest history row at or before `serial`, one index walk over the
            // primary key (address, serial); rows whose columns are NULL record a removal.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT address, \(ResourceColumns.names) FROM resource_history
                    WHERE (address, serial) IN (
                        SELECT address, max(serial) FROM resource_history WHERE serial <= ? GROUP BY address)
                      AND type IS NOT NULL
                    """, arguments: [serial])
            var resources: [ResourceInstanceAddress: ResourceRecord] = [:]
            while let row = try rows.next() {
                let address = try StoredAddresses.instance(row, 0)
                resources[address] = try ResourceColumns.decode(row, address: address, from: 1, box: box)
            }
            return resources
        }
    }
}
