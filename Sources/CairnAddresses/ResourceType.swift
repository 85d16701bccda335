/// A resource or data source type, `provider.kind` (`local.file`), split once where it is read.
public struct ResourceType: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The provider's name (`local`).
    public let provider: String
    /// The kind within the provider (`file`).
    public let kind: String

    public init(provider: String, kind: String) {
        self.provider = provider
        self.kind = kind
    }

    public var description: String { provider + "." + kind }

    /// Splits `provider.kind` at its first dot; both sides must be non-empty.
    public static func parse(_ text: String) throws(AddressParseError) -> ResourceType {
        let bytes = text.utf8
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else {
            throw AddressParseError(text, "a type is PROVIDER.KIND (e.g. local.file); this one has no dot", what: "type")
        }
        let kindStart = bytes.index(after: dot)
        guard dot != bytes.startIndex, kindStart != bytes.endIndex else {
            throw AddressParseError(
                text,
                "a type is PROVIDER.KIND (e.g. local.file); the "
                    + (dot == bytes.startIndex ? "provider" : "kind") + " is missing", what: "type")
        }
        return ResourceType(provider: String(text[..<dot]), kind: String(text[kindStart...]))
    }

    public static func < (a: ResourceType, b: ResourceType) -> Bool {
        a.provider == b.provider ? a.kind < b.kind : a.provider < b.provider
    }
}
