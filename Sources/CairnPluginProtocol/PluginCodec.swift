import CairnProviderKit

/// The JSON shapes of the values calls carry: objects, issues, planned attributes, the handshake.
public enum PluginCodec {
    /// `{"id": "…", "attributes": {…}}`
    public static func encode(_ o: ResourceObject) -> Value {
        .map(["id": .string(o.id), "attributes": .map(o.attributes)])
    }

    public static func encode(_ o: ResourceObject?) -> Value {
        o.map { encode($0) } ?? .null
    }

    public static func object(_ v: Value, at path: String) throws(PluginDecodeError) -> ResourceObject {
        let f = try PluginFields(v, at: path)
        let id = try f.string("id")
        if id.isEmpty { throw PluginDecodeError("\(path).id must not be empty") }
        return ResourceObject(id: id, attributes: try f.map("attributes"))
    }

    /// An object, or null for "none" (gone, nothing to import or adopt).
    public static func optionalObject(_ v: Value, at path: String) throws(PluginDecodeError) -> ResourceObject? {
        v.isNull ? nil : try object(v, at: path)
    }

    /// `{"issues": [{"property": "name" or null, "message": "…", "hint": "…"}]}`
    public static func encode(_ issues: [ProviderIssue]) -> Value {
        .map([
            "issues": .list(
                issues.map { i in
                    var m: [String: Value] = ["message": .string(i.message), "property": i.property.map(Value.string) ?? .null]
                    if let h = i.hint { m["hint"] = .string(h) }
                    return .map(m)
                })
        ])
    }

    public static func issues(_ v: Value, at path: String) throws(PluginDecodeError) -> [ProviderIssue] {
        if v.isNull { return [] }
        var out: [ProviderIssue] = []
        for (i, item) in try PluginFields(v, at: path).list("issues").enumerated() {
            let f = try PluginFields(item, at: "\(path).issues[\(i)]")
            out.append(
                ProviderIssue(
                    property: try f.optionalString("property"), message: try f.string("message"),
                    hint: try f.optionalString("hint")))
        }
        return out
    }

    /// `{"attributes": {…}, "requires_replace": ["name", …]}`
    public static func encode(_ p: PlanResponse) -> Value {
        .map(["attributes": .map(p.attributes), "requires_replace": .list(p.requiresReplace.sorted().map(Value.string))])
    }

    /// The planned attributes, or nil when the answer leaves planning to Cairn (no `attributes`);
    /// `requires_replace` counts either way.
    public static func planned(_ v: Value, at path: String) throws(PluginDecodeError) -> (
        attributes: [String: Value]?, requiresReplace: Set<String>
    ) {
        if v.isNull { return (nil, []) }
        let f = try PluginFields(v, at: path)
        var names: Set<String> = []
        for (i, n) in try f.list("requires_replace").enumerated() {
            guard let s = n.stringValue else { throw PluginDecodeError("\(path).requires_replace[\(i)] must be a string") }
            names.insert(s)
        }
        return (f.has("attributes") ? try f.map("attributes") : nil, names)
    }

    /// `{"attributes": {…}}`, a data source's answer.
    public static func attributes(_ v: Value, at path: String) throws(PluginDecodeError) -> [String: Value] {
        try PluginFields(v, at: path).map("attributes")
    }
}

/// The host's first call: which protocol versions it speaks.
public struct HandshakeRequest: Sendable, Hashable {
    public var cairnVersion: String
    public var versions: ClosedRange<Int>

    public init(cairnVersion: String, versions: ClosedRange<Int> = PluginProtocol.supportedVersions) {
        self.cairnVersion = cairnVersion
        self.versions = versions
    }

    /// `{"cairn_version": "0.1.0", "protocol": {"min": 1, "max": 1}}`
    public var params: Value {
        .map([
            "cairn_version": .string(cairnVersion),
            "protocol": .map(["min": .number(Double(versions.lowerBound)), "max": .number(Double(versions.upperBound))]),
        ])
    }

    public init(params: Value) throws(PluginDecodeError) {
        let f = try PluginFields(params, at: "params")
        let p = try f.object("protocol")
        let lo = try p.int("min")
        let hi = try p.int("max")
        guard lo <= hi else { throw PluginDecodeError("params.protocol.min must not exceed max") }
        self.init(cairnVersion: try f.optionalString("cairn_version") ?? "", versions: lo...hi)
    }
}

/// The plugin's answer to the handshake: the version it chose, its name and its own version.
public struct HandshakeReply: Sendable, Hashable {
    public var protocolVersion: Int
    public var name: String
    public var version: String

    public init(protocolVersion: Int, name: String, version: String) {
        self.protocolVersion = protocolVersion
        self.name = name
        self.version = version
    }

    /// `{"protocol": 1, "name": "inventory", "version": "1.0.0"}`
    public var result: Value {
        .map(["protocol": .number(Double(protocolVersion)), "name": .string(name), "version": .string(version)])
    }

    public init(result: Value) throws(PluginDecodeError) {
        let f = try PluginFields(result, at: "result")
        self.init(protocolVersion: try f.int("protocol"), name: try f.string("name"), version: try f.optionalString("version") ?? "")
    }
}
