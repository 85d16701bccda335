import CairnProviderKit
import Foundation

/// Files and folders on this machine.
public struct LocalProvider: Provider {
    public init() {}

    public var schema: ProviderSchema {
        ProviderSchema(name: "local", version: "1.0.0", resources: [
            "file": ResourceSchema(description: "A file with the given content and mode", properties: [
                "path": .required(.string, forceNew: true, "Where the file is; relative paths are from the current folder"),
                "content": .required(.string, "The file's whole content"),
                "mode": .optional(.string, default: "0644", "Permissions, as an octal string"),
                "id": .computed(.string, "The absolute path"),
                "sha256": .computed(.string, "SHA-256 of the content, hex"),
                "size": .computed(.number, "Size in bytes"),
            ]),
            "directory": ResourceSchema(description: "A folder (removed on destroy only if Cairn created it and it is empty)", properties: [
                "path": .required(.string, forceNew: true, "Where the folder is"),
                "mode": .optional(.string, default: "0755", "Permissions, as an octal string"),
                "id": .computed(.string, "The absolute path"),
                "created": .computed(.bool, "Whether Cairn created the folder (a folder that existed is adopted, never removed)"),
            ]),
        ])
    }

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] {
        guard let mode = properties["mode"]?.stringValue else { return [] }
        if FileMode.parse(mode) == nil {
            return [ProviderIssue(property: "mode", message: "\"\(mode)\" is not an octal file mode",
                                  hint: "write it as a string of octal digits from \"0000\" to \"0777\", e.g. \"0644\"")]
        }
        return []
    }

    public func plan(kind: String, prior: ResourceObject?, proposed: [String: Value]) -> PlannedAttributes {
        var attrs = defaultPlannedAttributes(kind: kind, prior: prior, proposed: proposed)
        if let path = proposed["path"]?.stringValue { attrs["id"] = .string(FileMode.absolute(path)) }
        if kind == "file", let content = proposed["content"]?.stringValue {
            attrs["sha256"] = .string(Digest.sha256Hex(content))
            attrs["size"] = .number(Double(content.utf8.count))
        }
        return PlannedAttributes(attributes: attrs)
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        switch kind {
        case "file": return try LocalFile.write(properties)
        case "directory": return try LocalDirectory.create(properties)
        default: throw unknownKind(kind)
        }
    }

    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? {
        switch kind {
        case "file": return try LocalFile.read(path: current.id)
        case "directory": return try LocalDirectory.read(path: current.id, created: current.attributes["created"]?.boolValue ?? false)
        default: throw unknownKind(kind)
        }
    }

    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        switch kind {
        case "file": return try LocalFile.write(properties)
        case "directory": return try LocalDirectory.update(prior: prior, properties)
        default: throw unknownKind(kind)
        }
    }

    public func delete(kind: String, current: ResourceObject) async throws {
        switch kind {
        case "file": try LocalFile.delete(path: current.id)
        case "directory": try LocalDirectory.delete(path: current.id, created: current.attributes["created"]?.boolValue ?? false)
        default: throw unknownKind(kind)
        }
    }

    public func importResource(kind: String, id: String) async throws -> ResourceObject? {
        switch kind {
        case "file": return try LocalFile.read(path: FileMode.absolute(id))
        case "directory": return try LocalDirectory.read(path: FileMode.absolute(id), created: false)
        default: throw unknownKind(kind)
        }
    }
}
