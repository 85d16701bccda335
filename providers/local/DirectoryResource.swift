import CairnProviderKit

/// `local.directory`: a folder Cairn makes sure exists. One that already existed is adopted and
/// never removed; one Cairn created is removed on destroy only once it is empty.
enum DirectoryResource: LocalResource {
    static let defaultMode = "0755"

    static let schema = ResourceSchema(
        description: "A directory on this machine. Cairn removes it on destroy only if it created it and it is empty.",
        properties: [
            "path": .required(.string, forceNew: true, "Where the directory lives; relative to the current directory unless absolute."),
            "mode": .optional(.string, default: .string(defaultMode), "Permission bits as an octal string, 0000 to 0777."),
            "id": .computed(.string, "Absolute path of the directory."),
            "created": .computed(.bool, "Whether Cairn created the directory (false when it already existed)."),
        ])

    static func validate(_ properties: [String: Value]) -> [ProviderIssue] {
        [pathIssue(properties), FileMode.issue(properties["mode"])].compactMap { $0 }
    }

    static func plan(prior: ResourceObject?, proposed: [String: Value]) -> [String: Value] {
        var attributes = proposed
        attributes["id"] = plannedID(prior: prior, proposed: proposed)
        attributes["created"] = ResourceSchema.computedValue("created", prior: prior)
        return attributes
    }

    static func create(_ properties: [String: Value]) throws -> ResourceObject {
        let reader = PropertyReader(properties, context: "local.directory")
        let path = try reader.string("path")
        let mode = try FileMode.bits(reader, default: defaultMode)
        let absolute = FileSystem.absolutePath(path)
        var created = false
        if let existing = try FileSystem.status(absolute) {
            guard existing.isDirectory else {
                throw ProviderError(
                    "cannot create local.directory \(absolute): a file is already there",
                    hint: "choose another path or remove the file")
            }
        } else {
            try FileSystem.createDirectory(absolute)
            created = true
        }
        try FileSystem.setPermissions(absolute, mode.bits)
        return ResourceObject(id: absolute, attributes: attributes(path: path, id: absolute, mode: mode.text, created: created))
    }

    static func read(_ current: ResourceObject) throws -> ResourceObject? {
        guard let found = try inspect(current.id) else { return nil }
        let mode = FileMode.report(found.permissions, configured: current.attributes["mode"]?.stringValue)
        let path = current.attributes["path"]?.stringValue ?? current.id
        return ResourceObject(id: current.id, attributes: attributes(path: path, id: current.id, mode: mode, created: wasCreated(current)))
    }

    static func update(_ prior: ResourceObject, _ properties: [String: Value]) throws -> ResourceObject {
        let reader = PropertyReader(properties, context: "local.directory")
        let mode = try FileMode.bits(reader, default: defaultMode)
        guard try inspect(prior.id) != nil else {
            throw ProviderError("local.directory \(prior.id) no longer exists", hint: "run a refresh so Cairn plans to create it again")
        }
        try FileSystem.setPermissions(prior.id, mode.bits)
        return ResourceObject(
            id: prior.id,
            attributes: attributes(
                path: try reader.string("path"), id: prior.id,
                mode: mode.text, created: wasCreated(prior)))
    }

    static func delete(_ current: ResourceObject) throws {
        guard wasCreated(current), try inspect(current.id) != nil else { return }
        let entries = try FileSystem.entries(current.id)
        guard entries.isEmpty else {
            let shown = entries.prefix(5).joined(separator: ", ")
            let more = entries.count > 5 ? " and \(entries.count - 5) more" : ""
            throw ProviderError(
                "directory \(current.id) is not empty: \(shown)\(more)",
                hint: "Cairn removes a directory only when nothing is left in it; move or delete those entries, then destroy again")
        }
        try FileSystem.removeEmptyDirectory(current.id)
    }

    static func importResource(id: String) throws -> ResourceObject? {
        let absolute = FileSystem.absolutePath(id)
        guard let found = try inspect(absolute) else { return nil }
        // Cairn did not make it, so destroy leaves it alone.
        return ResourceObject(
            id: absolute, attributes: attributes(path: id, id: absolute, mode: FileMode.format(found.permissions), created: false))
    }

    private static func inspect(_ absolute: String) throws -> FileSystem.Status? {
        guard let status = try FileSystem.status(absolute) else { return nil }
        guard status.isDirectory else {
            throw ProviderError(
                "local.directory \(absolute) is no longer a directory",
                hint: "something else replaced it; remove it or change the path")
        }
        return status
    }

    private static func wasCreated(_ object: ResourceObject) -> Bool {
        object.attributes["created"]?.boolValue ?? false
    }

    private static func attributes(path: String, id: String, mode: String, created: Bool) -> [String: Value] {
        ["path": .string(path), "mode": .string(mode), "id": .string(id), "created": .bool(created)]
    }
}
