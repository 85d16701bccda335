import CairnProviderKit

/// One resource type of the local provider. Operations are synchronous: they are small,
/// local file-system calls.
protocol LocalResource: Sendable {
    static var schema: ResourceSchema { get }
    static func validate(_ properties: [String: Value]) -> [ProviderIssue]
    static func plan(prior: ResourceObject?, proposed: [String: Value]) -> [String: Value]
    static func create(_ properties: [String: Value]) throws -> ResourceObject
    static func read(_ current: ResourceObject) throws -> ResourceObject?
    static func update(_ prior: ResourceObject, _ properties: [String: Value]) throws -> ResourceObject
    static func delete(_ current: ResourceObject) throws
    static func importResource(id: String) throws -> ResourceObject?
}

extension LocalResource {
    /// The planned `id`: the prior one while the path is unchanged (so a run from another
    /// directory does not look like a change), else the absolute form of the proposed path.
    static func plannedID(prior: ResourceObject?, proposed: [String: Value]) -> Value {
        guard let path = proposed["path"]?.stringValue else { return .unknown }
        if let prior, prior.attributes["path"]?.stringValue == path { return .string(prior.id) }
        return .string(FileSystem.absolutePath(path))
    }

    static func pathIssue(_ properties: [String: Value]) -> ProviderIssue? {
        guard let path = properties["path"]?.stringValue, path.isEmpty else { return nil }
        return ProviderIssue(property: "path", message: "path must not be empty")
    }
}
