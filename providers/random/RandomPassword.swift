import CairnDigest
import CairnProviderKit

/// `random.password`: a secret string from the enabled character classes.
enum RandomPassword: RandomResource {
    static let lengthRange = 1...4096
    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let lower = Array("abcdefghijklmnopqrstuvwxyz")
    static let numeric = Array("0123456789")
    static let special = Array("!@#$%&*()-_=+[]{}<>:?")
    static let classes: [(name: String, characters: [Character])] = [
        ("upper", upper), ("lower", lower), ("numeric", numeric), ("special", special),
    ]

    static let schema = ResourceSchema(
        description: "A random password, generated once and kept until a setting changes.",
        properties: [
            "length": .optional(.number, default: 16, forceNew: true, "Number of characters, 1 to 4096."),
            "upper": .optional(.bool, default: true, forceNew: true, "Include A-Z."),
            "lower": .optional(.bool, default: true, forceNew: true, "Include a-z."),
            "numeric": .optional(.bool, default: true, forceNew: true, "Include 0-9."),
            "special": .optional(.bool, default: true, forceNew: true, "Include \(String(special))."),
            "keepers": keepers,
            "result": .computed(.string, sensitive: true, "The password."),
        ])

    static func validate(_ properties: PropertyChecks) -> [ProviderIssue] {
        var issues: [ProviderIssue] = []
        properties.range("length", lengthRange, &issues)
        let enabled = classes.filter { properties.bool($0.name, default: true) != false }
        if enabled.isEmpty {
            issues.append(
                ProviderIssue(
                    property: nil, message: "random.password needs at least one character class",
                    hint: "set one of upper, lower, numeric or special to true"))
        }
        return issues
    }

    static func generate(_ properties: PropertyReader) throws -> (id: String, outputs: [String: Value]) {
        let length = try properties.int("length", default: 16)
        guard lengthRange.contains(length) else {
            throw ProviderError("random.password: length must be between 1 and 4096, got \(length)")
        }
        let pools = try classes.filter { try properties.bool($0.name, default: true) }.map(\.characters)
        guard !pools.isEmpty else { throw ProviderError("random.password needs at least one character class") }
        let all = pools.flatMap { $0 }

        // One character from each enabled class when there is room, so passwords satisfy
        // "must contain a digit"-style policies; the rest from all of them, then shuffle.
        var characters: [Character] = []
        if length >= pools.count {
            for pool in pools { characters.append(try SecureRandom.element(of: pool)) }
        }
        while characters.count < length { characters.append(try SecureRandom.element(of: all)) }
        try SecureRandom.shuffle(&characters)

        // The id must not reveal the password.
        let id = Digest.hex(try Digest.randomBytes(8))
        return (id, ["result": .string(String(characters))])
    }
}
