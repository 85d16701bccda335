import CairnProviderKit

/// Refuses values nested deeper than state keeps, before anything is written.
enum DepthCheck {
    /// `what` names the value in the error; it is only built when there is one.
    static func check(_ v: Value, what: @autoclosure () -> String, at location: SourceLocation, address: String?) throws {
        guard nests(v, deeperThan: Value.maxStoredDepth) else { return }
        let depth = v.nestingDepth
        throw Diagnostic.error("\(what()) nests \(depth) levels deep; Cairn keeps values up to \(Value.maxStoredDepth) levels",
                               at: location, address: address, hint: "flatten the value, or encode it with jsonencode()")
    }

    /// Whether `v.nestingDepth > limit`, found without a work list and without looking below
    /// `limit` levels: the check runs on every property of every instance, nearly always shallow.
    static func nests(_ v: Value, deeperThan limit: Int) -> Bool {
        if limit < 0 { return true }
        switch v {
        case .sensitive(let inner): return nests(inner, deeperThan: limit)
        case .list(let items): return items.contains { nests($0, deeperThan: limit - 1) }
        case .map(let entries): return entries.values.contains { nests($0, deeperThan: limit - 1) }
        default: return false
        }
    }
}
