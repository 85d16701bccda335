import CairnProviderKit

enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not = "!"

    init?(_ symbol: ExpressionSymbol) {
        switch symbol {
        case .minus: self = .negate
        case .not: self = .not
        default: return nil
        }
    }

    /// Applies the operator to a known, unmarked operand.
    func apply(_ v: Value, at location: SourceLocation) throws -> Value {
        switch (self, v) {
        case (.negate, .number(let n)): return .number(-n)
        case (.not, .bool(let b)): return .bool(!b)
        case (.negate, _): throw Diagnostic.error("cannot negate \(v.kindName); - needs a number", at: location)
        case (.not, _): throw Diagnostic.error("cannot apply ! to \(v.kindName); ! needs a bool", at: location)
        }
    }
}

enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case and = "&&"
    case or = "||"

    init?(_ symbol: ExpressionSymbol) {
        self.init(rawValue: symbol.rawValue)
    }

    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual: return 3
        case .less, .lessEqual, .greater, .greaterEqual: return 4
        case .add, .subtract: return 5
        case .multiply, .divide, .remainder: return 6
        }
    }

    var isLogical: Bool { self == .and || self == .or }

    /// Applies a non-logical operator to known, unmarked operands.
    func apply(_ a: Value, _ b: Value, at location: SourceLocation) throws -> Value {
        switch self {
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less, .lessEqual, .greater, .greaterEqual: return .bool(try compare(a, b, at: location))
        case .add, .subtract, .multiply, .divide, .remainder: return .number(try arithmetic(a, b, at: location))
        case .and, .or: preconditionFailure("logical operators are evaluated lazily")
        }
    }

    private func compare(_ a: Value, _ b: Value, at location: SourceLocation) throws -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return ordered(x, y)
        case (.string(let x), .string(let y)):
            return ordered(x, y)
        default:
            throw Diagnostic.error(
                "cannot compare \(a.kindName) and \(b.kindName) with \(rawValue)", at: location,
                hint: "\(rawValue) compares two numbers or two strings")
        }
    }

    private func ordered<T: Comparable>(_ x: T, _ y: T) -> Bool {
        switch self {
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        default: return x >= y
        }
    }

    private func arithmetic(_ a: Value, _ b: Value, at location: SourceLocation) throws -> Double {
        guard case .number(let x) = a, case .number(let y) = b else {
            let hint =
                self == .add && (a.kindName == "string" || b.kindName == "string")
                ? "+ adds numbers only; join strings by interpolation (\"${a}${b}\") or format()" : nil
            throw Diagnostic.error("cannot \(verb) \(a.kindName) and \(b.kindName)", at: location, hint: hint)
        }
        if (self == .divide || self == .remainder) && y == 0 {
            throw Diagnostic.error(self == .divide ? "division by zero" : "remainder of division by zero", at: location)
        }
        let result: Double
        switch self {
        case .add: result = x + y
        case .subtract: result = x - y
        case .multiply: result = x * y
        case .divide: result = x / y
        default: result = x.truncatingRemainder(dividingBy: y)
        }
        guard result.isFinite else {
            throw Diagnostic.error("the result of \(rawValue) is too large", at: location)
        }
        return result
    }

    private var verb: String {
        switch self {
        case .add: return "add"
        case .subtract: return "subtract"
        case .multiply: return "multiply"
        case .divide: return "divide"
        default: return "take the remainder of"
        }
    }
}
