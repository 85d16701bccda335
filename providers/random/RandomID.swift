import CairnDigest
import CairnProviderKit

/// `random.id`: random bytes as lowercase hex, for unique names.
enum RandomID: RandomResource {
    static let byteRange = 1...1024

    static let schema = ResourceSchema(
        description: "Random bytes as hex, generated once; handy for unique names.",
        properties: [
            "byte_length": .required(.number, forceNew: true, "Number of random bytes, 1 to 1024; the hex has twice as many characters."),
            "keepers": keepers,
            "hex": .computed(.string, "The bytes as lowercase hex."),
            "id": .computed(.string, "Same as hex."),
        ])

    static func validate(_ properties: PropertyChecks) -> [ProviderIssue] {
        var issues: [ProviderIssue] = []
        properties.range("byte_length", byteRange, &issues)
        return issues
    }

    static func generate(_ properties: PropertyReader) throws -> (id: String, outputs: [String: Value]) {
        let count = try properties.int("byte_length")
        guard byteRange.contains(count) else {
            throw ProviderError("random.id: byte_length must be between 1 and 1024, got \(count)")
        }
        let hex = Digest.hex(try Digest.randomBytes(count))
        return (hex, ["hex": .string(hex), "id": .string(hex)])
    }
}
