/// Typed access to a resource's properties, with errors that name the property.
///
/// Providers receive properties as `[String: Value]` with defaults applied; this turns a wrong or
/// missing value into a `ProviderError` instead of a crash or a silent fallback.
public struct PropertyReader: Sendable {
    public let values: [String: Value]
    /// Prefix for messages, such as `local.file`.
    public let context: String

    public init(_ values: [String: Value], context: String) {
        self.values = values
        self.context = context
    }

    public subscript(name: String) -> Value? { values[name] }

    public func string(_ name: String) throws -> String {
        guard let v = values[name], let s = v.stringValue else { throw mismatch(name, "a string") }
        return s
    }

    public func optionalString(_ name: String) throws -> String? {
        guard let v = values[name], !v.isNull else { return nil }
        return try string(name)
    }

    public func int(_ name: String) throws -> Int {
        guard let v = values[name], let n = v.intValue else { throw mismatch(name, "a whole number") }
        return n
    }

    public func int(_ name: String, default fallback: Int) throws -> Int {
        guard let v = values[name], !v.isNull else { return fallback }
        return try int(name)
    }

    public func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let v = values[name], !v.isNull else { return fallback }
        guard let b = v.boolValue else { throw mismatch(name, "true or false") }
        return b
    }

    private func mismatch(_ name: String, _ expected: String) -> ProviderError {
        let got = values[name].map { $0.kindName } ?? "nothing"
        return ProviderError("\(context): property \"\(name)\" must be \(expected), got \(got)")
    }
}
