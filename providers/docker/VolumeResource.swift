import CairnProviderKit

/// `docker.volume`: a named volume. Docker cannot change a volume, so every setting forces replacement.
enum VolumeResource: DockerResource {
    static let schema = ResourceSchema(
        description: "A named Docker volume.",
        properties: [
            "name": .required(.string, forceNew: true, "The volume's name, unique on the Engine."),
            "driver": .optional(.string, default: "local", forceNew: true, "Volume driver."),
            "labels": .optional(.map(.string), forceNew: true, "Labels on the volume."),
            "id": .computed(.string, "Same as name."),
            "mountpoint": .computed(.string, "Where the volume's data lives on the Engine's host."),
        ])

    static func validate(_ properties: [String: Value]) -> [ProviderIssue] {
        guard let name = properties["name"]?.stringValue, name.isEmpty else { return [] }
        return [ProviderIssue(property: "name", message: "a volume needs a non-empty name")]
    }

    static func create(_ properties: [String: Value], engine: Engine) async throws -> ResourceObject {
        let reader = PropertyReader(properties, context: "docker.volume")
        let name = try reader.string("name")
        // Creating a volume whose name is taken quietly returns the existing one; refuse instead.
        if try await engine.find("/volumes/\(name)", doing: "looking up volume \(name)") != nil {
            throw ProviderError(
                "docker volume \"\(name)\" already exists",
                hint: "import it (cairn import ADDRESS \(name)) or choose another name")
        }
        let body: Value = [
            "Name": .string(name), "Driver": .string(try reader.string("driver")),
            "Labels": Convert.value(Convert.stringMap(properties["labels"])),
        ]
        let made = try await engine.call("POST", "/volumes/create", json: body, doing: "creating volume \(name)")
        return object(made)
    }

    static func read(_ current: ResourceObject, engine: Engine) async throws -> ResourceObject? {
        try await importResource(id: current.id, engine: engine)
    }

    static func delete(_ current: ResourceObject, engine: Engine) async throws {
        let reply = try await engine.send("DELETE", "/volumes/\(current.id)")
        guard reply.isSuccess || reply.status == 404 else {
            throw reply.failure(
                "removing volume \(current.id)",
                hint: reply.status == 409 ? "a container still uses it; remove that container first" : nil)
        }
    }

    static func importResource(id: String, engine: Engine) async throws -> ResourceObject? {
        guard let found = try await engine.find("/volumes/\(id)", doing: "reading volume \(id)") else { return nil }
        return object(found)
    }

    static func adopt(_ properties: [String: Value], engine: Engine) async throws -> ResourceObject? {
        guard let name = properties["name"]?.stringValue else { return nil }
        return try await importResource(id: name, engine: engine)
    }

    private static func object(_ volume: Value) -> ResourceObject {
        let name = volume["Name"]?.stringValue ?? ""
        return ResourceObject(
            id: name,
            attributes: [
                "name": .string(name),
                "driver": .string(volume["Driver"]?.stringValue ?? "local"),
                "labels": Convert.value(Convert.stringMap(volume["Labels"])),
                "id": .string(name),
                "mountpoint": .string(volume["Mountpoint"]?.stringValue ?? ""),
            ])
    }
}
