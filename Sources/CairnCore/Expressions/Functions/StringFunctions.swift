import CairnProviderKit
import Foundation

enum StringFunctions {
    static let all: [ExpressionFunction] = [
        ExpressionFunction("join", "separator, list", arity: 2...2) { call in
            let separator = try call.string(0)
            let parts = try call.list(1).enumerated().map { i, item in
                guard item != .null, let s = ValueText.primitive(item) else {
                    throw call.error("element \(i) of the list is \(item.kindName); join needs strings", argument: 1)
                }
                return s
            }
            return .string(parts.joined(separator: separator))
        },
        ExpressionFunction("split", "separator, string", arity: 2...2) { call in
            let separator = try call.string(0)
            let text = try call.string(1)
            if separator.isEmpty { return .list(text.map { .string(String($0)) }) }
            return .list(text.split(separator: separator, omittingEmptySubsequences: false).map { .string(String($0)) })
        },
        ExpressionFunction("lower", "string", arity: 1...1) { .string(try $0.string(0).lowercased()) },
        ExpressionFunction("upper", "string", arity: 1...1) { .string(try $0.string(0).uppercased()) },
        ExpressionFunction("trimspace", "string", arity: 1...1) {
            .string(try $0.string(0).trimmingCharacters(in: .whitespacesAndNewlines))
        },
        ExpressionFunction("replace", "string, substring, replacement", arity: 3...3) { call in
            let substring = try call.string(1)
            guard !substring.isEmpty else { throw call.error("the substring to replace is empty", argument: 1) }
            return .string(try call.string(0).replacing(substring, with: try call.string(2)))
        },
        ExpressionFunction("startswith", "string, prefix", arity: 2...2) {
            .bool(try $0.string(0).hasPrefix(try $0.string(1)))
        },
        ExpressionFunction("endswith", "string, suffix", arity: 2...2) {
            .bool(try $0.string(0).hasSuffix(try $0.string(1)))
        },
        ExpressionFunction("tostring", "value", arity: 1...1) { call in
            if call[0] == .null { return .null }
            guard let s = ValueText.primitive(call[0]) else {
                throw call.error("cannot convert a \(call[0].kindName) to a string", argument: 0,
                                 hint: "use jsonencode() to write a \(call[0].kindName) as text")
            }
            return .string(s)
        },
        ExpressionFunction("tonumber", "value", arity: 1...1) { call in
            switch call[0] {
            case .null, .number: return call[0]
            case .string(let s):
                guard isDecimal(s), let n = Double(s), n.isFinite else {
                    throw call.error("\"\(call.shown(0, String(s.prefix(40))))\" is not a number", argument: 0)
                }
                return .number(n)
            default:
                throw call.error("cannot convert a \(call[0].kindName) to a number", argument: 0)
            }
        },
    ]

    /// `-12`, `3.5`, `1e6`: the forms tonumber accepts (Double() alone also takes "inf" and hex).
    static func isDecimal(_ s: String) -> Bool {
        var chars = Substring(s).unicodeScalars[...]
        if let f = chars.first, f == "-" || f == "+" { chars = chars.dropFirst() }
        func digits() -> Int {
            let n = chars.prefix { $0 >= "0" && $0 <= "9" }.count
            chars = chars.dropFirst(n)
            return n
        }
        var count = digits()
        if chars.first == "." {
            chars = chars.dropFirst()
            count += digits()
        }
        guard count > 0 else { return false }
        if let e = chars.first, e == "e" || e == "E" {
            chars = chars.dropFirst()
            if let sign = chars.first, sign == "-" || sign == "+" { chars = chars.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return chars.isEmpty
    }
}
