import CairnProviderKit

/// Computes the value of an `Expr` against a scope. Unknown values propagate; sensitive marks
/// carry over to every result computed from a sensitive operand.
struct ExpressionEvaluator {
    let scope: any ExpressionScope
    let budget: ExpressionBudget
    /// The current element while evaluating the body of a splat.
    var element: Value?

    init(scope: any ExpressionScope, budget: ExpressionBudget, element: Value? = nil) {
        self.scope = scope
        self.budget = budget
        self.element = element
    }

    func evaluate(_ e: Expr) throws -> Value {
        switch e.kind {
        case .literal(let v):
            return v
        case .reference(let r):
            return try resolve(r)
        case .list(let items):
            let list = Value.list(try items.map(evaluate))
            try budget.admit(list, by: "this list", at: e.location)
            return list
        case .map(let entries):
            let map = try map(entries)
            try budget.admit(map, by: "this map", at: e.location)
            return map
        case .unary(let op, let operand):
            let v = try evaluate(operand)
            if v.unmarked == .unknown { return Value.unknown.markedSensitive(v.isSensitive) }
            return try op.apply(v.unmarked, at: e.location).markedSensitive(v.isSensitive)
        case .binary(let op, let a, let b):
            return op.isLogical ? try logical(op, a, b, at: e.location) : try binary(op, a, b, at: e.location)
        case .conditional(let condition, let whenTrue, let whenFalse):
            let c = try evaluate(condition)
            switch c.unmarked {
            case .unknown: return Value.unknown.markedSensitive(c.isSensitive)
            case .bool(let b): return try evaluate(b ? whenTrue : whenFalse).markedSensitive(c.isSensitive)
            default: throw Diagnostic.error("the condition must be a bool, not \(c.kindName)", at: condition.location)
            }
        case .attribute(let base, let name):
            return try Traversal.attribute(name, of: evaluate(base), subject: base.subject, at: e.location)
        case .index(let base, let key):
            let collection = try evaluate(base)
            return try Traversal.index(evaluate(key), of: collection, subject: base.subject, at: e.location)
        case .splat(let source, let body):
            let list = try splat(source, body)
            try budget.admit(list, by: "this [*]", at: e.location)
            return list
        case .splatElement:
            return element ?? .null
        case .call(let name, let args, let expandsLast):
            return try call(name, args, expandsLast: expandsLast, at: e.location)
        }
    }

    private func resolve(_ r: Reference) throws -> Value {
        do {
            return try scope.value(of: r)
        } catch var d as Diagnostic {
            if d.location == nil { d.location = r.location }
            let parts = r.name.split(separator: "-", omittingEmptySubsequences: false)
            if d.hint == nil, parts.dropFirst().contains(where: { $0.first?.isNumber ?? true }) {
                d.hint = "\"-\" can be part of a name; to subtract, put spaces around it: a - 1"
            }
            throw d
        } catch let e as DiagnosticError {
            throw e
        } catch {
            throw Diagnostic.error("cannot read \(r): \(error)", at: r.location)
        }
    }

    private func map(_ entries: [(key: Expr, value: Expr)]) throws -> Value {
        var out: [String: Value] = [:]
        var sensitive = false
        var unknown = false
        for entry in entries {
            let key = try evaluate(entry.key)
            let value = try evaluate(entry.value)
            sensitive = sensitive || key.isSensitive
            let name: String
            switch key.unmarked {
            case .string(let s): name = s
            case .number(let n): name = Value.format(number: n)
            case .unknown:
                unknown = true
                continue
            default: throw Diagnostic.error("a map key must be a string, not \(key.kindName)", at: entry.key.location)
            }
            guard out[name] == nil else {
                throw Diagnostic.error("duplicate map key \"\(name)\"", at: entry.key.location)
            }
            out[name] = value
        }
        return (unknown ? Value.unknown : .map(out)).markedSensitive(sensitive)
    }

    private func binary(_ op: BinaryOperator, _ a: Expr, _ b: Expr, at location: SourceLocation) throws -> Value {
        let x = try evaluate(a)
        let y = try evaluate(b)
        let sensitive = x.containsSensitive || y.containsSensitive
        if x.containsUnknown || y.containsUnknown { return Value.unknown.markedSensitive(sensitive) }
        return try op.apply(x.deepUnmarked, y.deepUnmarked, at: location).markedSensitive(sensitive)
    }

    /// `&&` and `||` skip the right side once the left decides, so `x != null && x.a` works.
    private func logical(_ op: BinaryOperator, _ a: Expr, _ b: Expr, at location: SourceLocation) throws -> Value {
        let deciding = op == .or
        let x = try evaluate(a)
        let left = try truth(x, side: "left", op, a.location)
        if left == deciding { return Value.bool(deciding).markedSensitive(x.isSensitive) }
        let y = try evaluate(b)
        let right = try truth(y, side: "right", op, b.location)
        let sensitive = x.isSensitive || y.isSensitive
        if right == deciding { return Value.bool(deciding).markedSensitive(sensitive) }
        if left == nil || right == nil { return Value.unknown.markedSensitive(sensitive) }
        return Value.bool(!deciding).markedSensitive(sensitive)
    }

    /// The operand's bool, or nil when unknown.
    private func truth(_ v: Value, side: String, _ op: BinaryOperator, _ location: SourceLocation) throws -> Bool? {
        switch v.unmarked {
        case .bool(let b): return b
        case .unknown: return nil
        default:
            throw Diagnostic.error("the \(side) side of \(op.rawValue) must be a bool, not \(v.kindName)", at: location)
        }
    }

    private func splat(_ source: Expr, _ body: Expr) throws -> Value {
        let v = try evaluate(source)
        let items: [Value]
        switch v.unmarked {
        case .unknown: return Value.unknown.markedSensitive(v.isSensitive)
        case .null: items = []
        case .list(let l): items = l
        case let single: items = [single]
        }
        let mapped = try items.map { try ExpressionEvaluator(scope: scope, budget: budget, element: $0).evaluate(body) }
        return Value.list(mapped).markedSensitive(v.isSensitive)
    }

    private func call(_ name: String, _ args: [Expr], expandsLast: Bool, at location: SourceLocation) throws -> Value {
        guard let function = FunctionLibrary.function(named: name) else {
            throw FunctionLibrary.unknownFunction(name, at: location)
        }
        var values = try args.map(evaluate)
        var locations = args.map(\.location)
        if expandsLast, let last = values.popLast(), let lastLocation = locations.popLast() {
            switch last.unmarked {
            case .list(let items):
                values += items.map { $0.markedSensitive(last.isSensitive) }
                locations += Array(repeating: lastLocation, count: items.count)
            case .unknown:
                return Value.unknown.markedSensitive(last.isSensitive)
            default:
                throw Diagnostic.error("the argument before ... must be a list, not \(last.kindName)", at: lastLocation)
            }
        }
        return try function.call(values, argumentLocations: locations, at: location, scope: scope, budget: budget)
    }
}
