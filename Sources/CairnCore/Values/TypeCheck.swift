import CairnProviderKit

/// Checks values against schema types, converting where users expect it ("8080" for a number).
public enum TypeCheck {
    /// The value converted to `type`, or a message saying what is wrong (with a path inside it).
    public static func conform(_ value: Value, to type: ValueType, path: String = "") -> Result<Value, TypeMismatch> {
        switch converted(value, to: type) {
        case .success(let v): return .success(v ?? value)
        case .failure(let e): return .failure(path.isEmpty ? e : e.under(path))
        }
    }

    /// nil when `value` conforms as it is, which is most of the time: a collection is rebuilt only
    /// when an element converts, and paths (relative to `value`) are spelled out only for errors.
    private static func converted(_ value: Value, to type: ValueType) -> Result<Value?, TypeMismatch> {
        if case .sensitive(let inner) = value {
            switch converted(inner, to: type) {
            case .success(let v): return .success((v ?? inner).markedSensitive())
            case .failure(let e):
                return .failure(TypeMismatch(path: e.path, message: "must be \(article(type)); the (sensitive) value given is not"))
            }
        }
        switch (type, value) {
        case (_, .unknown), (_, .null), (.any, _): return .success(nil)
        case (.string, .string), (.number, .number), (.bool, .bool): return .success(nil)
        case (.string, .number(let n)): return .success(.string(Value.format(number: n)))
        case (.string, .bool(let b)): return .success(.string(b ? "true" : "false"))
        case (.number, .string(let s)):
            if let n = Double(s) { return .success(.number(n)) }
        case (.bool, .string(let s)) where s == "true" || s == "false":
            return .success(.bool(s == "true"))
        case (.list(let el), .list(let items)):
            var out: [Value]?
            for (i, item) in items.enumerated() {
                switch converted(item, to: el) {
                case .success(nil): continue
                case .success(let v?):
                    if out == nil { out = items }
                    out![i] = v
                case .failure(let e): return .failure(e.under("[\(i)]"))
                }
            }
            return .success(out.map(Value.list))
        case (.map(let el), .map(let m)):
            var out: [String: Value]?
            for (k, v) in m {
                switch converted(v, to: el) {
                case .success(nil): continue
                case .success(let c?):
                    if out == nil { out = m }
                    out![k] = c
                case .failure(let e): return .failure(e.under("[\"\(k)\"]"))
                }
            }
            return .success(out.map(Value.map))
        case (.object(let attrs), .map(let m)):
            var out: [String: Value] = [:]
            for k in m.keys where attrs[k] == nil {
                return .failure(
                    TypeMismatch(
                        path: "", message: "unknown attribute \"\(k)\"",
                        hint: Suggestion.hint(for: k, among: attrs.keys) ?? "attributes are: \(attrs.keys.sorted().joined(separator: ", "))"
                    ))
            }
            for (k, schema) in attrs {
                let v = m[k] ?? schema.defaultValue ?? .null
                if v.isNull, schema.required {
                    return .failure(TypeMismatch(path: ".\(k)", message: "is required"))
                }
                switch converted(v, to: schema.type) {
                case .success(let c):
                    let c = c ?? v
                    if !(c.isNull && m[k] == nil) { out[k] = c }
                case .failure(let e): return .failure(e.under(".\(k)"))
                }
            }
            return .success(.map(out))
        default: break
        }
        return .failure(TypeMismatch(path: "", message: "must be \(article(type)), not \(article(value))"))
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

    /// The same mismatch seen from the value that holds this one at `prefix`.
    func under(_ prefix: String) -> TypeMismatch {
        TypeMismatch(path: prefix + path, message: message, hint: hint)
    }
}
