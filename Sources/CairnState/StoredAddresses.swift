import CairnAddresses
import CairnProviderKit
import Foundation
import GRDB

/// The state's address and type columns: text in the file, typed once read. A column that does
/// not parse means the file is damaged.
enum StoredAddresses {
    static func instance(_ text: String) throws -> ResourceInstanceAddress {
        do {
            return try ResourceInstanceAddress.parse(text)
        } catch {
            throw DamagedStateError(detail: "it holds a malformed resource address: \(error)")
        }
    }

    static func instance(_ row: Row, _ index: Int) throws -> ResourceInstanceAddress {
        try instance(try row.decode(atIndex: index) as String)
    }

    static func type(_ text: String, of address: ResourceInstanceAddress) throws -> ResourceType {
        do {
            return try ResourceType.parse(text)
        } catch {
            throw DamagedStateError(detail: "resource \(address) has a malformed type: \(error)")
        }
    }

    /// A JSON list of resource addresses (a record's or an intent's dependencies).
    static func dependencies(_ data: Data, of address: ResourceInstanceAddress) throws -> [ResourceAddress] {
        let texts = try ValueJSONReader.strings(from: data)
        if texts.isEmpty { return [] }
        do {
            return try texts.map { text throws(AddressParseError) in try ResourceAddress.parse(text) }
        } catch {
            throw DamagedStateError(detail: "resource \(address) has a malformed dependency: \(error)")
        }
    }

    /// The JSON list the dependencies column holds.
    static func dependenciesText(_ dependencies: [ResourceAddress]) -> String {
        Value.list(dependencies.map { .string($0.description) }).jsonString()
    }
}
