import CairnProviderKit
import LoadBalancerKit

/// The `haproxy` provider: backends and frontends as one file each in `conf_dir`. Structural
/// changes are checked with `haproxy -c` and loaded by a USR2 to the master; weights and server
/// states change through the runtime API, with no reload.
public struct HAProxyProvider: Provider {
    /// The two types share their file handling; what differs is switched on where it is done.
    enum Kind: Sendable { case backend, frontend }

    static let kinds = ResourceKinds<Kind>(
        provider: "haproxy",
        kinds: [
            "backend": .init(schema: Backend.schema, handler: .backend),
            "frontend": .init(schema: Frontend.schema, handler: .frontend),
        ])
    static let providerSchema = ProviderSchema(name: "haproxy", version: "0.1.0", config: HAProxySettings.schema, resources: kinds.schemas)

    private let control = Configured<HAProxyControl>()

    public init() {}

    public var schema: ProviderSchema { Self.providerSchema }

    public func configure(_ request: ConfigureRequest) async throws -> ConfigureResponse {
        let settings = try HAProxySettings(request.config)
        // Files a killed run was writing hold nothing worth keeping.
        FileChange.sweepTemporaryFiles(in: settings.confDir)
        control.set(HAProxyControl(settings: settings))
        return ConfigureResponse()
    }

    public func validate(_ request: ValidateRequest) async throws -> ValidateResponse {
        Self.kinds.validate(request) { kind in
            switch kind {
            case .backend: Backend.issues(request.properties)
            case .frontend: Frontend.issues(request.properties)
            }
        }
    }

    public func create(_ request: CreateRequest) async throws -> CreateResponse {
        CreateResponse(object: try await write(kind: request.kind, prior: nil, properties: request.properties))
    }

    public func update(_ request: UpdateRequest) async throws -> UpdateResponse {
        UpdateResponse(object: try await write(kind: request.kind, prior: request.prior, properties: request.properties))
    }

    public func read(_ request: ReadRequest) async throws -> ReadResponse {
        ReadResponse(
            object: try await load(kind: request.kind, name: request.current.attributes["name"]?.stringValue ?? request.current.id))
    }

    public func delete(_ request: DeleteRequest) async throws -> DeleteResponse {
        let kind = request.kind
        let c = try control.get(provider: "haproxy")
        let name = request.current.attributes["name"]?.stringValue ?? request.current.id
        let handler = try Self.kinds.handler(kind)
        let path = c.settings.file(kind: kind, name: name)
        try await c.serialized {
            guard FileChange.read(path) != nil else { return }
            try c.reloadWith("haproxy.\(kind) \"\(name)\"", [path: nil], freshBackend: handler == .backend ? name : nil)
        }
        return DeleteResponse()
    }

    /// The id is the backend's or frontend's name.
    public func importResource(_ request: ImportRequest) async throws -> ImportResponse {
        guard ResourceName.isValid(request.id) else {
            throw ProviderError("\"\(request.id)\" is not an haproxy.\(request.kind) name", hint: ResourceName.rule)
        }
        return ImportResponse(object: try await load(kind: request.kind, name: request.id))
    }

    /// A create cut short: the file, if written and loaded, is the resource.
    public func adopt(_ request: AdoptRequest) async throws -> AdoptResponse {
        guard let name = request.properties["name"]?.stringValue, ResourceName.isValid(name) else { return AdoptResponse(object: nil) }
        return AdoptResponse(object: try await load(kind: request.kind, name: name))
    }

    private func write(kind: String, prior: ResourceObject?, properties: [String: Value]) async throws -> ResourceObject {
        let c = try control.get(provider: "haproxy")
        switch try Self.kinds.handler(kind) {
        case .backend:
            let desired = try Backend(properties: properties)
            let before = prior.flatMap { try? Backend(properties: $0.attributes) }
            let path = c.settings.file(kind: kind, name: desired.name)
            try await c.serialized { try Self.apply(desired, before: before, path: path, control: c) }
            return object(name: desired.name, path: path, desired.attributes)
        case .frontend:
            let desired = try Frontend(properties: properties)
            let path = c.settings.file(kind: kind, name: desired.name)
            try await c.serialized {
                try c.reloadWith("haproxy.frontend \"\(desired.name)\"", [path: desired.render()])
                guard try c.frontendIsLive(desired.name) else { throw Self.notLoaded("frontend", desired.name) }
            }
            return object(name: desired.name, path: path, desired.attributes)
        }
    }

    /// Weights and states alone change at runtime; anything else (or a backend HAProxy has not
    /// loaded as configured) rewrites the file and reloads, then sets weights and states.
    private static func apply(_ desired: Backend, before: Backend?, path: String, control c: HAProxyControl) throws {
        let label = "haproxy.backend \"\(desired.name)\""
        let live = try c.liveServers(desired.name)
        let running = FileChange.read(path).flatMap { text in live.map { Backend.parse(name: desired.name, text: text).overlaid(with: $0) }
        }
        let runtimeOnly =
            before?.structure == desired.structure
            && running?.servers.map { [$0.name, $0.address] } == desired.servers.map { [$0.name, $0.address] }
        if runtimeOnly {
            for s in desired.servers {
                let now = live?.first { $0.name == s.name }
                if now?.weight != s.weight || now?.state != s.state { try c.setRuntime(backend: desired.name, s) }
            }
            try c.rewrite(path, desired.render())
        } else {
            try c.reloadWith(label, [path: desired.render()], freshBackend: desired.name)
            guard try c.liveServers(desired.name)?.map(\.name) == desired.servers.map(\.name) else {
                throw notLoaded("backend", desired.name)
            }
            for s in desired.servers { try c.setRuntime(backend: desired.name, s) }
        }
    }

    private static func notLoaded(_ kind: String, _ name: String) -> ProviderError {
        ProviderError(
            "HAProxy reloaded, but its new worker does not run \(kind) \"\(name)\" as written",
            hint: "check that HAProxy is started with -f on conf_dir and that no other file defines \(kind) \(name)")
    }

    private func load(kind: String, name: String) async throws -> ResourceObject? {
        let c = try control.get(provider: "haproxy")
        let handler = try Self.kinds.handler(kind)
        let path = c.settings.file(kind: kind, name: name)
        guard let text = FileChange.read(path) else { return nil }
        if handler == .backend {
            // A backend the running HAProxy has not loaded is not there yet: planned as a create.
            guard let live = try c.liveServers(name) else { return nil }
            return object(name: name, path: path, Backend.parse(name: name, text: text).overlaid(with: live).attributes)
        }
        guard try c.frontendIsLive(name) else { return nil }
        return object(name: name, path: path, Frontend.parse(name: name, text: text).attributes)
    }

    private func object(name: String, path: String, _ attributes: [String: Value]) -> ResourceObject {
        var attrs = attributes
        attrs["id"] = .string(name)
        attrs["file"] = .string(path)
        return ResourceObject(id: name, attributes: attrs)
    }
}
