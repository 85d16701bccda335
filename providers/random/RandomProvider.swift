import CairnProviderKit

/// Random values, generated once at create (with OpenSSL) and kept in state. Every setting forces a
/// new value when changed, as does a change to `keepers`.
public struct RandomProvider: Provider {
    public init() {}

    static let keepers = PropertySchema.optional(.map(.string), forceNew: true, "Arbitrary values; changing any generates a new value")

    public var schema: ProviderSchema {
        ProviderSchema(name: "random", version: "1.0.0", resources: [
            "password": ResourceSchema(description: "A random password (sensitive)", properties: [
                "length": .optional(.number, default: 16, forceNew: true, "Number of characters, 1 to 4096"),
                "special": .optional(.bool, default: true, forceNew: true, "Include punctuation"),
                "upper": .optional(.bool, default: true, forceNew: true, "Include A-Z"),
                "lower": .optional(.bool, default: true, forceNew: true, "Include a-z"),
                "numeric": .optional(.bool, default: true, forceNew: true, "Include 0-9"),
                "keepers": Self.keepers,
                "result": .computed(.string, sensitive: true, "The password"),
                "id": .computed(.string),
            ]),
            "id": ResourceSchema(description: "Random bytes, as hex", properties: [
                "byte_length": .required(.number, forceNew: true, "How many random bytes, 1 to 1024"),
                "keepers": Self.keepers,
                "hex": .computed(.string, "The bytes in lower-case hex"),
                "id": .computed(.string, "Same as hex"),
            ]),
            "integer": ResourceSchema(description: "A random whole number in [min, max]", properties: [
                "min": .required(.number, forceNew: true),
                "max": .required(.number, forceNew: true),
                "keepers": Self.keepers,
                "result": .computed(.number),
                "id": .computed(.string),
            ]),
        ])
    }

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] {
        switch kind {
        case "password":
            var issues: [ProviderIssue] = []
            if let n = properties["length"]?.numberValue, !(1...4096).contains(n) || n != n.rounded() {
                issues.append(ProviderIssue(property: "length", message: "must be a whole number from 1 to 4096"))
            }
            if PasswordAlphabet(properties).characters.isEmpty {
                issues.append(ProviderIssue(property: nil, message: "special, upper, lower and numeric are all false: no characters to choose from",
                                            hint: "enable at least one character class"))
            }
            return issues
        case "id":
            if let n = properties["byte_length"]?.numberValue, !(1...1024).contains(n) || n != n.rounded() {
                return [ProviderIssue(property: "byte_length", message: "must be a whole number from 1 to 1024")]
            }
        case "integer":
            if let lo = properties["min"]?.numberValue, let hi = properties["max"]?.numberValue {
                if lo > hi { return [ProviderIssue(property: "min", message: "min (\(Value.format(number: lo))) is greater than max (\(Value.format(number: hi)))")] }
                if lo != lo.rounded() || hi != hi.rounded() || abs(lo) > 9e15 || abs(hi) > 9e15 {
                    return [ProviderIssue(property: nil, message: "min and max must be whole numbers")]
                }
            }
        default: break
        }
        return []
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        var attrs = properties
        switch kind {
        case "password":
            let length = properties["length"]?.intValue ?? 16
            let result = try PasswordAlphabet(properties).generate(length: length)
            attrs["result"] = .string(result)
            attrs["id"] = "none"
            return ResourceObject(id: "none", attributes: attrs)
        case "id":
            let hex = Digest.hex(try Digest.randomBytes(properties["byte_length"]?.intValue ?? 8))
            attrs["hex"] = .string(hex)
            attrs["id"] = .string(hex)
            return ResourceObject(id: hex, attributes: attrs)
        case "integer":
            let lo = properties["min"]?.intValue ?? 0, hi = properties["max"]?.intValue ?? 0
            guard lo <= hi else { throw ProviderError("min is greater than max") }
            let n = lo + Int(try RandomNumbers.uniform(below: UInt64(hi - lo) + 1))
            attrs["result"] = .number(Double(n))
            attrs["id"] = .string(String(n))
            return ResourceObject(id: String(n), attributes: attrs)
        default:
            throw unknownKind(kind)
        }
    }

    /// Nothing real to read: the value is whatever was generated.
    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? { current }

    /// Every setting forces replacement, so an update only records the settings.
    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        ResourceObject(id: prior.id, attributes: prior.attributes.merging(properties) { _, new in new })
    }

    public func delete(kind: String, current: ResourceObject) async throws {}
}
