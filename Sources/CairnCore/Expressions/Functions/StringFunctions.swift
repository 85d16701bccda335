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
            let separators = separator.utf8.count * max(0, parts.count - 1)
            try call.ensureString(parts.reduce(separators) { $0 + $1.utf8.count })
            return .string(parts.joined(separator: separator))
        },
        ExpressionFunction("split", "separator, string", arity: 2...2) { call in
            let separator = try call.string(0)
            let text = try call.string(1)
            return .list(try pieces(of: text, between: separator, call).map { .string(String($0)) })
        },
        ExpressionFunction("lower", "string", arity: 1...1) { .string(try $0.string(0).lowercased()) },
        ExpressionFunction("upper", "string", arity: 1...1) { .string(try $0.string(0).uppercased()) },
        ExpressionFunction("trimspace", "string", arity: 1...1) {
            .string(try $0.string(0).trimmingCharacters(in: .whitespacesAndNewlines))
        },
        ExpressionFunction("replace", "string, substring, replacement", arity: 3...3) { call in
            let substring = try call.string(1)
            guard !substring.isEmpty else { throw call.error("the substring to replace is empty", argument: 1) }
            let (text, replacement) = (try call.string(0), try call.string(2))
            let growth = replacement.utf8.count - substring.utf8.count
            if growth > 0 {
                let times = occurrences(of: substring, in: text)
                try call.ensureString(text.utf8.count + times * growth)
            }
            return .string(text.replacing(substring, with: replacement))
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
                throw call.error(
                    "cannot convert a \(call[0].kindName) to a string", argument: 0,
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

    /// The parts of `text` between separators (each character when the separator is empty),
    /// stopping with an error once there are more than a list may hold.
    private static func pieces(of text: String, between separator: String, _ call: FunctionCall) throws -> [Substring] {
        let limit = call.budget.limits.maxCollectionElements
        var out: [Substring] = []
        if separator.isEmpty {
            var i = text.startIndex
            while i != text.endIndex {
                let next = text.index(after: i)
                out.append(text[i..<next])
                i = next
                if out.count > limit { try call.ensureCollection(out.count) }
            }
            return out
        }
        var rest = text[...]
        while let found = rest.firstRange(of: separator) {
            out.append(rest[..<found.lowerBound])
            rest = rest[found.upperBound...]
            if out.count >= limit { try call.ensureCollection(out.count + 1) }
        }
        out.append(rest)
        return out
    }

    private static func occurrences(of substring: String, in text: String) -> Int {
        var count = 0
        var rest = text[...]
        while let found = rest.firstRange(of: substring) {
            count += 1
            rest = rest[found.upperBound...]
        }
        return count
    }

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
