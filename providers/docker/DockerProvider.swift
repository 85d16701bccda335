import CairnProviderKit
import Foundation

/// The built-in `docker` provider: images, networks, volumes and containers through the Docker
/// Engine API on its Unix socket (or TCP), spoken with libcurl.
public struct DockerProvider: Provider {
    private static let kinds: [String: any DockerResource.Type] = [
        "image": ImageResource.self,
        "network": NetworkResource.self,
        "volume": VolumeResource.self,
        "container": ContainerResource.self,
    ]

    private let engine: Engine

    public init() {
        engine = Engine()
    }

    /// A provider already pointed at `host` (as `configure` would with `host: …`).
    public init(host: String) throws {
        engine = Engine(endpoint: try DockerEndpoint.parse(host))
    }

    public var schema: ProviderSchema {
        ProviderSchema(
            name: "docker", version: "0.1.0",
            config: [
                "host": .optional(.string, "Engine API address: unix:///path/to/docker.sock or tcp://HOST:PORT. "
                    + "Default: DOCKER_HOST, else unix:///var/run/docker.sock."),
            ],
            resources: Self.kinds.mapValues { $0.schema })
    }

    public func configure(_ config: [String: Value]) async throws {
        await engine.configure(try DockerEndpoint.resolve(setting: config["host"]?.stringValue))
    }

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] {
        guard let type = Self.kinds[kind] else { return [ProviderIssue(property: nil, message: unknownKind(kind).message)] }
        return type.validate(properties)
    }

    public func plan(kind: String, prior: ResourceObject?, proposed: [String: Value]) -> PlannedAttributes {
        guard let type = Self.kinds[kind] else {
            return PlannedAttributes(attributes: defaultPlannedAttributes(kind: kind, prior: prior, proposed: proposed))
        }
        return type.plan(prior: prior, proposed: proposed)
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        let type = try type(kind)
        if let issue = type.validate(properties).first {
            throw ProviderError(issue.property.map { "property \"\($0)\": \(issue.message)" } ?? issue.message, hint: issue.hint)
        }
        return try await type.create(properties, engine: engine)
    }

    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? {
        try await type(kind).read(current, engine: engine)
    }

    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        try await type(kind).update(prior, properties, engine: engine)
    }

    public func delete(kind: String, current: ResourceObject) async throws {
        try await type(kind).delete(current, engine: engine)
    }

    /// A container by id or name, a network by id or name, a volume by name.
    public func importResource(kind: String, id: String) async throws -> ResourceObject? {
        try await type(kind).importResource(id: id, engine: engine)
    }

    /// After a create was cut short: the object of that name, if the Engine has one.
    public func adopt(kind: String, properties: [String: Value]) async throws -> ResourceObject? {
        try await type(kind).adopt(properties, engine: engine)
    }

    private func type(_ kind: String) throws -> any DockerResource.Type {
        guard let type = Self.kinds[kind] else { throw unknownKind(kind) }
        return type
    }
}
