import CairnProviderKit

/// How values appear in human output: sensitive ones as (sensitive), unknown ones as
/// (known after apply), everything else as compact JSON-like text.
enum ValueFormatter {
    static func text(_ v: Value) -> String {
        switch v {
        case .sensitive: return "(sensitive)"
        case .unknown: return "(known after apply)"
        case .null: return "null"
        case .string(let s): return Value.string(s).jsonString()
        case .number, .bool: return v.jsonString()
        case .list(let items):
            if items.contains(where: { $0.containsSensitive || $0.containsUnknown }) {
                return "[" + items.map(text).joined(separator: ", ") + "]"
            }
            return v.jsonString()
        case .map(let m):
            if m.values.contains(where: { $0.containsSensitive || $0.containsUnknown }) {
                return "{" + m.keys.sorted().map { "\(Value.string($0).jsonString()): \(text(m[$0]!))" }.joined(separator: ", ") + "}"
            }
            return v.jsonString()
        }
    }

    /// Plain JSON for machines: sensitive values replaced by the string "(sensitive)" unless `reveal`,
    /// unknown ones by null.
    static func redacted(_ v: Value, reveal: Bool = false) -> Value {
        switch v {
        case .sensitive(let inner): return reveal ? redacted(inner, reveal: true) : .string("(sensitive)")
        case .unknown: return .null
        case .list(let l): return .list(l.map { redacted($0, reveal: reveal) })
        case .map(let m): return .map(m.mapValues { redacted($0, reveal: reveal) })
        default: return v
        }
    }
}
