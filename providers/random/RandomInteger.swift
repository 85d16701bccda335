import CairnProviderKit

/// `random.integer`: a whole number in [min, max], both ends included.
enum RandomInteger: RandomResource {
    static let schema = ResourceSchema(
        description: "A random whole number between min and max inclusive, generated once.",
        properties: [
            "min": .required(.number, forceNew: true, "Smallest possible result."),
            "max": .required(.number, forceNew: true, "Largest possible result."),
            "keepers": keepers,
            "result": .computed(.number, "The number."),
        ])

    static func validate(_ properties: PropertyChecks) -> [ProviderIssue] {
        var issues: [ProviderIssue] = []
        let low = properties.integer("min", &issues)
        let high = properties.integer("max", &issues)
        if let low, let high, low > high {
            issues.append(
                ProviderIssue(
                    property: "min", message: "min (\(low)) is greater than max (\(high))",
                    hint: "swap them, or make max at least \(low)"))
        }
        return issues
    }

    static func generate(_ properties: PropertyReader) throws -> (id: String, outputs: [String: Value]) {
        let low = try properties.int("min")
        let high = try properties.int("max")
        guard low <= high else { throw ProviderError("random.integer: min (\(low)) is greater than max (\(high))") }
        let result = try SecureRandom.integer(in: low...high)
        return (String(result), ["result": .number(Double(result))])
    }
}
