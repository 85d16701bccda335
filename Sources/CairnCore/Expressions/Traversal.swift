import CairnProviderKit

/// Attribute access and indexing on values. A sensitive collection gives sensitive elements, and
/// error messages never show a sensitive key or a sensitive map's keys.
enum Traversal {
    private static let hidden = "(sensitive value)"

    /// `subject` names what was traversed, for errors only: it is worked out only when one is thrown.
    static func attribute(_ name: String, of value: Value, subject: @autoclosure () -> String, at location: SourceLocation) throws -> Value
    {
        let sensitive = value.isSensitive
        switch value.unmarked {
        case .unknown:
            return Value.unknown.markedSensitive(sensitive)
        case .map(let m):
            guard let v = m[name] else {
                throw missing(name, in: m, subject: subject(), showKeys: !value.containsSensitive, at: location)
            }
            return v.markedSensitive(sensitive)
        case .list:
            throw Diagnostic.error(
                "cannot read attribute \"\(name)\" of \(subject()): it is a list", at: location,
                hint: "pick one element with [N].\(name), or all of them with [*].\(name)")
        case let other:
            throw Diagnostic.error("cannot read attribute \"\(name)\" of \(subject()): it is \(describe(other))", at: location)
        }
    }

    static func index(_ key: Value, of value: Value, subject: @autoclosure () -> String, at location: SourceLocation) throws -> Value {
        let sensitive = value.isSensitive || key.isSensitive
        if value.unmarked == .unknown || key.unmarked == .unknown { return Value.unknown.markedSensitive(sensitive) }
        let keyText = { (text: String) in key.isSensitive ? hidden : text }
        switch value.unmarked {
        case .list(let items):
            guard case .number(let n) = key.unmarked else {
                throw Diagnostic.error("a list index must be a number, not \(key.kindName)", at: location)
            }
            guard let i = key.intValue else {
                throw Diagnostic.error(
                    "a list index must be a whole number, not \(keyText(Value.format(number: n)))",
                    at: location)
            }
            guard i >= 0 && i < items.count else {
                let size = items.count == 1 ? "1 element" : "\(items.count) elements"
                throw Diagnostic.error(
                    "index \(keyText(String(i))) out of range (list has \(size))", at: location,
                    hint: items.isEmpty ? "\(subject()) is empty" : "valid indexes are 0 to \(items.count - 1)")
            }
            return items[i].markedSensitive(sensitive)
        case .map(let m):
            let name: String
            switch key.unmarked {
            case .string(let s): name = s
            case .number(let n): name = Value.format(number: n)
            default: throw Diagnostic.error("a map key must be a string, not \(key.kindName)", at: location)
            }
            guard let v = m[name] else {
                throw missing(
                    keyText(name), in: m, subject: subject(),
                    showKeys: !value.containsSensitive && !key.isSensitive, at: location)
            }
            return v.markedSensitive(sensitive)
        case let other:
            throw Diagnostic.error("cannot index \(subject()): it is \(describe(other))", at: location)
        }
    }

    private static func describe(_ v: Value) -> String {
        v == .null ? "null" : "a \(v.kindName)"
    }

    private static func missing(
        _ name: String, in map: [String: Value], subject: String, showKeys: Bool,
        at location: SourceLocation
    ) -> Diagnostic {
        var hint: String?
        if showKeys {
            let keys = map.keys.sorted()
            hint =
                Suggestion.hint(for: name, among: keys)
                ?? (keys.isEmpty
                    ? "\(subject) is empty"
                    : "it has " + keys.prefix(10).joined(separator: ", ") + (keys.count > 10 ? ", …" : ""))
        }
        return Diagnostic.error("\(subject) has no attribute \"\(name)\"", at: location, hint: hint)
    }
}
