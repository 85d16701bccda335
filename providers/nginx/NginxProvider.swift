import CairnProviderKit
import LoadBalancerKit

/// The `nginx` provider: upstreams and servers as one file each in `conf_dir`, every change
/// checked with `nginx -t` before a graceful `nginx -s reload`.
public struct NginxProvider: Provider {
    static let kinds = ResourceKinds<any NginxBlock.Type>(
        provider: "nginx", handlers: ["upstream": Upstream.self, "server": ServerBlock.self], schema: { $0.schema })
    static let providerSchema = ProviderSchema(name: "nginx", version: "0.1.0", config: NginxSettings.schema, resources: kinds.schemas)

    private let control = Configured<NginxControl>()

    public init() {}

    public var schema: ProviderSchema { Self.providerSchema }

    public func configure(_ request: ConfigureRequest) async throws -> ConfigureResponse {
        let settings = try NginxSettings(request.config)
        // Files a killed run was writing hold nothing worth keeping.
        FileChange.sweepTemporaryFiles(in: settings.confDir)
        control.set(NginxControl(settings: settings))
        return ConfigureResponse()
    }

    public func validate(_ request: ValidateRequest) async throws -> ValidateResponse {
        Self.kinds.validate(request) { $0.issues(request.properties) }
    }

    public func create(_ request: CreateRequest) async throws -> CreateResponse {
        CreateResponse(object: try await write(kind: request.kind, properties: request.properties))
    }

    public func update(_ request: UpdateRequest) async throws -> UpdateResponse {
        UpdateResponse(object: try await write(kind: request.kind, properties: request.properties))
    }

    public func read(_ request: ReadRequest) async throws -> ReadResponse {
        let name = request.current.attributes["name"]?.stringValue ?? request.current.id
        return ReadResponse(object: try load(kind: request.kind, name: name))
    }

    public func delete(_ request: DeleteRequest) async throws -> DeleteResponse {
        let kind = request.kind
        let c = try control.get(provider: "nginx")
        let name = request.current.attributes["name"]?.stringValue ?? request.current.id
        _ = try Self.kinds.handler(kind)
        let path = c.settings.file(kind: kind, name: name)
        guard FileChange.read(path) != nil else { return DeleteResponse() }
        try await c.commit("nginx.\(kind) \"\(name)\"", [path: nil])
        return DeleteResponse()
    }

    /// The id is the resource's name.
    public func importResource(_ request: ImportRequest) async throws -> ImportResponse {
        guard ResourceName.isValid(request.id) else {
            throw ProviderError("\"\(request.id)\" is not an nginx.\(request.kind) name", hint: ResourceName.rule)
        }
        return ImportResponse(object: try load(kind: request.kind, name: request.id))
    }

    /// A create cut short after its file was written: the file is the resource, once nginx has
    /// checked and loaded it (the run may have died before the reload). A file nginx rejects is
    /// removed and the create planned again.
    public func adopt(_ request: AdoptRequest) async throws -> AdoptResponse {
        AdoptResponse(object: try await adopt(kind: request.kind, properties: request.properties))
    }

    private func adopt(kind: String, properties: [String: Value]) async throws -> ResourceObject? {
        guard let name = properties["name"]?.stringValue, ResourceName.isValid(name),
            let found = try load(kind: kind, name: name)
        else { return nil }
        let c = try control.get(provider: "nginx")
        let label = "nginx.\(kind) \"\(name)\""
        do {
            try await c.commit(label, [:])
        } catch {
            try await c.commit(label, [c.settings.file(kind: kind, name: name): nil])
            return nil
        }
        return found
    }

    private func write(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        let c = try control.get(provider: "nginx")
        let block = try Self.kinds.handler(kind).init(properties: properties)
        let path = c.settings.file(kind: kind, name: block.name)
        try await c.commit("nginx.\(kind) \"\(block.name)\"", [path: block.render()])
        return object(name: block.name, path: path, block.attributes)
    }

    private func load(kind: String, name: String) throws -> ResourceObject? {
        let c = try control.get(provider: "nginx")
        let type = try Self.kinds.handler(kind)
        let path = c.settings.file(kind: kind, name: name)
        guard let text = FileChange.read(path) else { return nil }
        return object(name: name, path: path, type.parse(name: name, text: text).attributes)
    }

    private func object(name: String, path: String, _ attributes: [String: Value]) -> ResourceObject {
        var attrs = attributes
        attrs["id"] = .string(name)
        attrs["file"] = .string(path)
        return ResourceObject(id: name, attributes: attrs)
    }
}
