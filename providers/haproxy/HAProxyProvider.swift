import CairnProviderKit
import LoadBalancerKit

/// The `haproxy` provider: backends and frontends as one file each in `conf_dir`. Structural
/// changes are checked with `haproxy -c` and loaded by a USR2 to the master; weights and server
/// states change through the runtime API, with no reload.
public struct HAProxyProvider: Provider {
    private let control = Configured<HAProxyControl>()

    public init() {}

    public var schema: ProviderSchema {
        ProviderSchema(name: "haproxy", version: "0.1.0", config: HAProxySettings.schema,
                       resources: ["backend": Backend.schema, "frontend": Frontend.schema])
    }

    public func configure(_ config: [String: Value]) async throws {
        let settings = try HAProxySettings(config)
        // Files a killed run was writing hold nothing worth keeping.
        FileChange.sweepTemporaryFiles(in: settings.confDir)
        control.set(HAProxyControl(settings: settings))
    }

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] {
        switch kind {
        case "backend": return Backend.issues(properties)
        case "frontend": return Frontend.issues(properties)
        default: return [ProviderIssue(property: nil, message: unknownKind(kind).message)]
        }
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        try await write(kind: kind, prior: nil, properties: properties)
    }

    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        try await write(kind: kind, prior: prior, properties: properties)
    }

    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? {
        try await load(kind: kind, name: current.attributes["name"]?.stringValue ?? current.id)
    }

    public func delete(kind: String, current: ResourceObject) async throws {
        let c = try control.get(provider: "haproxy")
        let name = current.attributes["name"]?.stringValue ?? current.id
        let path = c.settings.file(kind: try checked(kind), name: name)
        try await c.serialized {
            guard FileChange.read(path) != nil else { return }
            try c.reloadWith("haproxy.\(kind) \"\(name)\"", [path: nil], freshBackend: kind == "backend" ? name : nil)
        }
    }

    /// The id is the backend's or frontend's name.
    public func importResource(kind: String, id: String) async throws -> ResourceObject? {
        guard ResourceName.isValid(id) else { throw ProviderError("\"\(id)\" is not an haproxy.\(kind) name", hint: ResourceName.rule) }
        return try await load(kind: kind, name: id)
    }

    /// A create cut short: the file, if written and loaded, is the resource.
    public func adopt(kind: String, properties: [String: Value]) async throws -> ResourceObject? {
        guard let name = properties["name"]?.stringValue, ResourceName.isValid(name) else { return nil }
        return try await load(kind: kind, name: name)
    }

    private func write(kind: String, prior: ResourceObject?, properties: [String: Value]) async throws -> ResourceObject {
        let c = try control.get(provider: "haproxy")
        switch try checked(kind) {
        case "backend":
            let desired = try Backend(properties: properties)
            let before = prior.flatMap { try? Backend(properties: $0.attributes) }
            let path = c.settings.file(kind: kind, name: desired.name)
            try await c.serialized { try Self.apply(desired, before: before, path: path, control: c) }
            return object(name: desired.name, path: path, desired.attributes)
        default:
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
        let running = FileChange.read(path).flatMap { text in live.map { Backend.parse(name: desired.name, text: text).overlaid(with: $0) } }
        let runtimeOnly = before?.structure == desired.structure
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
        ProviderError("HAProxy reloaded, but its new worker does not run \(kind) \"\(name)\" as written",
                      hint: "check that HAProxy is started with -f on conf_dir and that no other file defines \(kind) \(name)")
    }

    private func load(kind: String, name: String) async throws -> ResourceObject? {
        let c = try control.get(provider: "haproxy")
        let path = c.settings.file(kind: try checked(kind), name: name)
        guard let text = FileChange.read(path) else { return nil }
        if kind == "backend" {
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

    private func checked(_ kind: String) throws -> String {
        guard kind == "backend" || kind == "frontend" else { throw unknownKind(kind) }
        return kind
    }
}
