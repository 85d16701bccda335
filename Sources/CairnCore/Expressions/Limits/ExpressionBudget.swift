import CairnProviderKit

/// The work one expression has done so far, checked against the limits as it builds values.
/// Functions that could build something huge ask `checkString`/`checkCollection` with the size
/// they are about to build, before building it; every value built is then charged through `admit`.
final class ExpressionBudget {
    let limits: EvaluationLimits
    private(set) var used = 0

    init(limits: EvaluationLimits) {
        self.limits = limits
    }

    var remaining: Int { max(0, limits.maxExpressionWork - used) }

    func charge(_ units: Int, at location: SourceLocation) throws {
        let (sum, overflow) = used.addingReportingOverflow(units)
        used = overflow ? .max : sum
        if used > limits.maxExpressionWork {
            throw LimitExceeded.expressionWork(limit: limits.maxExpressionWork, at: location)
        }
    }

    /// Throws when a string of `bytes` would be over the limit; `what` names the builder.
    func checkString(_ bytes: Int, by what: String, at location: SourceLocation) throws {
        guard bytes <= limits.maxStringBytes else {
            throw LimitExceeded.string(bytes, limit: limits.maxStringBytes, by: what, at: location)
        }
    }

    func checkCollection(_ elements: Int, by what: String, at location: SourceLocation) throws {
        guard elements <= limits.maxCollectionElements else {
            throw LimitExceeded.collection(limit: limits.maxCollectionElements, by: what, at: location)
        }
    }

    /// Checks a value just built against the limits and charges what building it cost.
    func admit(_ value: Value, by what: String, at location: SourceLocation) throws {
        switch value.unmarked {
        case .string(let s):
            let bytes = s.utf8.count
            try checkString(bytes, by: what, at: location)
            try charge(bytes, at: location)
        case .list, .map:
            // Past the cap by one element inside, the walk stops: enough to know the limit is crossed.
            let size = ValueSize.of(value, elementCap: limits.maxCollectionElements + 1, workCap: remaining)
            try checkCollection(size.elements - 1, by: what, at: location)
            try charge(size.work, at: location)
        default:
            try charge(1, at: location)
        }
    }
}
