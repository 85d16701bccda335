import CairnProviderKit

/// A message field that does not have the shape the protocol asks for.
public struct PluginDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads the fields of one JSON object in a message, naming the path in errors
/// (`result.attributes must be an object`).
struct PluginFields {
    let values: [String: Value]
    let path: String

    init(_ value: Value, at path: String) throws(PluginDecodeError) {
        guard case .map(let m) = value.unmarked else { throw PluginDecodeError("\(path) must be an object, got \(value.kindName)") }
        values = m
        self.path = path
    }

    func has(_ key: String) -> Bool { values[key].map { !$0.isNull } ?? false }

    func string(_ key: String) throws(PluginDecodeError) -> String {
        guard let s = values[key]?.stringValue else { throw mismatch(key, "a string") }
        return s
    }

    func optionalString(_ key: String) throws(PluginDecodeError) -> String? {
        guard has(key) else { return nil }
        return try string(key)
    }

    func bool(_ key: String) throws(PluginDecodeError) -> Bool {
        guard has(key) else { return false }
        guard let b = values[key]?.boolValue else { throw mismatch(key, "true or false") }
        return b
    }

    func int(_ key: String) throws(PluginDecodeError) -> Int {
        guard let n = values[key]?.intValue else { throw mismatch(key, "a whole number") }
        return n
    }

    /// An object field; absent or null reads as empty.
    func map(_ key: String) throws(PluginDecodeError) -> [String: Value] {
        guard has(key) else { return [:] }
        guard let m = values[key]?.mapValue else { throw mismatch(key, "an object") }
        return m
    }

    func list(_ key: String) throws(PluginDecodeError) -> [Value] {
        guard has(key) else { return [] }
        guard let l = values[key]?.listValue else { throw mismatch(key, "a list") }
        return l
    }

    func object(_ key: String) throws(PluginDecodeError) -> PluginFields {
        try PluginFields(values[key] ?? .null, at: "\(path).\(key)")
    }

    func value(_ key: String) -> Value { values[key] ?? .null }

    func mismatch(_ key: String, _ expected: String) -> PluginDecodeError {
        let got = values[key].map(\.kindName) ?? "nothing"
        return PluginDecodeError("\(path).\(key) must be \(expected), got \(got)")
    }
}
