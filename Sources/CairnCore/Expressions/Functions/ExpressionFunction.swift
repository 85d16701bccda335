import CairnProviderKit

/// A built-in function callable from expressions.
struct ExpressionFunction: Sendable {
    enum Marks: Sendable {
        /// Arguments arrive with every sensitive mark removed; the result is sensitive when any
        /// argument held a sensitive value anywhere inside.
        case deep
        /// Only top-level marks are removed, so elements passed through keep their own marks.
        case shallow
    }

    let name: String
    /// Parameter names for messages: "separator, list".
    let parameters: String
    let arity: ClosedRange<Int>
    /// When false, any unknown inside any argument makes the result unknown. When true, only a
    /// wholly unknown argument does, and the body copes with unknowns inside collections.
    let acceptsPartialUnknown: Bool
    let marks: Marks
    let body: @Sendable (FunctionCall) throws -> Value

    init(
        _ name: String, _ parameters: String, arity: ClosedRange<Int>, acceptsPartialUnknown: Bool = false,
        marks: Marks = .deep, body: @escaping @Sendable (FunctionCall) throws -> Value
    ) {
        self.name = name
        self.parameters = parameters
        self.arity = arity
        self.acceptsPartialUnknown = acceptsPartialUnknown
        self.marks = marks
        self.body = body
    }

    var signature: String { "\(name)(\(parameters))" }

    func call(
        _ args: [Value], argumentLocations: [SourceLocation], at location: SourceLocation,
        scope: any ExpressionScope, budget: ExpressionBudget
    ) throws -> Value {
        guard arity.contains(args.count) else {
            let expected: String
            if arity.upperBound == Int.max {
                expected = "at least \(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
            } else if arity.count == 1 {
                expected = "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
            } else {
                expected = "\(arity.lowerBound) to \(arity.upperBound) arguments"
            }
            throw Diagnostic.error("\(name) expects \(expected), got \(args.count)", at: location, hint: "use \(signature)")
        }
        let sensitive = marks == .deep ? args.contains(where: \.containsSensitive) : args.contains(where: \.isSensitive)
        let unknown =
            acceptsPartialUnknown
            ? args.contains { $0.unmarked == .unknown } : args.contains(where: \.containsUnknown)
        if unknown { return Value.unknown.markedSensitive(sensitive) }
        let prepared = marks == .deep ? args.map(\.deepUnmarked) : args.map(\.unmarked)
        let context = FunctionCall(
            function: self, args: prepared, argumentLocations: argumentLocations,
            location: location, scope: scope, budget: budget,
            sensitiveArguments: Set(args.indices.filter { args[$0].containsSensitive }))
        let result = try body(context)
        try budget.admit(result, by: "\(name)()", at: location)
        return result.markedSensitive(sensitive)
    }
}

/// One call of a function: its arguments and helpers that check their types.
struct FunctionCall {
    let function: ExpressionFunction
    let args: [Value]
    let argumentLocations: [SourceLocation]
    let location: SourceLocation
    let scope: any ExpressionScope
    let budget: ExpressionBudget
    let sensitiveArguments: Set<Int>

    var count: Int { args.count }

    subscript(_ i: Int) -> Value { args[i] }

    /// `text` (taken from argument `i`) for an error message, or a placeholder when the
    /// argument is sensitive.
    func shown(_ i: Int, _ text: String) -> String {
        sensitiveArguments.contains(i) ? "(sensitive value)" : text
    }

    /// Throws, before anything is built, when a string of `bytes` would be over the limit.
    func ensureString(_ bytes: Int) throws {
        try budget.checkString(bytes, by: "\(function.name)()", at: location)
    }

    /// Throws, before anything is built, when a list or map of `elements` would be over the limit.
    func ensureCollection(_ elements: Int) throws {
        try budget.checkCollection(elements, by: "\(function.name)()", at: location)
    }

    /// A diagnostic naming the function, at the argument when one is given.
    func error(_ message: String, argument: Int? = nil, hint: String? = nil) -> Diagnostic {
        let at = argument.flatMap { $0 < argumentLocations.count ? argumentLocations[$0] : nil } ?? location
        return Diagnostic.error("\(function.name): \(message)", at: at, hint: hint)
    }

    private func wrongType(_ i: Int, _ expected: String) -> Diagnostic {
        error(
            "argument \(i + 1) must be \(expected), not \(args[i].kindName)", argument: i,
            hint: "use \(function.signature)")
    }

    func string(_ i: Int) throws -> String {
        guard case .string(let s) = args[i] else { throw wrongType(i, "a string") }
        return s
    }

    func number(_ i: Int) throws -> Double {
        guard case .number(let n) = args[i] else { throw wrongType(i, "a number") }
        return n
    }

    func integer(_ i: Int) throws -> Int {
        let n = try number(i)
        guard let whole = args[i].intValue else {
            throw error("argument \(i + 1) must be a whole number, not \(shown(i, Value.format(number: n)))", argument: i)
        }
        return whole
    }

    func list(_ i: Int) throws -> [Value] {
        guard case .list(let l) = args[i] else { throw wrongType(i, "a list") }
        return l
    }

    func map(_ i: Int) throws -> [String: Value] {
        guard case .map(let m) = args[i] else { throw wrongType(i, "a map") }
        return m
    }

    /// A string, number or bool as interpolation writes it.
    func text(_ i: Int) throws -> String {
        guard let s = ValueText.primitive(args[i]), args[i] != .null else {
            throw wrongType(i, "a string, number or bool")
        }
        return s
    }
}
