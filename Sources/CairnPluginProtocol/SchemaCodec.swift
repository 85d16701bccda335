import CairnProviderKit

/// A provider's schema as the `schema` call returns it:
/// `{"config": {PROP…}, "resources": {KIND: {"description", "properties": {PROP…}}}, "data_sources": {…}}`.
/// The provider's name and version travel in the handshake instead.
public enum SchemaCodec {
    public static func encode(_ s: ProviderSchema) -> Value {
        .map([
            "config": encode(s.config),
            "resources": .map(s.resources.mapValues(encode)),
            "data_sources": .map(s.dataSources.mapValues(encode)),
        ])
    }

    public static func decode(_ v: Value, name: String, version: String) throws(PluginDecodeError) -> ProviderSchema {
        let f = try PluginFields(v, at: "schema")
        var resources: [String: ResourceSchema] = [:]
        var dataSources: [String: ResourceSchema] = [:]
        for (kind, rs) in try f.map("resources") {
            resources[kind] = try resource(rs, at: "schema.resources.\(kind)")
        }
        for (kind, rs) in try f.map("data_sources") {
            dataSources[kind] = try resource(rs, at: "schema.data_sources.\(kind)")
        }
        return ProviderSchema(
            name: name, version: version, config: try properties(f.map("config"), at: "schema.config"),
            resources: resources, dataSources: dataSources)
    }

    static func encode(_ rs: ResourceSchema) -> Value {
        var m: [String: Value] = ["properties": encode(rs.properties)]
        if !rs.description.isEmpty { m["description"] = .string(rs.description) }
        return .map(m)
    }

    static func encode(_ props: [String: PropertySchema]) -> Value {
        .map(props.mapValues(encode))
    }

    static func encode(_ p: PropertySchema) -> Value {
        var m: [String: Value] = ["type": encode(p.type)]
        for (key, flag) in [
            ("required", p.required), ("optional", p.optional), ("computed", p.computed),
            ("force_new", p.forceNew), ("sensitive", p.sensitive),
        ] where flag {
            m[key] = true
        }
        if let d = p.defaultValue { m["default"] = d }
        if !p.description.isEmpty { m["description"] = .string(p.description) }
        return .map(m)
    }

    static func encode(_ t: ValueType) -> Value {
        switch t {
        case .any: return "any"
        case .string: return "string"
        case .number: return "number"
        case .bool: return "bool"
        case .list(let e): return .map(["list": encode(e)])
        case .map(let e): return .map(["map": encode(e)])
        case .object(let attrs): return .map(["object": encode(attrs)])
        }
    }

    static func resource(_ v: Value, at path: String) throws(PluginDecodeError) -> ResourceSchema {
        let f = try PluginFields(v, at: path)
        return ResourceSchema(
            description: try f.optionalString("description") ?? "",
            properties: try properties(f.map("properties"), at: "\(path).properties"))
    }

    static func properties(_ m: [String: Value], at path: String) throws(PluginDecodeError) -> [String: PropertySchema] {
        var out: [String: PropertySchema] = [:]
        for (name, v) in m { out[name] = try property(v, at: "\(path).\(name)") }
        return out
    }

    static func property(_ v: Value, at path: String) throws(PluginDecodeError) -> PropertySchema {
        let f = try PluginFields(v, at: path)
        let required = try f.bool("required")
        let computed = try f.bool("computed")
        if required && computed { throw PluginDecodeError("\(path) cannot be both required and computed") }
        let d = f.value("default")
        return PropertySchema(
            try type(f.value("type"), at: "\(path).type"), required: required, computed: computed,
            optional: try f.bool("optional"), default: d.isNull ? Value?.none : d,
            forceNew: try f.bool("force_new"), sensitive: try f.bool("sensitive"),
            description: try f.optionalString("description") ?? "")
    }

    static func type(_ v: Value, at path: String) throws(PluginDecodeError) -> ValueType {
        let expected = #""string", "number", "bool", "any", {"list": TYPE}, {"map": TYPE} or {"object": {PROP…}}"#
        if let s = v.stringValue {
            switch s {
            case "string": return .string
            case "number": return .number
            case "bool": return .bool
            case "any": return .any
            default: throw PluginDecodeError("\(path): unknown type \"\(s)\"; expected \(expected)")
            }
        }
        guard let m = v.mapValue, m.count == 1, let (key, inner) = m.first else {
            throw PluginDecodeError("\(path) must be \(expected)")
        }
        switch key {
        case "list": return .list(try type(inner, at: "\(path).list"))
        case "map": return .map(try type(inner, at: "\(path).map"))
        case "object":
            guard let attrs = inner.mapValue else { throw PluginDecodeError("\(path).object must be an object of properties") }
            return .object(try properties(attrs, at: "\(path).object"))
        default: throw PluginDecodeError("\(path): unknown type \"\(key)\"; expected \(expected)")
        }
    }
}
