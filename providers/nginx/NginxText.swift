import CairnProviderKit
import Foundation

/// Writing and reading the pieces of nginx syntax Cairn produces.
enum NginxText {
    /// A value written bare: no whitespace or characters that end or open a directive.
    static func isWord(_ s: String) -> Bool {
        !s.isEmpty && !s.contains { $0.isWhitespace || ";{}\"'#\\".contains($0) }
    }

    /// Words separated by single spaces (listen, server_name).
    static func isWords(_ s: String) -> Bool {
        let parts = s.split(separator: " ", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { isWord(String($0)) }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// The text of a quoted string written by `quoted`; nil when `s` is not one.
    static func unquoted(_ s: String) -> String? {
        guard s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") else { return nil }
        var out = ""
        var escaped = false
        for c in s.dropFirst().dropLast() {
            if escaped {
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                return nil
            } else {
                out.append(c)
            }
        }
        return escaped ? nil : out
    }

    /// A directive line's words without the trailing `;`, nil when the line is not `words;`.
    static func statement(_ line: String, _ keyword: String) -> String? {
        guard line.hasPrefix(keyword + " "), line.hasSuffix(";") else { return nil }
        return String(line.dropFirst(keyword.count + 1).dropLast()).trimmingCharacters(in: .whitespaces)
    }

    /// The meaningful lines of a file: trimmed, without blank lines and comments.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// What is wrong with the `extra_directives` a resource was given.
    static func extraDirectiveIssues(_ p: [String: Value]) -> [ProviderIssue] {
        (p["extra_directives"]?.listValue ?? []).compactMap(\.stringValue).filter { !isExtraDirective($0) }.map {
            ProviderIssue(
                property: "extra_directives",
                message: "\"\($0)\" must be one directive on one line, ending in `;`, without surrounding spaces")
        }
    }

    /// An extra directive is one line ending in `;`.
    static func isExtraDirective(_ s: String) -> Bool {
        let t = s.trimmingCharacters(in: .whitespaces)
        return t == s && !s.isEmpty && !s.contains("\n") && s.hasSuffix(";") && !s.hasPrefix("#")
    }

    static func header(kind: String, name: String) -> String {
        "# Managed by Cairn (nginx.\(kind) \(name)). Changes made here are reverted by the next apply.\n"
    }
}
