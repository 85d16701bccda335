/// Which instance of a resource or module call: the only one, `[0]` of a count, or `["key"]` of a
/// for_each.
public enum InstanceKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    case none
    case index(Int)
    case key(String)

    /// `""`, `[0]` or `["a"]`, with `"` and `\` in a string key escaped so the text parses back.
    public var description: String {
        switch self {
        case .none: return ""
        case .index(let i): return "[\(i)]"
        case .key(let k): return "[" + Self.quoted(k) + "]"
        }
    }

    /// Orders no key first, then indexes by number, then string keys.
    public static func < (a: InstanceKey, b: InstanceKey) -> Bool {
        switch (a, b) {
        case (.index(let x), .index(let y)): return x < y
        case (.key(let x), .key(let y)): return x < y
        case (.none, .none): return false
        case (.none, _): return true
        case (.index, .key): return true
        default: return false
        }
    }

    static func quoted(_ text: String) -> String {
        // The usual key needs no escape: one scan, no copy.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
