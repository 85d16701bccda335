import CairnProviderKit

/// One resource type of the random provider. Every setting forces replacement, so a value is
/// generated once, at create, and kept until the resource is replaced.
protocol RandomResource: Sendable {
    static var schema: ResourceSchema { get }
    static func validate(_ properties: PropertyChecks) -> [ProviderIssue]
    /// Generates the outputs; returns the object id and the computed attributes.
    static func generate(_ properties: PropertyReader) throws -> (id: String, outputs: [String: Value])
}

extension RandomResource {
    /// Like Terraform's: arbitrary values whose change regenerates the result.
    static var keepers: PropertySchema {
        .optional(.map(.string), forceNew: true, "Arbitrary values; changing any of them generates a new result.")
    }

    /// Attributes for every schema property: configured values, outputs, null for the rest.
    static func attributes(_ properties: [String: Value], _ outputs: [String: Value]) -> [String: Value] {
        var attributes = properties.merging(outputs) { _, output in output }
        for name in schema.properties.keys where attributes[name] == nil { attributes[name] = .null }
        return attributes
    }
}

/// Validation helpers that skip values not known until apply.
struct PropertyChecks {
    let values: [String: Value]

    /// The whole number in `name`, nil when absent or unknown; an issue when it is not whole.
    func integer(_ name: String, _ issues: inout [ProviderIssue]) -> Int? {
        guard let value = values[name], !value.isNull, !value.containsUnknown else { return nil }
        guard let n = value.intValue else {
            issues.append(ProviderIssue(property: name, message: "\(name) must be a whole number, got \(value.unmarked.jsonString())"))
            return nil
        }
        return n
    }

    func bool(_ name: String, default fallback: Bool) -> Bool? {
        guard let value = values[name], !value.isNull else { return fallback }
        return value.boolValue
    }

    func range(_ name: String, _ range: ClosedRange<Int>, _ issues: inout [ProviderIssue]) {
        guard let n = integer(name, &issues), !range.contains(n) else { return }
        issues.append(
            ProviderIssue(property: name, message: "\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(n)"))
    }
}
