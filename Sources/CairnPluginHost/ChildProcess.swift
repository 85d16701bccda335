import CPluginSpawn
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended.
public enum ChildExit: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    /// Reaped by someone else; the status is not known.
    case unknown

    public var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signaled(let sig):
            let name: String
            switch sig {
            case SIGKILL: name = " (SIGKILL)"
            case SIGTERM: name = " (SIGTERM)"
            case SIGSEGV: name = " (SIGSEGV)"
            case SIGABRT: name = " (SIGABRT)"
            case SIGINT: name = " (SIGINT)"
            default: name = ""
            }
            return "was killed by signal \(sig)\(name)"
        case .unknown: return "exited"
        }
    }
}

/// A plugin's process and its three pipes.
///
/// It is spawned with every signal at its default action and none blocked (Cairn itself ignores
/// SIGINT and SIGTERM while it handles them, and a spawned child would inherit that and shrug off
/// SIGTERM), and in a process group of its own, so a Ctrl-C meant for Cairn does not kill a plugin
/// in the middle of a call.
final class ChildProcess: Sendable {
    let pid: pid_t
    /// Write end of the child's stdin, non-blocking.
    let stdinFD: Int32
    let stdoutFD: Int32
    let stderrFD: Int32
    private let state = Mutex<ChildExit?>(nil)
    /// Whether stdin is open; held while writing, so the descriptor is never closed mid-write.
    private let stdinOpen = Mutex(true)

    private init(pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32) {
        self.pid = pid
        stdinFD = stdin
        stdoutFD = stdout
        stderrFD = stderr
    }

    /// Starts `path` with `arguments`; throws the spawn error's text.
    static func spawn(_ path: String, arguments: [String]) throws(SpawnError) -> ChildProcess {
        ChildTable.prepareOnce()
        var attempt = 0
        while true {
            do {
                let child = try spawnOnce(path, arguments: arguments)
                ChildTable.add(child)
                return child
            } catch where error.errno == ETXTBSY && attempt < 5 {
                // A script written a moment ago can still be open for writing in a process another
                // thread has just forked; it is closed when that process execs.
                attempt += 1
                usleep(UInt32(20_000 * attempt))
            }
        }
    }

    private static func spawnOnce(_ path: String, arguments: [String]) throws(SpawnError) -> ChildProcess {
        var pipes: [[Int32]] = []
        for _ in 0..<3 {
            var pair: [Int32] = [-1, -1]
            // Close-on-exec, so no other child (a second plugin) inherits these ends and keeps a pipe open.
            guard cairn_pipe_cloexec(&pair) == 0 else {
                let e = errno
                pipes.joined().forEach { close($0) }
                throw SpawnError(errno: e)
            }
            pipes.append(pair)
        }
        let (input, output, errors) = (pipes[0], pipes[1], pipes[2])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, output[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errors[1], STDERR_FILENO)
        // Nothing else Cairn has open (state database, other plugins' pipes) reaches the plugin.
        _ = cairn_spawn_add_closefrom(&actions, 3)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var noneBlocked = sigset_t(), allDefault = sigset_t()
        sigemptyset(&noneBlocked)
        sigfillset(&allDefault)
        posix_spawnattr_setsigmask(&attr, &noneBlocked)
        posix_spawnattr_setsigdefault(&attr, &allDefault)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, environ)
        close(input[0])
        close(output[1])
        close(errors[1])
        guard rc == 0 else {
            close(input[1])
            close(output[0])
            close(errors[0])
            throw SpawnError(errno: rc)
        }
        _ = fcntl(input[1], F_SETFL, fcntl(input[1], F_GETFL) | O_NONBLOCK)
        return ChildProcess(pid: pid, stdin: input[1], stdout: output[0], stderr: errors[0])
    }

    func closeStdin() {
        stdinOpen.withLock { open in
            if open { close(stdinFD) }
            open = false
        }
    }

    /// Runs `body` with the stdin descriptor, unless it was closed. Writers take turns.
    func withStdin<T>(_ body: (Int32) -> T) -> T? {
        stdinOpen.withLock { open in open ? body(stdinFD) : nil }
    }

    /// How it ended, if it has; reaps it. Never blocks.
    func poll() -> ChildExit? {
        let (exit, reaped) = state.withLock { exit -> (ChildExit?, Bool) in
            if let e = exit { return (e, false) }
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                exit = Self.decode(status)
            } else if r < 0 && errno == ECHILD {
                exit = .unknown
            }
            return (exit, exit != nil)
        }
        if reaped { ChildTable.remove(pid) }
        return exit
    }

    /// Waits up to `seconds` for it to end.
    func wait(seconds: Double) -> ChildExit? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let e = poll() { return e }
            if Date() >= deadline { return nil }
            usleep(5_000)
        }
    }

    /// Signals its process group, unless it has been reaped (so the id cannot have been reused).
    func signalGroup(_ sig: Int32) {
        state.withLock { exit in
            if exit == nil { _ = kill(-pid, sig) }
        }
    }

    /// Ends it politely, then firmly: stdin closed, SIGTERM after `grace` seconds, SIGKILL after
    /// `grace` more. Blocks until it is reaped.
    @discardableResult
    func stop(grace: Double) -> ChildExit {
        closeStdin()
        if let e = wait(seconds: grace) { return e }
        signalGroup(SIGTERM)
        if let e = wait(seconds: grace) { return e }
        signalGroup(SIGKILL)
        return wait(seconds: .infinity)!
    }

    var exit: ChildExit? { state.withLock { $0 } }

    private static func decode(_ status: Int32) -> ChildExit {
        let sig = status & 0x7f
        return sig == 0 ? .exited((status >> 8) & 0xff) : .signaled(sig)
    }
}

struct SpawnError: Error, CustomStringConvertible {
    let errno: Int32
    var description: String { String(cString: strerror(errno)) }
}
