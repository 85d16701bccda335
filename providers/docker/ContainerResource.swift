import CairnProviderKit
import Foundation

/// `docker.container`: created, attached to its networks, started, and (with wait_healthy) waited
/// on until its health check passes. A container stopped out of band is started again; one
/// replaced out of band under the same name is found by name, so its changes show as drift.
enum ContainerResource: DockerResource {
    static var schema: ResourceSchema { ContainerSchema.resource }

    static func validate(_ properties: [String: Value]) -> [ProviderIssue] { ContainerSchema.validate(properties) }

    /// Starting or stopping changes the state and (on a bridge network) the address.
    static func plan(prior: ResourceObject?, proposed: [String: Value]) -> PlanResponse {
        var attributes = schema.plannedAttributes(prior: prior, proposed: proposed)
        if let prior, prior.attributes["running"] != proposed["running"] {
            attributes["state"] = .unknown
            attributes["ip_address"] = .unknown
        }
        return PlanResponse(attributes: attributes)
    }

    static func create(_ properties: [String: Value], engine: Engine) async throws -> ResourceObject {
        let reader = PropertyReader(properties, context: "docker.container")
        let name = try reader.string("name")
        let image = try reader.string("image")
        let reply = try await engine.send(
            "POST", "/containers/create", query: [("name", name)],
            json: try ContainerSpec.createBody(properties))
        guard reply.isSuccess, let id = reply.json["Id"]?.stringValue else {
            let hint: String? =
                switch reply.status {
                case 404: "the image \(image) is not on the Docker Engine; declare it as a docker.image and refer to it (${IMAGE.id})"
                case 409: "a container named \(name) exists already; import it (cairn import ADDRESS \(name)) or remove it"
                default: nil
                }
            throw reply.failure("creating container \(name)", hint: hint)
        }
        do {
            for network in (Convert.stringList(properties["networks"]) ?? []).dropFirst() {
                _ = try await engine.call(
                    "POST", "/networks/\(network)/connect", json: ["Container": .string(id)],
                    doing: "attaching container \(name) to network \(network)")
            }
            if try reader.bool("running", default: true) { try await start(id, name: name, engine: engine) }
            if try reader.bool("wait_healthy", default: false) {
                try await HealthWait.until(
                    healthy: id, name: name, timeout: properties["healthy_timeout"]?.numberValue ?? 60, engine: engine)
            }
        } catch {
            // Nothing half-made stays behind: the next apply creates it again from scratch.
            _ = try? await engine.send("DELETE", "/containers/\(id)", query: [("force", "true"), ("v", "true")])
            throw error
        }
        guard let made = try await inspect(id, prior: properties, engine: engine) else {
            throw ProviderError(
                "container \(name) was created but the Docker Engine no longer lists it",
                hint: "it may have been removed at once (AutoRemove?); run plan again")
        }
        return made
    }

    static func read(_ current: ResourceObject, engine: Engine) async throws -> ResourceObject? {
        if let found = try await inspect(current.id, prior: current.attributes, engine: engine) { return found }
        // Recreated out of band under the same name: report that one, so its differences show.
        guard let name = current.attributes["name"]?.stringValue else { return nil }
        return try await byName(name, prior: current.attributes, engine: engine)
    }

    static func update(_ prior: ResourceObject, _ properties: [String: Value], engine: Engine) async throws -> ResourceObject {
        let reader = PropertyReader(properties, context: "docker.container")
        let name = try reader.string("name")
        let restart = try reader.optionalString("restart") ?? "no"
        if prior.attributes["restart"]?.stringValue != restart {
            _ = try await engine.call(
                "POST", "/containers/\(prior.id)/update", json: ContainerSpec.restartPolicy(restart),
                doing: "changing the restart policy of container \(name)")
        }
        let now = try await inspect(prior.id, prior: properties, engine: engine)
        let isRunning = now?.attributes["running"]?.boolValue ?? false
        let wantRunning = try reader.bool("running", default: true)
        if wantRunning, !isRunning { try await start(prior.id, name: name, engine: engine) }
        if !wantRunning, isRunning {
            _ = try await engine.call(
                "POST", "/containers/\(prior.id)/stop", query: [("t", "10")],
                doing: "stopping container \(name)", timeout: 60)
        }
        if wantRunning, try reader.bool("wait_healthy", default: false) {
            try await HealthWait.until(
                healthy: prior.id, name: name, timeout: properties["healthy_timeout"]?.numberValue ?? 60, engine: engine)
        }
        guard let updated = try await inspect(prior.id, prior: properties, engine: engine) else {
            throw ProviderError(
                "container \(name) disappeared from the Docker Engine during the update", hint: "run plan again to create it")
        }
        return updated
    }

    static func delete(_ current: ResourceObject, engine: Engine) async throws {
        let reply = try await engine.send("DELETE", "/containers/\(current.id)", query: [("force", "true"), ("v", "true")], timeout: 60)
        guard reply.isSuccess || reply.status == 404 else {
            throw reply.failure("removing container \(current.attributes["name"]?.stringValue ?? current.id)")
        }
    }

    /// `id` is a container id (or unique prefix) or name.
    static func importResource(id: String, engine: Engine) async throws -> ResourceObject? {
        try await inspect(id, prior: nil, engine: engine)
    }

    static func adopt(_ properties: [String: Value], engine: Engine) async throws -> ResourceObject? {
        guard let name = properties["name"]?.stringValue else { return nil }
        return try await byName(name, prior: properties, engine: engine)
    }

    /// The container called exactly `name` (the Engine also resolves id prefixes).
    private static func byName(_ name: String, prior: [String: Value], engine: Engine) async throws -> ResourceObject? {
        guard let found = try await inspect(name, prior: prior, engine: engine),
            found.attributes["name"]?.stringValue == name
        else { return nil }
        return found
    }

    private static func inspect(_ idOrName: String, prior: [String: Value]?, engine: Engine) async throws -> ResourceObject? {
        guard let container = try await engine.find("/containers/\(idOrName)/json", doing: "reading container \(idOrName)") else {
            return nil
        }
        var image: Value?
        if let imageID = container["Image"]?.stringValue {
            image = try await engine.find("/images/\(imageID)/json", doing: "reading the image of container \(idOrName)")
        }
        return ContainerReader.object(container, image: image, prior: prior)
    }

    private static func start(_ id: String, name: String, engine: Engine) async throws {
        let reply = try await engine.send("POST", "/containers/\(id)/start", timeout: 60)
        // 304: already running.
        guard reply.isSuccess || reply.status == 304 else {
            throw reply.failure(
                "starting container \(name)",
                hint: "a published port may be taken, or the command may not exist in the image")
        }
    }
}
