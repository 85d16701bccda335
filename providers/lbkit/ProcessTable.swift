import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Looks at running processes through /proc (Linux).
public enum ProcessTable {
    /// PIDs whose parent is `parent`.
    public static func children(of parent: Int32) -> Set<Int32> {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: Set<Int32> = []
        for entry in entries {
            guard let pid = Int32(entry), let stat = FileChange.read("/proc/\(entry)/stat") else { continue }
            // Fields after the command name, which is in parentheses and may hold spaces.
            guard let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == parent { found.insert(pid) }
        }
        return found
    }

    public static func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

    /// The PID written in a pid file, when the file exists and that process is alive.
    public static func pid(fromFile path: String) -> Int32? {
        guard let text = FileChange.read(path),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0, isAlive(pid)
        else { return nil }
        return pid
    }

    /// Polls `check` every 50 ms until it answers true or `timeout` seconds pass.
    public static func waitUntil(timeout: Double, _ check: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if check() { return true }
            usleep(50_000)
        }
        return check()
    }
}
