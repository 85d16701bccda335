import CairnProviderKit
import Foundation

/// Pieces of HAProxy configuration syntax Cairn writes and reads back.
enum HAProxyText {
    /// A value written bare: no whitespace, quotes, comment or escape characters.
    static func isWord(_ s: String) -> Bool {
        !s.isEmpty && !s.contains { $0.isWhitespace || "\"'#\\".contains($0) }
    }

    /// What is wrong with the `extra_directives` a resource was given.
    static func extraDirectiveIssues(_ p: [String: Value]) -> [ProviderIssue] {
        (p["extra_directives"]?.listValue ?? []).compactMap(\.stringValue).filter { !isExtraDirective($0) }.map {
            ProviderIssue(property: "extra_directives", message: "\"\($0)\" must be one directive on one line, without surrounding spaces")
        }
    }

    static func isExtraDirective(_ s: String) -> Bool {
        !s.isEmpty && !s.contains("\n") && !s.hasPrefix("#") && s.trimmingCharacters(in: .whitespaces) == s
    }

    /// The meaningful lines: trimmed, without blank lines and comments.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// The rest of a line after `keyword `, nil when it does not start so.
    static func after(_ line: String, _ keyword: String) -> String? {
        line.hasPrefix(keyword + " ") ? String(line.dropFirst(keyword.count + 1)).trimmingCharacters(in: .whitespaces) : nil
    }

    static func header(kind: String, name: String) -> String {
        "# Managed by Cairn (haproxy.\(kind) \(name)). Changes made here are reverted by the next apply.\n"
    }

    static let modes = ["http", "tcp"]
}
