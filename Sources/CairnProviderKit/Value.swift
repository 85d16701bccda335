import Foundation

/// A dynamically typed configuration or state value.
///
/// `unknown` stands for a value known only after apply. `sensitive` marks a value that must never be
/// printed; operations on a sensitive value yield a sensitive result.
public indirect enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([Value])
    case map([String: Value])
    case unknown
    case sensitive(Value)
}

extension Value {
    public var isNull: Bool { if case .null = unmarked { return true } else { return false } }

    /// True when the value or anything inside it is unknown.
    public var containsUnknown: Bool {
        switch self {
        case .unknown: return true
        case .sensitive(let v): return v.containsUnknown
        case .list(let items): return items.contains { $0.containsUnknown }
        case .map(let m): return m.values.contains { $0.containsUnknown }
        default: return false
        }
    }

    /// True when the value itself is marked sensitive (not looking inside collections).
    public var isSensitive: Bool { if case .sensitive = self { return true } else { return false } }

    /// True when the value or anything inside it is sensitive.
    public var containsSensitive: Bool {
        switch self {
        case .sensitive: return true
        case .list(let items): return Self.anySensitive(items)
        case .map(let m): return Self.anySensitive(m)
        default: return false
        }
    }

    // Walked by index: the elements are read in place, where an iterator hands out a retained
    // copy of each. Every plan asks this of every attribute of every resource, more than once.
    static func anySensitive(_ items: [Value]) -> Bool {
        for i in items.indices where items[i].containsSensitive { return true }
        return false
    }

    static func anySensitive(_ map: [String: Value]) -> Bool {
        let values = map.values
        var i = values.startIndex
        while i != values.endIndex {
            if values[i].containsSensitive { return true }
            values.formIndex(after: &i)
        }
        return false
    }

    /// The value without its outer sensitive mark(s).
    public var unmarked: Value {
        if case .sensitive(let v) = self { return v.unmarked }
        return self
    }

    /// The value with every sensitive mark removed, deep. A collection with no mark inside is
    /// returned as it is, sharing its storage instead of being rebuilt.
    public var deepUnmarked: Value {
        switch self {
        case .sensitive(let v): return v.deepUnmarked
        case .list(let items): return Self.anySensitive(items) ? .list(items.map(\.deepUnmarked)) : self
        case .map(let m): return Self.anySensitive(m) ? .map(m.mapValues(\.deepUnmarked)) : self
        default: return self
        }
    }

    /// Marks the value sensitive (idempotent).
    public func markedSensitive(_ flag: Bool = true) -> Value {
        guard flag else { return self }
        if case .sensitive = self { return self }
        return .sensitive(self)
    }

    public var stringValue: String? { if case .string(let s) = unmarked { return s } else { return nil } }
    public var numberValue: Double? { if case .number(let n) = unmarked { return n } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = unmarked { return b } else { return nil } }
    public var listValue: [Value]? { if case .list(let l) = unmarked { return l } else { return nil } }
    public var mapValue: [String: Value]? { if case .map(let m) = unmarked { return m } else { return nil } }
    public var intValue: Int? {
        guard let n = numberValue, n.isFinite, n == n.rounded(), abs(n) < 9.0e15 else { return nil }
        return Int(n)
    }

    /// Name of the value's kind, for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .map: return "map"
        case .unknown: return "unknown"
        case .sensitive(let v): return v.kindName
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension Value {
    /// Formats a number the way users write it: integers without a fraction.
    public static func format(number n: Double) -> String {
        if n.isFinite, n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return String(n)
    }
}

extension Value {
    /// The deepest list/map nesting inside, computed without recursion. State keeps values up to
    /// `Value.maxStoredDepth` deep.
    public var nestingDepth: Int {
        var deepest = 0
        var stack: [(Value, Int)] = [(self, 0)]
        while let (v, d) = stack.popLast() {
            deepest = max(deepest, d)
            switch v {
            case .list(let l): for i in l { stack.append((i, d + 1)) }
            case .map(let m): for i in m.values { stack.append((i, d + 1)) }
            case .sensitive(let i): stack.append((i, d))
            default: break
            }
        }
        return deepest
    }

    public static let maxStoredDepth = 256
}

extension Dictionary where Key == String, Value == CairnProviderKit.Value {
    /// Every value with its sensitive marks removed, deep; the same storage when nothing is marked.
    public var deepUnmarked: [String: CairnProviderKit.Value] {
        CairnProviderKit.Value.anySensitive(self) ? mapValues(\.deepUnmarked) : self
    }
}
