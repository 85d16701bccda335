import CairnProviderKit

enum RandomNumbers {
    /// A uniform number in 0..<bound, without modulo bias (rejection sampling).
    static func uniform(below bound: UInt64) throws -> UInt64 {
        precondition(bound > 0)
        let limit = UInt64.max - (UInt64.max % bound)
        while true {
            let bytes = try Digest.randomBytes(8)
            let n = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if n < limit { return n % bound }
        }
    }
}

/// The characters a password may use, from its settings.
struct PasswordAlphabet {
    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let lower = Array("abcdefghijklmnopqrstuvwxyz")
    static let numeric = Array("0123456789")
    static let special = Array("!@#$%&*()-_=+[]{}<>:?")

    let classes: [[Character]]

    init(_ properties: [String: Value]) {
        var c: [[Character]] = []
        if properties["upper"]?.boolValue ?? true { c.append(Self.upper) }
        if properties["lower"]?.boolValue ?? true { c.append(Self.lower) }
        if properties["numeric"]?.boolValue ?? true { c.append(Self.numeric) }
        if properties["special"]?.boolValue ?? true { c.append(Self.special) }
        classes = c
    }

    var characters: [Character] { classes.flatMap { $0 } }

    /// A password with at least one character of each enabled class when it is long enough.
    func generate(length: Int) throws -> String {
        let all = characters
        guard !all.isEmpty else { throw ProviderError("no character classes enabled") }
        for _ in 0..<1000 {
            var chars: [Character] = []
            chars.reserveCapacity(length)
            for _ in 0..<length { chars.append(all[Int(try RandomNumbers.uniform(below: UInt64(all.count)))]) }
            if length < classes.count || classes.allSatisfy({ cls in chars.contains { cls.contains($0) } }) {
                return String(chars)
            }
        }
        throw ProviderError("could not generate a password with every character class")
    }
}
