/// Which instance of a resource: the only one, `[0]` of a count, or `["key"]` of a for_each.
public enum InstanceKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    case none
    case index(Int)
    case key(String)

    public var description: String {
        switch self {
        case .none: return ""
        case .index(let i): return "[\(i)]"
        case .key(let k): return "[\"\(k)\"]"
        }
    }

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
}

/// A resource instance address: `site`, `backend[0]`, `backend["a"]`, `data.zone`.
public struct Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `site` or `data.zone`.
    public var resource: String
    public var key: InstanceKey

    public init(resource: String, key: InstanceKey = .none) {
        self.resource = resource
        self.key = key
    }

    public var description: String { resource + key.description }

    public static func < (a: Address, b: Address) -> Bool {
        a.resource == b.resource ? a.key < b.key : a.resource < b.resource
    }

    /// Parses `name`, `name[3]`, `name["k"]`, `data.name[…]`; nil when malformed.
    public static func parse(_ text: String) -> Address? {
        var s = Substring(text)
        var key = InstanceKey.none
        if s.hasSuffix("]"), let open = s.firstIndex(of: "[") {
            let inner = s[s.index(after: open)..<s.index(before: s.endIndex)]
            if let i = Int(inner), i >= 0 {
                key = .index(i)
            } else if inner.count >= 2, inner.hasPrefix("\""), inner.hasSuffix("\"") {
                key = .key(String(inner.dropFirst().dropLast()))
            } else {
                return nil
            }
            s = s[..<open]
        }
        let name = s.hasPrefix("data.") ? s.dropFirst(5) : s
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        return Address(resource: String(s), key: key)
    }

    /// Whether a `--target` written as `self` selects `other` (a bare name selects every instance).
    public func selects(_ other: Address) -> Bool {
        resource == other.resource && (key == .none || key == other.key)
    }
}
