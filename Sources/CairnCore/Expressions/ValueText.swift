import CairnProviderKit

enum ValueText {
    /// How interpolation writes a primitive value (null as ""); nil for lists, maps and unknown.
    static func primitive(_ v: Value) -> String? {
        switch v.unmarked {
        case .string(let s): return s
        case .number(let n): return Value.format(number: n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        default: return nil
        }
    }
}
