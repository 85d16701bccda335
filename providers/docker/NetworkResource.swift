import CairnProviderKit

/// `docker.network`: a user-defined network. Docker cannot change a network, so every setting
/// forces replacement.
enum NetworkResource: DockerResource {
    static let schema = ResourceSchema(
        description: "A user-defined Docker network.",
        properties: [
            "name": .required(.string, forceNew: true, "The network's name, unique on the Engine."),
            "driver": .optional(.string, default: "bridge", forceNew: true, "Network driver."),
            "internal": .optional(.bool, default: false, forceNew: true, "Cut the network off from the outside."),
            "labels": .optional(.map(.string), forceNew: true, "Labels on the network."),
            "id": .computed(.string, "The network's id."),
        ])

    static func validate(_ properties: [String: Value]) -> [ProviderIssue] {
        guard let name = properties["name"]?.stringValue, name.isEmpty else { return [] }
        return [ProviderIssue(property: "name", message: "a network needs a non-empty name")]
    }

    static func create(_ properties: [String: Value], engine: Engine) async throws -> ResourceObject {
        let reader = PropertyReader(properties, context: "docker.network")
        let name = try reader.string("name")
        let body: Value = [
            "Name": .string(name), "Driver": .string(try reader.string("driver")),
            "Internal": .bool(try reader.bool("internal", default: false)),
            "Labels": Convert.value(Convert.stringMap(properties["labels"])),
            "CheckDuplicate": true,
        ]
        let made = try await engine.call(
            "POST", "/networks/create", json: body, doing: "creating network \(name)",
            hint: "if a network of that name exists, import it (cairn import ADDRESS \(name)) or choose another name")
        guard let id = made["Id"]?.stringValue, let found = try await importResource(id: id, engine: engine) else {
            throw ProviderError("network \(name) was created but cannot be read back", hint: "run plan again")
        }
        return found
    }

    static func read(_ current: ResourceObject, engine: Engine) async throws -> ResourceObject? {
        if let found = try await importResource(id: current.id, engine: engine) { return found }
        // Recreated out of band under the same name: report that one, so its differences show.
        guard let name = current.attributes["name"]?.stringValue else { return nil }
        return try await adopt(["name": .string(name)], engine: engine)
    }

    static func delete(_ current: ResourceObject, engine: Engine) async throws {
        let reply = try await engine.send("DELETE", "/networks/\(current.id)")
        guard reply.isSuccess || reply.status == 404 else {
            throw reply.failure(
                "removing network \(current.attributes["name"]?.stringValue ?? current.id)",
                hint: reply.status == 403 || reply.status == 409 ? "containers are still attached; remove them first" : nil)
        }
    }

    /// `id` is a network id or name.
    static func importResource(id: String, engine: Engine) async throws -> ResourceObject? {
        guard let found = try await engine.find("/networks/\(id)", doing: "reading network \(id)") else { return nil }
        return object(found)
    }

    /// Only an exact name match: the Engine also resolves id prefixes.
    static func adopt(_ properties: [String: Value], engine: Engine) async throws -> ResourceObject? {
        guard let name = properties["name"]?.stringValue,
            let found = try await importResource(id: name, engine: engine),
            found.attributes["name"]?.stringValue == name
        else { return nil }
        return found
    }

    private static func object(_ network: Value) -> ResourceObject {
        let id = network["Id"]?.stringValue ?? ""
        return ResourceObject(
            id: id,
            attributes: [
                "name": .string(network["Name"]?.stringValue ?? ""),
                "driver": .string(network["Driver"]?.stringValue ?? ""),
                "internal": .bool(network["Internal"]?.boolValue ?? false),
                "labels": Convert.value(Convert.stringMap(network["Labels"])),
                "id": .string(id),
            ])
    }
}
