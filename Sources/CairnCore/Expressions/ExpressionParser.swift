import CairnProviderKit

/// Builds an `Expr` from the tokens of one `${ … }`, recording every reference in source order.
struct ExpressionParser {
    static let maxDepth = 200
    /// Identifiers whose following `.name` belongs to the reference itself.
    static let namespaces: Set<String> = ["var", "local", "data", "module", "count", "each", "env", "path"]

    private let tokens: [ExpressionToken]
    private let source: SourceText
    private var index = 0
    private var depth = 0
    private var references: [Reference] = []

    /// `open` is the offset of the `$` of `${`.
    static func parse(
        _ tokens: [ExpressionToken], in source: SourceText, openedAt open: Int,
        references: inout [Reference]
    ) throws -> Expr {
        if tokens.first?.kind == .end {
            throw Diagnostic.error(
                "empty ${ } expression", at: source.location(at: open),
                hint: "write an expression inside, or $${ for a literal ${")
        }
        var parser = ExpressionParser(tokens: tokens, source: source)
        let expr = try parser.parseExpression()
        guard parser.current.kind == .end else {
            throw parser.unexpected(parser.current, expected: "an operator or }")
        }
        references.append(contentsOf: parser.references)
        return expr
    }

    private init(tokens: [ExpressionToken], source: SourceText) {
        self.tokens = tokens
        self.source = source
    }

    private var current: ExpressionToken { tokens[index] }

    /// Never moves past the final `.end` token.
    @discardableResult
    private mutating func advance() -> ExpressionToken {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    private mutating func expect(_ symbol: ExpressionSymbol, _ what: String) throws {
        guard current.isSymbol(symbol) else { throw unexpected(current, expected: what) }
        advance()
    }

    private func unexpected(_ t: ExpressionToken, expected: String) -> Diagnostic {
        Diagnostic.error("expected \(expected), found \(t.display)", at: source.location(at: t.offset))
    }

    private func tooDeep(at offset: Int) -> Diagnostic {
        Diagnostic.error(
            "expression is nested too deeply (more than \(Self.maxDepth) levels)",
            at: source.location(at: offset), hint: "split it into locals")
    }

    private func make(_ kind: Expr.Kind, at offset: Int) throws -> Expr {
        let e = Expr(kind, at: source.location(at: offset))
        guard e.height <= Self.maxDepth else { throw tooDeep(at: offset) }
        return e
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maxDepth else { throw tooDeep(at: current.offset) }
    }

    private mutating func parseExpression() throws -> Expr {
        try enter()
        defer { depth -= 1 }
        let start = current.offset
        let condition = try parseBinary(minPrecedence: 1)
        guard current.isSymbol(.question) else { return condition }
        advance()
        let whenTrue = try parseExpression()
        try expect(.colon, "\":\" in the conditional")
        let whenFalse = try parseExpression()
        return try make(.conditional(condition, then: whenTrue, else: whenFalse), at: start)
    }

    private mutating func parseBinary(minPrecedence: Int) throws -> Expr {
        var left = try parseUnary()
        while case .symbol(let s) = current.kind, let op = BinaryOperator(s), op.precedence >= minPrecedence {
            let opToken = advance()
            let right = try parseBinary(minPrecedence: op.precedence + 1)
            left = try make(.binary(op, left, right), at: opToken.offset)
        }
        return left
    }

    private mutating func parseUnary() throws -> Expr {
        guard case .symbol(let s) = current.kind, let op = UnaryOperator(s) else {
            return try parseTraversals(of: try parsePrimary())
        }
        let opToken = advance()
        try enter()
        defer { depth -= 1 }
        return try make(.unary(op, try parseUnary()), at: opToken.offset)
    }

    private mutating func parseTraversals(of base: Expr) throws -> Expr {
        var expr = base
        while true {
            if current.isSymbol(.dot) {
                advance()
                let t = current
                switch t.kind {
                case .identifier(let name):
                    advance()
                    expr = try make(.attribute(expr, name), at: t.offset)
                case .number(let n):
                    advance()
                    expr = try make(.index(expr, try make(.literal(.number(n)), at: t.offset)), at: t.offset)
                case .symbol(.star):
                    throw Diagnostic.error("\".*\" is not supported", at: source.location(at: t.offset), hint: "use [*] instead")
                default:
                    throw unexpected(t, expected: "an attribute name after \".\"")
                }
            } else if current.isSymbol(.leftBracket) {
                let open = advance()
                if current.isSymbol(.star) {
                    advance()
                    try expect(.rightBracket, "\"]\" after \"[*\"")
                    try enter()
                    defer { depth -= 1 }
                    let body = try parseTraversals(of: try make(.splatElement, at: open.offset))
                    return try make(.splat(expr, body: body), at: open.offset)
                }
                let key = try parseExpression()
                try expect(.rightBracket, "\"]\"")
                expr = try make(.index(expr, key), at: open.offset)
            } else {
                return expr
            }
        }
    }

    private mutating func parsePrimary() throws -> Expr {
        let t = current
        switch t.kind {
        case .number(let n):
            advance()
            return try make(.literal(.number(n)), at: t.offset)
        case .string(let s):
            advance()
            return try make(.literal(.string(s)), at: t.offset)
        case .identifier(let name):
            advance()
            switch name {
            case "true": return try make(.literal(.bool(true)), at: t.offset)
            case "false": return try make(.literal(.bool(false)), at: t.offset)
            case "null": return try make(.literal(.null), at: t.offset)
            default: break
            }
            if current.isSymbol(.leftParen) { return try parseCall(name, at: t.offset) }
            return try parseReference(name, at: t.offset)
        case .symbol(.leftParen):
            advance()
            let inner = try parseExpression()
            try expect(.rightParen, "\")\"")
            return inner
        case .symbol(.leftBracket):
            return try parseList()
        case .symbol(.leftBrace):
            return try parseMap()
        default:
            throw unexpected(t, expected: "an expression")
        }
    }

    private mutating func parseReference(_ name: String, at offset: Int) throws -> Expr {
        var reference = Reference(namespace: nil, name: name, location: source.location(at: offset))
        if Self.namespaces.contains(name) {
            guard current.isSymbol(.dot) else {
                throw Diagnostic.error(
                    "\"\(name)\" must be followed by .NAME", at: source.location(at: offset),
                    hint: "for example \(name).example")
            }
            advance()
            guard case .identifier(let member) = current.kind else {
                throw unexpected(current, expected: "a name after \"\(name).\"")
            }
            advance()
            reference = Reference(namespace: name, name: member, location: reference.location)
        }
        references.append(reference)
        return try make(.reference(reference), at: offset)
    }

    private mutating func parseCall(_ name: String, at offset: Int) throws -> Expr {
        guard FunctionLibrary.function(named: name) != nil else {
            throw FunctionLibrary.unknownFunction(name, at: source.location(at: offset))
        }
        advance()
        var args: [Expr] = []
        var expandsLast = false
        while !current.isSymbol(.rightParen) {
            args.append(try parseExpression())
            if current.isSymbol(.ellipsis) {
                advance()
                expandsLast = true
                guard current.isSymbol(.rightParen) else { throw unexpected(current, expected: "\")\" after \"...\"") }
            } else if current.isSymbol(.comma) {
                advance()
            } else if !current.isSymbol(.rightParen) {
                throw unexpected(current, expected: "\",\" or \")\" in the call to \(name)")
            }
        }
        advance()
        return try make(.call(name, args, expandsLast: expandsLast), at: offset)
    }

    private mutating func parseList() throws -> Expr {
        let open = advance()
        var items: [Expr] = []
        while !current.isSymbol(.rightBracket) {
            items.append(try parseExpression())
            if current.isSymbol(.comma) {
                advance()
            } else if !current.isSymbol(.rightBracket) {
                throw unexpected(current, expected: "\",\" or \"]\" in the list")
            }
        }
        advance()
        return try make(.list(items), at: open.offset)
    }

    private mutating func parseMap() throws -> Expr {
        let open = advance()
        var entries: [(key: Expr, value: Expr)] = []
        var seen: Set<String> = []
        while !current.isSymbol(.rightBrace) {
            let t = current
            let key: Expr
            switch t.kind {
            case .identifier(let name), .string(let name):
                guard seen.insert(name).inserted else {
                    throw Diagnostic.error("duplicate map key \"\(name)\"", at: source.location(at: t.offset))
                }
                advance()
                key = try make(.literal(.string(name)), at: t.offset)
            case .symbol(.leftParen):
                advance()
                key = try parseExpression()
                try expect(.rightParen, "\")\" after the map key")
            default:
                throw unexpected(t, expected: "a map key")
            }
            guard current.isSymbol(.assign) || current.isSymbol(.colon) else {
                throw unexpected(current, expected: "\"=\" or \":\" after the map key")
            }
            advance()
            entries.append((key, try parseExpression()))
            if current.isSymbol(.comma) { advance() }
        }
        advance()
        return try make(.map(entries), at: open.offset)
    }
}
