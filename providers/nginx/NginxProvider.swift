import CairnProviderKit
import LoadBalancerKit

/// The `nginx` provider: upstreams and servers as one file each in `conf_dir`, every change
/// checked with `nginx -t` before a graceful `nginx -s reload`.
public struct NginxProvider: Provider {
    private let control = Configured<NginxControl>()

    public init() {}

    public var schema: ProviderSchema {
        ProviderSchema(name: "nginx", version: "0.1.0", config: NginxSettings.schema,
                       resources: ["upstream": Upstream.schema, "server": ServerBlock.schema])
    }

    public func configure(_ config: [String: Value]) async throws {
        let settings = try NginxSettings(config)
        // Files a killed run was writing hold nothing worth keeping.
        FileChange.sweepTemporaryFiles(in: settings.confDir)
        control.set(NginxControl(settings: settings))
    }

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] {
        switch kind {
        case "upstream": return Upstream.issues(properties)
        case "server": return ServerBlock.issues(properties)
        default: return [ProviderIssue(property: nil, message: unknownKind(kind).message)]
        }
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        try await write(kind: kind, properties: properties)
    }

    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        try await write(kind: kind, properties: properties)
    }

    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? {
        let name = current.attributes["name"]?.stringValue ?? current.id
        return try load(kind: kind, name: name)
    }

    public func delete(kind: String, current: ResourceObject) async throws {
        let c = try control.get(provider: "nginx")
        let name = current.attributes["name"]?.stringValue ?? current.id
        let path = c.settings.file(kind: try checked(kind), name: name)
        guard FileChange.read(path) != nil else { return }
        try await c.commit("nginx.\(kind) \"\(name)\"", [path: nil])
    }

    /// The id is the resource's name.
    public func importResource(kind: String, id: String) async throws -> ResourceObject? {
        guard ResourceName.isValid(id) else {
            throw ProviderError("\"\(id)\" is not an nginx.\(kind) name", hint: ResourceName.rule)
        }
        return try load(kind: kind, name: id)
    }

    /// A create cut short after its file was written: the file is the resource, once nginx has
    /// checked and loaded it (the run may have died before the reload). A file nginx rejects is
    /// removed and the create planned again.
    public func adopt(kind: String, properties: [String: Value]) async throws -> ResourceObject? {
        guard let name = properties["name"]?.stringValue, ResourceName.isValid(name),
              let found = try load(kind: kind, name: name) else { return nil }
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
        let (name, text, attributes): (String, String, [String: Value])
        switch try checked(kind) {
        case "upstream":
            let u = try Upstream(properties: properties)
            (name, text, attributes) = (u.name, u.render(), u.attributes)
        default:
            let s = try ServerBlock(properties: properties)
            (name, text, attributes) = (s.name, s.render(), s.attributes)
        }
        let path = c.settings.file(kind: kind, name: name)
        try await c.commit("nginx.\(kind) \"\(name)\"", [path: text])
        return object(name: name, path: path, attributes)
    }

    private func load(kind: String, name: String) throws -> ResourceObject? {
        let c = try control.get(provider: "nginx")
        let path = c.settings.file(kind: try checked(kind), name: name)
        guard let text = FileChange.read(path) else { return nil }
        let attributes = kind == "upstream"
            ? Upstream.parse(name: name, text: text).attributes
            : ServerBlock.parse(name: name, text: text).attributes
        return object(name: name, path: path, attributes)
    }

    private func object(name: String, path: String, _ attributes: [String: Value]) -> ResourceObject {
        var attrs = attributes
        attrs["id"] = .string(name)
        attrs["file"] = .string(path)
        return ResourceObject(id: name, attributes: attrs)
    }

    private func checked(_ kind: String) throws -> String {
        guard kind == "upstream" || kind == "server" else { throw unknownKind(kind) }
        return kind
    }
}
