import CairnProviderKit
import Foundation

/// One resource type of the aws provider.
protocol AWSResource: Sendable {
    static var schema: ResourceSchema { get }
    static func validate(_ properties: [String: Value]) -> [ProviderIssue]
    /// Marks computed attributes that an update will change as unknown in the plan.
    static func refine(_ planned: inout [String: Value], prior: ResourceObject)
    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject
    /// nil when the object is gone.
    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject?
    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject
    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws
    /// Adopts an existing object by its id (or name, where the type says so).
    static func importResource(id: String, _ aws: AWSClient) async throws -> ResourceObject?
    /// Finds what an interrupted create may have made, from its unique name.
    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject?
}

extension AWSResource {
    static func validate(_ properties: [String: Value]) -> [ProviderIssue] { [] }
    static func refine(_ planned: inout [String: Value], prior: ResourceObject) {}
    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? { nil }
    /// Reads what was just written; AWS's reads are not always consistent with its writes at once.
    static func readBack(_ id: String, _ values: [String: Value], _ aws: AWSClient) async throws -> ResourceObject {
        guard let object = try await read(ResourceObject(id: id, attributes: values), aws) else {
            throw ProviderError(
                "\(id) is not there right after it was written",
                hint: "AWS can take a moment to show a new object; run the command again")
        }
        return object
    }

    /// Import reads the object by id with nothing known about it beforehand.
    static func importResource(id: String, _ aws: AWSClient) async throws -> ResourceObject? {
        try await read(ResourceObject(id: id, attributes: [:]), aws)
    }
}

/// The tags property every taggable type shares.
let tagsProperty = PropertySchema.optional(.map(.string), "Tags on the object; tags changed outside Cairn show as drift and are put back.")

extension PropertyReader {
    func stringList(_ name: String) throws -> [String] {
        guard let v = values[name], !v.isNull else { return [] }
        guard let items = v.listValue else {
            throw ProviderError("\(context): property \"\(name)\" must be a list of strings, got \(v.kindName)")
        }
        return try items.map {
            guard let s = $0.stringValue else {
                throw ProviderError("\(context): property \"\(name)\" must be a list of strings, got an item of type \($0.kindName)")
            }
            return s
        }
    }

    func stringMap(_ name: String) throws -> [String: String] {
        guard let v = values[name], !v.isNull else { return [:] }
        guard let m = v.mapValue else {
            throw ProviderError("\(context): property \"\(name)\" must be a map of strings, got \(v.kindName)")
        }
        return try m.mapValues {
            if let s = $0.stringValue { return s }
            if let n = $0.numberValue { return Value.format(number: n) }
            if let b = $0.boolValue { return String(b) }
            throw ProviderError("\(context): property \"\(name)\" must be a map of strings, got a value of type \($0.kindName)")
        }
    }
}

extension Value {
    static func strings(_ items: [String]) -> Value { .list(items.map { .string($0) }) }
    static func stringMap(_ m: [String: String]) -> Value { .map(m.mapValues { .string($0) }) }
}

/// A list read back in AWS's order: when it holds the same items as the prior value, keep the
/// prior order so an order-only difference is not drift.
func keepingPriorOrder(_ read: [String], prior: Value?) -> Value {
    if let prior = prior?.listValue?.compactMap(\.stringValue), Set(prior) == Set(read), prior.count == read.count {
        return .strings(prior)
    }
    return .strings(read)
}

/// What tags differ between `old` and `new`: keys to set and keys to remove.
func tagChanges(from old: [String: String], to new: [String: String]) -> (set: [String: String], remove: [String]) {
    let set = new.filter { old[$0.key] != $0.value }
    let remove = old.keys.filter { new[$0] == nil }.sorted()
    return (set, remove)
}

/// What an in-place update says when the object it was to change is gone (`what` as "vpc").
func goneBeforeUpdate(_ what: String, _ id: String) -> ProviderError {
    ProviderError("\(what) \(id) no longer exists", hint: "run plan again to create it")
}

/// Polls `check` every `interval` seconds until it returns a value or `timeout` passes.
func waitFor<T: Sendable>(
    _ what: String, timeout: TimeInterval = 300, interval: TimeInterval = 1,
    _ check: () async throws -> T?
) async throws -> T {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if let done = try await check() { return done }
        guard Date() < deadline else {
            throw ProviderError(
                "timed out after \(Int(timeout))s waiting for \(what)",
                hint: "look at it in the AWS console or with the aws CLI, then run the command again")
        }
        try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
    }
}
