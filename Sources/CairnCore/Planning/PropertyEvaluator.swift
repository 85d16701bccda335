import CairnAddresses
import CairnProviderKit

/// Evaluates a block's properties and checks them against the schema.
enum PropertyEvaluator {
    /// `facts` are `schema`'s, taken once per type by callers that plan many instances of it.
    static func evaluate(
        _ decl: ResourceDecl, scope: EvaluationScope, schema: ResourceSchema, facts: Differ.Facts,
        address: ResourceInstanceAddress
    ) throws -> [String: Value] {
        var bag = DiagnosticBag()
        // Room for the defaults too; created at that size (reserving takes an unspecialised path).
        var values = [String: Value](minimumCapacity: schema.properties.count)
        for (key, _, expr) in decl.properties {
            guard let prop = schema.properties[key] else { continue } // the validator reported it
            bag.capture {
                let v = try expr.evaluate(in: scope)
                try DepthCheck.check(v, what: "property \"\(key)\"", at: expr.location, address: address)
                switch TypeCheck.conform(v, to: prop.type) {
                case .success(let c): values[key] = c
                case .failure(let e):
                    throw Diagnostic.error("property \"\(key)\(e.path)\" \(e.message)", at: expr.location, address: address, hint: e.hint)
                }
                if prop.required, values[key]?.isNull == true {
                    throw Diagnostic.error("required property \"\(key)\" is null", at: expr.location, address: address)
                }
            }
        }
        try bag.throwIfErrors()
        Differ.fillDefaults(&values, facts: facts)
        return values
    }
}
