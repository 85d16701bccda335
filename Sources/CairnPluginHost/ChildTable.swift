import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every plugin process not yet reaped, so none outlives Cairn: when Cairn exits, whatever is
/// still running is stopped (stdin closed, SIGTERM, SIGKILL) and reaped.
public enum ChildTable {
    private static let children = Mutex<[pid_t: ChildProcess]>([:])
    private static let prepared = Mutex(false)
    private static let grace = Mutex(2.0)

    /// Before the first spawn: exit must stop the plugins.
    static func prepareOnce() {
        let first = prepared.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        atexit { ChildTable.stopAll() }
    }

    /// The grace period used when stopping what is left at exit.
    static func setExitGrace(_ seconds: Double) { grace.withLock { $0 = seconds } }

    static func add(_ child: ChildProcess) { children.withLock { $0[child.pid] = child } }

    static func remove(_ pid: pid_t) { _ = children.withLock { $0.removeValue(forKey: pid) } }

    /// Process ids of the plugins still running (for tests and diagnostics).
    public static var runningPIDs: [Int32] {
        children.withLock { Array($0.keys) }.sorted()
    }

    /// Stops every plugin still running, all at once, and reaps them.
    public static func stopAll() {
        let all = children.withLock { Array($0.values) }
        guard !all.isEmpty else { return }
        let g = grace.withLock { $0 }
        all.forEach { $0.closeStdin() }
        if waitAll(all, seconds: g) { return }
        all.forEach { $0.signalGroup(SIGTERM) }
        if waitAll(all, seconds: g) { return }
        all.forEach { $0.signalGroup(SIGKILL) }
        _ = waitAll(all, seconds: .infinity)
    }

    private static func waitAll(_ all: [ChildProcess], seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if all.allSatisfy({ $0.poll() != nil }) { return true }
            if Date() >= deadline { return false }
            usleep(5_000)
        }
    }
}
