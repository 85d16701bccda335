import CairnAddresses
import CairnProviderKit

/// Refuses values nested deeper than state keeps, before anything is written.
enum DepthCheck {
    /// `what` names the value in the error; it is only built when there is one.
    static func check(_ v: Value, what: @autoclosure () -> String, at location: SourceLocation, address: ResourceInstanceAddress?) throws {
        guard nests(v, deeperThan: Value.maxStoredDepth) else { return }
        let depth = v.nestingDepth
        throw Diagnostic.error(
            "\(what()) nests \(depth) levels deep; Cairn keeps values up to \(Value.maxStoredDepth) levels",
            at: location, address: address, hint: "flatten the value, or encode it with jsonencode()")
    }

    /// Whether `v.nestingDepth > limit`, found without a work list and without looking below
    /// `limit` levels: the check runs on every property of every instance, nearly always shallow.
    static func nests(_ v: Value, deeperThan limit: Int) -> Bool {
        if limit < 0 { return true }
        switch v {
        case .sensitive(let inner): return nests(inner, deeperThan: limit)
        // By index, reading elements in place (an iterator hands out retained copies).
        case .list(let items):
            for i in items.indices where nests(items[i], deeperThan: limit - 1) { return true }
            return false
        case .map(let entries):
            let values = entries.values
            var i = values.startIndex
            while i != values.endIndex {
                if nests(values[i], deeperThan: limit - 1) { return true }
                values.formIndex(after: &i)
            }
            return false
        default: return false
        }
    }
}
