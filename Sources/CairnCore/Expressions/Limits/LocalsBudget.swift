import CairnProviderKit
import Foundation

/// The size of every local's value a run keeps, added up: each local alone stays within the
/// limits, but thirty that each double the one before would not.
final class LocalsBudget: @unchecked Sendable {
    let limits: EvaluationLimits
    private let lock = NSLock()
    private var used = 0

    init(limits: EvaluationLimits) {
        self.limits = limits
    }

    /// Charges the value of `local.name`, declared at `location`.
    func charge(_ value: Value, local name: String, at location: SourceLocation) throws {
        let cap = limits.maxRunWork
        let size = ValueSize.of(value, workCap: cap).work
        let total: Int = lock.withLock {
            used = min(cap + 1, used + size)
            return used
        }
        if total > cap { throw LimitExceeded.runWork(local: name, limit: cap, at: location) }
    }
}
