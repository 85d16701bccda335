import Foundation

/// JSON encoding of values. Plain JSON for null/bool/number/string/list/map; `unknown` and
/// `sensitive` are wrapped in single-key objects (`{"$unknown":true}`, `{"$sensitive":…}`) so a
/// round trip keeps them. Keys are sorted so the same value always encodes to the same bytes.
///
/// Text is written by `jsonString()` and read by `parseJSON` (`ValueJSONReader`). The Codable
/// conformance is only for values inside other Codable types (the plan file, `ResourceObject`);
/// it reads wrappers by the same rule, `unwrapping(key:_:)`.
extension Value: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
            return
        }
        if let b = try? c.decode(Bool.self) {
            self = .bool(b)
            return
        }
        if let n = try? c.decode(Double.self) {
            self = .number(n)
            return
        }
        if let s = try? c.decode(String.self) {
            self = .string(s)
            return
        }
        if let l = try? c.decode([Value].self) {
            self = .list(l)
            return
        }
        let m = try c.decode([String: Value].self)
        if m.count == 1, let (key, inner) = m.first, let marked = Value.unwrapping(key: key, inner) {
            self = marked
        } else {
            self = .map(m)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .list(let l): try c.encode(l)
        case .map(let m): try c.encode(m)
        case .unknown: try c.encode(["$unknown": true])
        case .sensitive(let v): try c.encode(["$sensitive": v])
        }
    }
}

extension Value {
    /// Compact JSON text with sorted keys. `unknown`/`sensitive` use the wrapper objects.
    public func jsonString(pretty: Bool = false) -> String {
        var out = ""
        writeJSON(into: &out, pretty: pretty, indent: 0)
        return out
    }

    /// Plain JSON (what `jsonencode` produces): sensitive marks dropped, unknown as null.
    public func plainJSONString() -> String { deepUnmarked.replacingUnknown(with: .null).jsonString() }

    public func replacingUnknown(with v: Value) -> Value {
        switch self {
        case .unknown: return v
        case .list(let l): return .list(l.map { $0.replacingUnknown(with: v) })
        case .map(let m): return .map(m.mapValues { $0.replacingUnknown(with: v) })
        case .sensitive(let inner): return .sensitive(inner.replacingUnknown(with: v))
        default: return self
        }
    }

    private func writeJSON(into out: inout String, pretty: Bool, indent: Int) {
        let nl = pretty ? "\n" : ""
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.isFinite ? Value.format(number: n) : "null"
        case .string(let s): Value.writeJSONString(s, into: &out)
        case .list(let l):
            if l.isEmpty {
                out += "[]"
                return
            }
            out += "[" + nl
            for (i, item) in l.enumerated() {
                out += pad
                item.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
                out += (i < l.count - 1 ? "," : "") + nl
            }
            out += closePad + "]"
        case .map(let m):
            if m.isEmpty {
                out += "{}"
                return
            }
            out += "{" + nl
            let entries = m.sorted { $0.key < $1.key }
            for (i, entry) in entries.enumerated() {
                out += pad
                Value.writeJSONString(entry.key, into: &out)
                out += pretty ? ": " : ":"
                entry.value.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
                out += (i < entries.count - 1 ? "," : "") + nl
            }
            out += closePad + "}"
        case .unknown: out += #"{"$unknown":true}"#
        case .sensitive(let v):
            out += #"{"$sensitive":"#
            v.writeJSON(into: &out, pretty: false, indent: 0)
            out += "}"
        }
    }

    static func writeJSONString(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: append them whole. Only ASCII is ever escaped, and no byte
        // of a multi-byte UTF-8 sequence is ASCII, so checking the bytes is exact.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// Parses JSON text into a value (plain JSON; wrapper objects are recognised).
    public static func parseJSON(_ text: String) throws(ValueJSONReadError) -> Value {
        try ValueJSONReader.value(from: Data(text.utf8))
    }

    /// Parses JSON bytes into a value (plain JSON; wrapper objects are recognised).
    public static func parseJSON(_ data: Data) throws(ValueJSONReadError) -> Value {
        try ValueJSONReader.value(from: data)
    }

    /// Parses JSON written by someone else (`jsondecode`): every object is a map, even
    /// `{"$unknown":true}`.
    public static func parsePlainJSON(_ data: Data) throws(ValueJSONReadError) -> Value {
        try ValueJSONReader.value(from: data, wrappers: false)
    }

    /// What the one-entry JSON object `{key: inner}` stands for, if it is a wrapper:
    /// `{"$unknown": …}` is `.unknown`, `{"$sensitive": v}` is `.sensitive(v)`; nil for a plain
    /// map. The one rule both decoders follow.
    static func unwrapping(key: String, _ inner: Value) -> Value? {
        switch key {
        case "$unknown": return .unknown
        case "$sensitive": return .sensitive(inner)
        default: return nil
        }
    }
}
