import CairnProviderKit

/// Checks values against schema types, converting where users expect it ("8080" for a number).
public enum TypeCheck {
    /// The value converted to `type`, or a message saying what is wrong (with a path inside it).
    public static func conform(_ value: Value, to type: ValueType, path: String = "") -> Result<Value, TypeMismatch> {
        if case .sensitive(let inner) = value {
            switch conform(inner, to: type, path: path) {
            case .success(let v): return .success(v.markedSensitive())
            case .failure(let e):
                return .failure(TypeMismatch(path: e.path, message: "must be \(article(type)); the (sensitive) value given is not"))
            }
        }
        switch (type, value) {
        case (_, .unknown), (_, .null), (.any, _): return .success(value)
        case (.string, .string), (.number, .number), (.bool, .bool): return .success(value)
        case (.string, .number(let n)): return .success(.string(Value.format(number: n)))
        case (.string, .bool(let b)): return .success(.string(b ? "true" : "false"))
        case (.number, .string(let s)):
            if let n = Double(s) { return .success(.number(n)) }
        case (.bool, .string(let s)) where s == "true" || s == "false":
            return .success(.bool(s == "true"))
        case (.list(let el), .list(let items)):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                switch conform(item, to: el, path: "\(path)[\(i)]") {
                case .success(let v): out.append(v)
                case .failure(let e): return .failure(e)
                }
            }
            return .success(.list(out))
        case (.map(let el), .map(let m)):
            var out: [String: Value] = [:]
            for (k, v) in m {
                switch conform(v, to: el, path: "\(path)[\"\(k)\"]") {
                case .success(let c): out[k] = c
                case .failure(let e): return .failure(e)
                }
            }
            return .success(.map(out))
        case (.object(let attrs), .map(let m)):
            var out: [String: Value] = [:]
            for k in m.keys where attrs[k] == nil {
                return .failure(TypeMismatch(path: path, message: "unknown attribute \"\(k)\"",
                                             hint: Suggestion.hint(for: k, among: attrs.keys) ?? "attributes are: \(attrs.keys.sorted().joined(separator: ", "))"))
            }
            for (k, schema) in attrs {
                let v = m[k] ?? schema.defaultValue ?? .null
                if v.isNull, schema.required {
                    return .failure(TypeMismatch(path: "\(path).\(k)", message: "is required"))
                }
                switch conform(v, to: schema.type, path: "\(path).\(k)") {
                case .success(let c): if !(c.isNull && m[k] == nil) { out[k] = c }
                case .failure(let e): return .failure(e)
                }
            }
            return .success(.map(out))
        default: break
        }
        return .failure(TypeMismatch(path: path, message: "must be \(article(type)), not \(article(value))"))
    }

    static func article(_ t: ValueType) -> String {
        switch t {
        case .list, .map, .object: return "a \(t)"
        case .any: return "any value"
        default: return "a \(t)"
        }
    }

    static func article(_ v: Value) -> String {
        switch v.unmarked {
        case .null: return "null"
        case .string(let s): return "the string \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        default: return "a \(v.kindName)"
        }
    }
}

public struct TypeMismatch: Error, Sendable {
    public var path: String
    public var message: String
    public var hint: String?
}
