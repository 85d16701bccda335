import CairnProviderKit

enum ExpressionSymbol: String, Sendable {
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case percent = "%"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case and = "&&"
    case or = "||"
    case not = "!"
    case question = "?"
    case colon = ":"
    case assign = "="
    case leftParen = "("
    case rightParen = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case leftBrace = "{"
    case rightBrace = "}"
    case comma = ","
    case dot = "."
    case ellipsis = "..."
}

extension ExpressionSymbol {
    /// The one-character symbol `c` is, without building a string to look it up.
    init?(_ c: Unicode.Scalar) {
        switch c {
        case "+": self = .plus
        case "-": self = .minus
        case "*": self = .star
        case "/": self = .slash
        case "%": self = .percent
        case "<": self = .less
        case ">": self = .greater
        case "!": self = .not
        case "?": self = .question
        case ":": self = .colon
        case "=": self = .assign
        case "(": self = .leftParen
        case ")": self = .rightParen
        case "[": self = .leftBracket
        case "]": self = .rightBracket
        case "{": self = .leftBrace
        case "}": self = .rightBrace
        case ",": self = .comma
        case ".": self = .dot
        default: return nil
        }
    }
}

struct ExpressionToken: Sendable {
    enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        case symbol(ExpressionSymbol)
        /// The `}` closing the expression.
        case end
    }

    var kind: Kind
    /// Scalar offset of the token's first character in the template text.
    var offset: Int

    var display: String {
        switch kind {
        case .number(let n): return "number \(Value.format(number: n))"
        case .string: return "string"
        case .identifier(let name): return "\"\(name)\""
        case .symbol(let s): return "\"\(s.rawValue)\""
        case .end: return "the closing }"
        }
    }

    func isSymbol(_ s: ExpressionSymbol) -> Bool { kind == .symbol(s) }
}
