import CairnProviderKit
import Foundation

/// The built-in `docker` provider: images, networks, volumes and containers through the Docker
/// Engine API on its Unix socket (or TCP), spoken with libcurl.
public struct DockerProvider: Provider {
    static let kinds = ResourceKinds<any DockerResource.Type>(
        provider: "docker",
        handlers: [
            "image": ImageResource.self,
            "network": NetworkResource.self,
            "volume": VolumeResource.self,
            "container": ContainerResource.self,
        ], schema: { $0.schema })
    static let providerSchema = ProviderSchema(
        name: "docker", version: "0.1.0",
        config: [
            "host": .optional(
                .string,
                "Engine API address: unix:///path/to/docker.sock or tcp://HOST:PORT. "
                    + "Default: DOCKER_HOST, else unix:///var/run/docker.sock.")
        ],
        resources: kinds.schemas)

    private let engine: Engine

    public init() {
        engine = Engine()
    }

    /// A provider already pointed at `host` (as `configure` would with `host: …`).
    public init(host: String) throws {
        engine = Engine(endpoint: try DockerEndpoint.parse(host))
    }

    public var schema: ProviderSchema { Self.providerSchema }

    public func configure(_ request: ConfigureRequest) async throws -> ConfigureResponse {
        await engine.configure(try DockerEndpoint.resolve(setting: request.config["host"]?.stringValue))
        return ConfigureResponse()
    }

    public func validate(_ request: ValidateRequest) async throws -> ValidateResponse {
        Self.kinds.validate(request) { $0.validate(request.properties) }
    }

    public func plan(_ request: PlanRequest) async throws -> PlanResponse {
        Self.kinds.plan(request) { $0.plan(prior: request.prior, proposed: request.proposed) }
    }

    public func create(_ request: CreateRequest) async throws -> CreateResponse {
        let type = try Self.kinds.handler(request.kind)
        if let issue = type.validate(request.properties).first {
            throw ProviderError(issue.property.map { "property \"\($0)\": \(issue.message)" } ?? issue.message, hint: issue.hint)
        }
        return CreateResponse(object: try await type.create(request.properties, engine: engine))
    }

    public func read(_ request: ReadRequest) async throws -> ReadResponse {
        ReadResponse(object: try await Self.kinds.handler(request.kind).read(request.current, engine: engine))
    }

    public func update(_ request: UpdateRequest) async throws -> UpdateResponse {
        UpdateResponse(object: try await Self.kinds.handler(request.kind).update(request.prior, request.properties, engine: engine))
    }

    public func delete(_ request: DeleteRequest) async throws -> DeleteResponse {
        try await Self.kinds.handler(request.kind).delete(request.current, engine: engine)
        return DeleteResponse()
    }

    /// A container by id or name, a network by id or name, a volume by name.
    public func importResource(_ request: ImportRequest) async throws -> ImportResponse {
        ImportResponse(object: try await Self.kinds.handler(request.kind).importResource(id: request.id, engine: engine))
    }

    /// After a create was cut short: the object of that name, if the Engine has one.
    public func adopt(_ request: AdoptRequest) async throws -> AdoptResponse {
        AdoptResponse(object: try await Self.kinds.handler(request.kind).adopt(request.properties, engine: engine))
    }
}
