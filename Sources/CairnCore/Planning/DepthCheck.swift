import CairnProviderKit

/// Refuses values nested deeper than state keeps, before anything is written.
enum DepthCheck {
    static func check(_ v: Value, what: String, at location: SourceLocation, address: String?) throws {
        let depth = v.nestingDepth
        guard depth > Value.maxStoredDepth else { return }
        throw Diagnostic.error("\(what) nests \(depth) levels deep; Cairn keeps values up to \(Value.maxStoredDepth) levels",
                               at: location, address: address, hint: "flatten the value, or encode it with jsonencode()")
    }
}
