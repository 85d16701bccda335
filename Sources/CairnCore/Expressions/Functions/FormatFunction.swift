import CairnProviderKit
import Foundation

/// `format(fmt, args…)` with the verbs %s %d %f %.Nf %q %v %t and %%.
enum FormatFunction {
    static let all: [ExpressionFunction] = [
        ExpressionFunction("format", "format, values...", arity: 1...Int.max) { call in
            .string(try format(call))
        }
    ]

    private static let verbsHint = "use %s, %d, %f, %.Nf, %q, %v, %t, or %% for a literal %"

    private static func format(_ call: FunctionCall) throws -> String {
        let spec = Array(try call.string(0).unicodeScalars)
        var out = String.UnicodeScalarView()
        // Bytes written so far, counting text the format string itself holds only roughly (it is
        // within the limit already): what can grow past it is the values put in.
        var bytes = 0
        var next = 1
        var i = 0
        while i < spec.count {
            guard spec[i] == "%" else {
                out.append(spec[i])
                i += 1
                continue
            }
            i += 1
            var precision: Int?
            if i < spec.count, spec[i] == "." {
                i += 1
                var digits = 0
                while i < spec.count, spec[i] >= "0" && spec[i] <= "9" {
                    digits = min(digits * 10 + Int(spec[i].value - 48), 1000)
                    i += 1
                }
                precision = digits
            }
            guard i < spec.count else {
                throw call.error("the format string ends in the middle of a % verb", argument: 0, hint: verbsHint)
            }
            let verb = spec[i]
            i += 1
            if verb == "%" && precision == nil {
                out.append("%")
                continue
            }
            guard next < call.count else {
                throw call.error("not enough values for the format string (it has more verbs than values)")
            }
            let piece = try render(call, next, verb: verb, precision: precision)
            bytes += piece.utf8.count
            try call.ensureString(bytes)
            out.append(contentsOf: piece.unicodeScalars)
            next += 1
        }
        guard next == call.count else {
            throw call.error(
                "too many values for the format string (\(call.count - 1) given, \(next - 1) used)",
                argument: next)
        }
        return String(out)
    }

    private static func render(_ call: FunctionCall, _ i: Int, verb: Unicode.Scalar, precision: Int?) throws -> String {
        let value = call[i]
        func mismatch(_ expected: String) -> Diagnostic {
            call.error("%\(verb) needs \(expected), but value \(i) is \(value.kindName)", argument: i)
        }
        switch verb {
        case "s", "q":
            guard value != .null, let text = ValueText.primitive(value) else {
                throw mismatch("a string, number or bool")
            }
            return verb == "q" ? Value.string(text).jsonString() : text
        case "d":
            guard case .number(let n) = value else { throw mismatch("a number") }
            guard let whole = value.intValue else {
                let shown = call.shown(i, Value.format(number: n))
                throw call.error(
                    "%d needs a whole number, but value \(i) is \(shown)", argument: i,
                    hint: "use %f or %.Nf for fractions")
            }
            return String(whole)
        case "f":
            guard case .number(let n) = value else { throw mismatch("a number") }
            let digits = precision ?? 6
            guard digits <= 30 else { throw call.error("%.\(digits)f asks for too many decimals (30 at most)", argument: 0) }
            return String(format: "%.\(digits)f", n)
        case "t":
            guard case .bool(let b) = value else { throw mismatch("a bool") }
            return b ? "true" : "false"
        case "v":
            switch value {
            case .list, .map, .null: return value.plainJSONString()
            default: return ValueText.primitive(value) ?? ""
            }
        default:
            throw call.error("unsupported verb %\(verb)", argument: 0, hint: verbsHint)
        }
    }
}
