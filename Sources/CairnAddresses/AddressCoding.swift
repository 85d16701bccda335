// Addresses and types are written as their text and parsed when read (a saved plan is one of
// the edges where text enters).

extension ResourceInstanceAddress: Codable {
    public init(from decoder: any Decoder) throws {
        self = try Self.parse(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension ResourceAddress: Codable {
    public init(from decoder: any Decoder) throws {
        self = try Self.parse(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension ResourceType: Codable {
    public init(from decoder: any Decoder) throws {
        self = try Self.parse(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension AddressTarget: Codable {
    public init(from decoder: any Decoder) throws {
        self = try Self.parse(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Lets a dictionary keyed by instance address encode as a JSON object keyed by its text.
extension ResourceInstanceAddress: CodingKeyRepresentable {
    private struct TextKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public var codingKey: any CodingKey { TextKey(stringValue: description) }

    public init?<T: CodingKey>(codingKey: T) {
        guard let address = try? Self.parse(codingKey.stringValue) else { return nil }
        self = address
    }
}
