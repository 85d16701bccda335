import CairnProviderKit

/// A string from a stack file that may hold `${ … }` expressions.
public struct Template: Sendable {
    enum Part: Sendable {
        case literal(String)
        /// `start` is where its `${` is.
        case expression(Expr, start: SourceLocation)
    }

    let parts: [Part]
    /// Every reference, in source order, with the location of its first character.
    public private(set) var references: [Reference]

    /// Parses a string from a stack file. `location` is where the string's first character is.
    /// `$${` stands for a literal `${`.
    public static func parse(_ text: String, at location: SourceLocation) throws -> Template {
        let source = SourceText(text, at: location)
        let s = source.scalars
        var parts: [Part] = []
        var literal = String.UnicodeScalarView()
        var references: [Reference] = []
        var i = 0
        while i < s.count {
            if s[i] == "$", source[i + 1] == "{" {
                if !literal.isEmpty { parts.append(.literal(String(literal))) }
                literal = String.UnicodeScalarView()
                let (tokens, next) = try ExpressionLexer.tokenize(source, openedAt: i)
                let expr = try ExpressionParser.parse(tokens, in: source, openedAt: i, references: &references)
                parts.append(.expression(expr, start: source.location(at: i)))
                i = next
            } else if s[i] == "$", source[i + 1] == "$", source[i + 2] == "{" {
                literal.append(contentsOf: "${".unicodeScalars)
                i += 3
            } else {
                literal.append(s[i])
                i += 1
            }
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(.literal(String(literal))) }
        return Template(parts: parts, references: references)
    }

    /// True when the text holds no `${ … }`.
    public var isLiteral: Bool {
        parts.allSatisfy { if case .literal = $0 { return true } else { return false } }
    }

    /// A text that is exactly one `${expr}` keeps the value's type; otherwise the parts are
    /// joined into a string, which is unknown if any part is and sensitive if any part is.
    public func evaluate(in scope: any ExpressionScope) throws -> Value {
        let budget = ExpressionBudget(limits: scope.evaluationLimits)
        let evaluator = ExpressionEvaluator(scope: scope, budget: budget)
        if parts.count == 1, case .expression(let e, _) = parts[0] { return try evaluator.evaluate(e) }
        var out = ""
        var bytes = 0
        var unknown = false
        var sensitive = false
        for part in parts {
            switch part {
            case .literal(let text):
                bytes += text.utf8.count
                out += text
            case .expression(let e, let start):
                let v = try evaluator.evaluate(e)
                sensitive = sensitive || v.isSensitive
                if v.unmarked == .unknown {
                    unknown = true
                } else if let text = ValueText.primitive(v) {
                    let added = text.utf8.count
                    try budget.checkString(bytes + added, by: "this string", at: start)
                    try budget.charge(added, at: start)
                    bytes += added
                    out += text
                } else {
                    throw Diagnostic.error(
                        "cannot insert a \(v.kindName) into a string", at: start,
                        hint: "turn it into text with jsonencode(…) or join(…)")
                }
            }
        }
        return (unknown ? Value.unknown : .string(out)).markedSensitive(sensitive)
    }
}
