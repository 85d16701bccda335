import Foundation

/// Runs actions at deadlines on a thread of its own, so a call's timeout fires whatever the shared
/// pools are busy with (a provider that blocks its thread, a long CPU-bound step).
final class DeadlineTimer: @unchecked Sendable {
    static let shared = DeadlineTimer()

    /// A condition variable, not a `Locked` box: the timer thread sleeps on it until the next deadline.
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var entries: [(deadline: Date, action: @Sendable () -> Void)] = []

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "cairn.plugin.timer"
        thread.start()
    }

    func schedule(after seconds: Double, _ action: @escaping @Sendable () -> Void) {
        condition.lock()
        entries.append((Date().addingTimeInterval(seconds), action))
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            let now = Date()
            let due = entries.filter { $0.deadline <= now }
            entries.removeAll { $0.deadline <= now }
            if due.isEmpty {
                if let next = entries.map(\.deadline).min() {
                    _ = condition.wait(until: next)
                } else {
                    condition.wait()
                }
            }
            condition.unlock()
            due.forEach { $0.action() }
        }
    }
}
