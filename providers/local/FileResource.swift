import CairnDigest
import CairnProviderKit
import Foundation

/// `local.file`: a file whose whole content Cairn manages.
enum FileResource: LocalResource {
    static let defaultMode = "0644"

    static let schema = ResourceSchema(
        description: "A file on this machine whose content and mode Cairn manages. Writes are atomic.",
        properties: [
            "path": .required(.string, forceNew: true, "Where the file lives; relative to the current directory unless absolute."),
            "content": .required(.string, "The file's text, written as UTF-8."),
            "mode": .optional(.string, default: .string(defaultMode), "Permission bits as an octal string, 0000 to 0777."),
            "id": .computed(.string, "Absolute path of the file."),
            "sha256": .computed(.string, "Hex SHA-256 of the file's bytes."),
            "size": .computed(.number, "Size of the file in bytes."),
        ])

    static func validate(_ properties: [String: Value]) -> [ProviderIssue] {
        [pathIssue(properties), FileMode.issue(properties["mode"])].compactMap { $0 }
    }

    static func plan(prior: ResourceObject?, proposed: [String: Value]) -> [String: Value] {
        var attributes = proposed
        attributes["id"] = plannedID(prior: prior, proposed: proposed)
        if let content = proposed["content"]?.stringValue {
            let bytes = Data(content.utf8)
            attributes["sha256"] = .string(Digest.sha256Hex(bytes))
            attributes["size"] = .number(Double(bytes.count))
        } else {
            attributes["sha256"] = .unknown
            attributes["size"] = .unknown
        }
        return attributes
    }

    static func create(_ properties: [String: Value]) throws -> ResourceObject {
        let reader = PropertyReader(properties, context: "local.file")
        let path = try reader.string("path")
        let absolute = FileSystem.absolutePath(path)
        if let existing = try FileSystem.status(absolute), !existing.isRegularFile {
            throw ProviderError(
                "cannot write local.file \(absolute): something other than a file is there",
                hint: "choose another path or remove what is there")
        }
        return try write(id: absolute, path: path, reader)
    }

    static func read(_ current: ResourceObject) throws -> ResourceObject? {
        guard let found = try inspect(current.id) else { return nil }
        let mode = FileMode.report(found.permissions, configured: current.attributes["mode"]?.stringValue)
        let path = current.attributes["path"]?.stringValue ?? current.id
        return ResourceObject(id: current.id, attributes: attributes(path: path, id: current.id, content: found.content, mode: mode))
    }

    static func update(_ prior: ResourceObject, _ properties: [String: Value]) throws -> ResourceObject {
        let reader = PropertyReader(properties, context: "local.file")
        // `path` forces replacement, so an update always targets the file already managed.
        return try write(id: prior.id, path: try reader.string("path"), reader)
    }

    static func delete(_ current: ResourceObject) throws {
        if let found = try FileSystem.status(current.id), !found.isRegularFile {
            throw ProviderError(
                "local.file \(current.id) is no longer a file; Cairn left it in place",
                hint: "remove it yourself if it should go")
        }
        try FileSystem.removeFile(current.id)
        unlink(FileSystem.temporaryPath(for: current.id))
    }

    static func importResource(id: String) throws -> ResourceObject? {
        let absolute = FileSystem.absolutePath(id)
        guard let found = try inspect(absolute) else { return nil }
        let mode = FileMode.format(found.permissions)
        return ResourceObject(id: absolute, attributes: attributes(path: id, id: absolute, content: found.content, mode: mode))
    }

    private static func write(id: String, path: String, _ reader: PropertyReader) throws -> ResourceObject {
        let content = Data(try reader.string("content").utf8)
        let mode = try FileMode.bits(reader, default: defaultMode)
        try FileSystem.writeAtomically(content, to: id, permissions: mode.bits)
        return ResourceObject(id: id, attributes: attributes(path: path, id: id, content: content, mode: mode.text))
    }

    /// The file's bytes and permissions, or nil when it is gone.
    private static func inspect(_ absolute: String) throws -> (content: Data, permissions: Int)? {
        guard let status = try FileSystem.status(absolute) else { return nil }
        guard status.isRegularFile else {
            throw ProviderError(
                "local.file \(absolute) is no longer a regular file",
                hint: "something else replaced it; remove it or change the path")
        }
        do {
            return (try FileSystem.readFile(absolute), status.permissions)
        } catch {
            // Deleted between the two calls: it is gone.
            if try FileSystem.status(absolute) == nil { return nil }
            throw error
        }
    }

    private static func attributes(path: String, id: String, content: Data, mode: String) -> [String: Value] {
        [
            "path": .string(path),
            "content": .string(String(decoding: content, as: UTF8.self)),
            "mode": .string(mode),
            "id": .string(id),
            "sha256": .string(Digest.sha256Hex(content)),
            "size": .number(Double(content.count)),
        ]
    }
}
