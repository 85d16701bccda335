import CairnProcess
import CairnProviderKit
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every plugin process not yet reaped, so none outlives Cairn: when Cairn exits, whatever is
/// still running is stopped (stdin closed, SIGTERM, SIGKILL) and reaped.
public enum ChildTable {
    private static let children = Locked<[pid_t: Subprocess]>([:])
    private static let prepared = Locked(false)
    private static let grace = Locked(2.0)

    /// Before the first spawn: exit must stop the plugins.
    static func prepareOnce() {
        guard !prepared.exchange(true) else { return }
        atexit { ChildTable.stopAll() }
    }

    /// The grace period used when stopping what is left at exit.
    static func setExitGrace(_ seconds: Double) { grace.set(seconds) }

    /// Starts a plugin's process: three pipes, in a process group of its own (so a Ctrl-C meant
    /// for Cairn does not kill a plugin in the middle of a call), watched until it is reaped.
    static func spawn(_ path: String, arguments: [String]) throws -> Subprocess {
        prepareOnce()
        let child = try Subprocess(path, arguments, stdin: .pipe, stdout: .pipe, stderr: .pipe, processGroup: true)
        children.withLock { table in
            table = table.filter { $0.value.exit == nil }
            table[child.pid] = child
        }
        return child
    }

    /// Process ids of the plugins still running (for tests and diagnostics).
    public static var runningPIDs: [Int32] {
        children.withLock { table in
            table = table.filter { $0.value.poll() == nil }
            return Array(table.keys)
        }.sorted()
    }

    /// Stops every plugin still running, all at once, and reaps them.
    public static func stopAll() {
        let all = children.withLock { Array($0.values) }
        guard !all.isEmpty else { return }
        let g = grace.value
        all.forEach { $0.closeStandardInput() }
        if waitAll(all, seconds: g) { return }
        all.forEach { $0.signal(SIGTERM) }
        if waitAll(all, seconds: g) { return }
        all.forEach { $0.signal(SIGKILL) }
        _ = waitAll(all, seconds: .infinity)
    }

    private static func waitAll(_ all: [Subprocess], seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if all.allSatisfy({ $0.poll() != nil }) { return true }
            if Date() >= deadline { return false }
            usleep(5_000)
        }
    }
}
