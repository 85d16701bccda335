import CairnAddresses
import CairnProviderKit
import Foundation
import GRDB

/// The columns describing one resource, shared by `resources` and `resource_history`.
/// Maps and lists are stored as the canonical JSON of `Value.jsonString()`.
enum ResourceColumns {
    /// Column names, in the order `values(of:)` produces and `decode` expects.
    static let names = "type, provider, id, inputs, attributes, dependencies, status"
    static let placeholders = "?, ?, ?, ?, ?, ?, ?"

    /// Sensitive values are sealed with `box` (AES-256-GCM) before they reach the file.
    static func values(of record: ResourceRecord, box: SecretBox) throws -> [(any DatabaseValueConvertible)?] {
        [
            record.type.description,
            record.provider,
            record.id,
            try Value.map(record.inputs).sealed(with: box).jsonString(),
            try Value.map(record.attributes).sealed(with: box).jsonString(),
            StoredAddresses.dependenciesText(record.dependencies),
            record.status.rawValue,
        ]
    }

    /// Reads the record whose columns start at `offset` in `row`.
    static func decode(_ row: Row, address: ResourceInstanceAddress, from offset: Int, box: SecretBox) throws -> ResourceRecord {
        let statusText: String = try row.decode(atIndex: offset + 6)
        guard let status = ResourceStatus(rawValue: statusText) else {
            throw DamagedStateError(detail: "resource \(address) has unknown status \"\(statusText)\"")
        }
        return ResourceRecord(
            address: address,
            type: try StoredAddresses.type(try row.decode(atIndex: offset), of: address),
            provider: try row.decode(atIndex: offset + 1),
            id: try row.decode(atIndex: offset + 2),
            inputs: try json(row, offset + 3, "inputs", address) { try SealedJSON.map($0, box) },
            attributes: try json(row, offset + 4, "attributes", address) { try SealedJSON.map($0, box) },
            dependencies: try json(row, offset + 5, "dependencies", address) { try StoredAddresses.dependencies($0, of: address) },
            status: status
        )
    }

    /// Parses a JSON column in place, without first copying it into a String.
    private static func json<T>(
        _ row: Row, _ index: Int, _ column: String, _ address: ResourceInstanceAddress,
        _ parse: (Data) throws -> T
    ) throws -> T {
        try row.withUnsafeData(atIndex: index) { data in
            guard let data else { throw DamagedStateError(detail: "resource \(address) has no \(column)") }
            do {
                return try parse(data)
            } catch let error as ValueJSONReadError {
                throw DamagedStateError(detail: "resource \(address) has unreadable \(column) (\(error))")
            }
        }
    }
}
