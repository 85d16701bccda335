import CairnProviderKit
import Foundation

/// The built-in `local` provider: files and directories on the machine running Cairn.
public struct LocalProvider: Provider {
    private static let kinds: [String: any LocalResource.Type] = [
        "file": FileResource.self,
        "directory": DirectoryResource.self,
    ]

    public init() {}

    public static func register(into registry: inout ProviderRegistry) {
        registry.register { LocalProvider() }
    }

    public var schema: ProviderSchema {
        ProviderSchema(name: "local", version: "0.1.0", resources: Self.kinds.mapValues { $0.schema })
    }

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] {
        guard let type = Self.kinds[kind] else { return [ProviderIssue(property: nil, message: unknownKind(kind).message)] }
        return type.validate(properties)
    }

    public func plan(kind: String, prior: ResourceObject?, proposed: [String: Value]) -> PlannedAttributes {
        guard let type = Self.kinds[kind] else {
            return PlannedAttributes(attributes: defaultPlannedAttributes(kind: kind, prior: prior, proposed: proposed))
        }
        return PlannedAttributes(attributes: type.plan(prior: prior, proposed: proposed))
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        try type(kind).create(properties)
    }

    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? {
        try type(kind).read(current)
    }

    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        try type(kind).update(prior, properties)
    }

    public func delete(kind: String, current: ResourceObject) async throws {
        try type(kind).delete(current)
    }

    /// `id` is the path of an existing file or directory.
    public func importResource(kind: String, id: String) async throws -> ResourceObject? {
        try type(kind).importResource(id: id)
    }

    /// A create interrupted after the file or folder appeared: adopt what is at its path.
    public func adopt(kind: String, properties: [String: Value]) async throws -> ResourceObject? {
        guard let path = properties["path"]?.stringValue else { return nil }
        if kind == "file" {
            // A write cut short leaves its temporary file: it holds nothing worth keeping.
            unlink(FileSystem.temporaryPath(for: FileSystem.absolutePath(path)))
        }
        return try type(kind).importResource(id: path)
    }

    private func type(_ kind: String) throws -> any LocalResource.Type {
        guard let type = Self.kinds[kind] else { throw unknownKind(kind) }
        return type
    }
}
