import CairnProviderKit

/// Permission bits written as an octal string ("0644"), as in chmod.
enum FileMode {
    /// The bits of `text`, or nil unless it is 1–4 octal digits no greater than 0777.
    static func parse(_ text: String) -> Int? {
        guard (1...4).contains(text.count), text.allSatisfy({ ("0"..."7").contains($0) }),
            let bits = Int(text, radix: 8), bits <= 0o777
        else { return nil }
        return bits
    }

    /// Four digits with a leading zero: 0o644 → "0644".
    static func format(_ bits: Int) -> String {
        let digits = String(bits & 0o777, radix: 8)
        return "0" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// The mode to report for bits found on disk: the configured spelling when it means the same
    /// bits, so "644" in config and 0644 on disk is not drift.
    static func report(_ bits: Int, configured: String?) -> String {
        if let configured, parse(configured) == bits { return configured }
        return format(bits)
    }

    /// A validation issue for the `mode` property, if its value is not a valid mode.
    static func issue(_ value: Value?) -> ProviderIssue? {
        guard let value, !value.isNull, !value.containsUnknown else { return nil }
        guard let text = value.stringValue else {
            return ProviderIssue(
                property: "mode", message: "mode must be a string, got \(value.kindName)",
                hint: "quote it so it stays octal: mode: \"0644\"")
        }
        guard parse(text) == nil else { return nil }
        return ProviderIssue(
            property: "mode", message: "mode \"\(text)\" is not an octal permission between 0000 and 0777",
            hint: "use octal digits 0-7, for example \"0644\" or \"0755\"")
    }

    /// The mode from properties, already validated by `issue`; throws if it is still invalid.
    static func bits(_ properties: PropertyReader, default fallback: String) throws -> (text: String, bits: Int) {
        let text = try properties.optionalString("mode") ?? fallback
        guard let bits = parse(text) else {
            throw ProviderError("\(properties.context): mode \"\(text)\" is not an octal permission between 0000 and 0777")
        }
        return (text, bits)
    }
}
