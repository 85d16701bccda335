/// Splits the inside of one `${ … }` into tokens, stopping at the `}` that closes it.
struct ExpressionLexer {
    private let source: SourceText
    private var pos: Int
    private let open: Int
    private var tokens: [ExpressionToken] = []
    private var braceDepth = 0

    /// `open` is the offset of the `$` of `${`. Returns the tokens (ending with `.end`) and the
    /// offset just after the closing `}`.
    static func tokenize(_ source: SourceText, openedAt open: Int) throws -> (tokens: [ExpressionToken], next: Int) {
        var lexer = ExpressionLexer(source: source, pos: open + 2, open: open)
        let next = try lexer.run()
        return (lexer.tokens, next)
    }

    private init(source: SourceText, pos: Int, open: Int) {
        self.source = source
        self.pos = pos
        self.open = open
    }

    private mutating func run() throws -> Int {
        while true {
            while let c = source[pos], c == " " || c == "\t" || c == "\n" || c == "\r" { pos += 1 }
            guard let c = source[pos] else {
                throw Diagnostic.error(
                    "unterminated ${ … }", at: source.location(at: open),
                    hint: "close the expression with }")
            }
            let start = pos
            if c == "}" && braceDepth == 0 {
                tokens.append(ExpressionToken(kind: .end, offset: start))
                return pos + 1
            }
            let kind: ExpressionToken.Kind
            if Self.isDigit(c) {
                kind = try number()
            } else if c == "_" || c.isNameLetter {
                kind = identifier()
            } else if c == "\"" {
                kind = try string()
            } else {
                kind = .symbol(try symbol())
            }
            tokens.append(ExpressionToken(kind: kind, offset: start))
        }
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    private mutating func digits() {
        while let c = source[pos], Self.isDigit(c) { pos += 1 }
    }

    private mutating func number() throws -> ExpressionToken.Kind {
        let start = pos
        digits()
        // After a dot only an index may follow (`list.0.name`), never a fraction.
        let afterDot = tokens.last?.kind == .symbol(.dot)
        if !afterDot, source[pos] == ".", let d = source[pos + 1], Self.isDigit(d) {
            pos += 1
            digits()
        }
        if !afterDot, let e = source[pos], e == "e" || e == "E" {
            var p = pos + 1
            if let sign = source[p], sign == "+" || sign == "-" { p += 1 }
            if let d = source[p], Self.isDigit(d) {
                pos = p
                digits()
            }
        }
        let text = source.text(start..<pos)
        guard let n = Double(text), n.isFinite else {
            throw Diagnostic.error("number \(text.prefix(40)) is too large", at: source.location(at: start))
        }
        return .number(n)
    }

    private mutating func identifier() -> ExpressionToken.Kind {
        let start = pos
        pos += 1
        while let c = source[pos], c == "_" || c == "-" || c.isNameLetter || Self.isDigit(c) { pos += 1 }
        return .identifier(source.text(start..<pos))
    }

    private mutating func string() throws -> ExpressionToken.Kind {
        let start = pos
        pos += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = source[pos] else {
                throw Diagnostic.error(
                    "unterminated string", at: source.location(at: start),
                    hint: "close the string with \"")
            }
            switch c {
            case "\"":
                pos += 1
                return .string(String(out))
            case "\\":
                out.append(try escape())
            case "$" where source[pos + 1] == "$" && source[pos + 2] == "{":
                out.append(contentsOf: "${".unicodeScalars)
                pos += 3
            case "$" where source[pos + 1] == "{":
                throw Diagnostic.error(
                    "${ … } inside a quoted string is not supported", at: source.location(at: pos),
                    hint: "build the string with format(), e.g. format(\"%s-web\", var.env)")
            default:
                out.append(c)
                pos += 1
            }
        }
    }

    private mutating func escape() throws -> Unicode.Scalar {
        let at = pos
        pos += 2
        switch source[at + 1] {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u":
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let h = source[pos], let v = hexValue(h) else {
                    throw Diagnostic.error("\\u needs four hex digits", at: source.location(at: at))
                }
                code = code * 16 + v
                pos += 1
            }
            guard let scalar = Unicode.Scalar(code) else {
                throw Diagnostic.error("\\u\(String(code, radix: 16)) is not a valid character", at: source.location(at: at))
            }
            return scalar
        default:
            throw Diagnostic.error(
                "unknown escape sequence in string", at: source.location(at: at),
                hint: "use \\n, \\t, \\r, \\\", \\\\ or \\uXXXX")
        }
    }

    private func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }

    private mutating func symbol() throws -> ExpressionSymbol {
        let c = source[pos]!
        let next = source[pos + 1]
        if c == ".", next == ".", source[pos + 2] == "." {
            pos += 3
            return .ellipsis
        }
        // Every two-character symbol ends in =, & or |; others need no string built to look up.
        if let next, next == "=" || next == "&" || next == "|", let two = ExpressionSymbol(rawValue: String(c) + String(next)) {
            pos += 2
            return two
        }
        guard let one = ExpressionSymbol(c) else {
            let hint: String? = c == "&" ? "use && for \"and\"" : c == "|" ? "use || for \"or\"" : nil
            throw Diagnostic.error("unexpected character \"\(c)\" in expression", at: source.location(at: pos), hint: hint)
        }
        pos += 1
        if one == .leftBrace { braceDepth += 1 }
        if one == .rightBrace { braceDepth -= 1 }
        return one
    }
}
