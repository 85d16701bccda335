import CPluginSpawn
import CairnProviderKit
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started with posix_spawn and watched with waitpid by whoever waits for it: the
/// one way Cairn starts a process (commands a provider runs, plugins, test servers).
///
/// Foundation's `Process` learns of a child's exit through a signal source on a dispatch queue;
/// in a busy process that notice can come late or never (seen here: `waitUntilExit` hanging on
/// an exited, unreaped child). Here nothing depends on another thread being free. The child
/// starts with every signal at its default action and none blocked: Cairn ignores SIGINT and
/// SIGTERM while it handles them, and a child would otherwise inherit that and shrug off SIGTERM.
/// Nothing else this process has open reaches the child (closefrom): a pipe it inherited by
/// accident would keep another reader from ever seeing end of file, and the state database or
/// another plugin's pipes are none of its business.
public final class Subprocess: Sendable {
    /// What the child reads on standard input.
    public enum Input: Sendable {
        /// /dev/null.
        case null
        /// These bytes, written before `init` returns, then end of file.
        case bytes(Data)
        /// A pipe this process writes through `withStandardInput` until `closeStandardInput`.
        case pipe
    }

    /// Where a child's standard output or error goes.
    public enum Sink: Sendable {
        /// Collected by `wait(timeout:)`.
        case capture
        /// A pipe whose (blocking) read end the caller reads and closes: `standardOutput` or
        /// `standardError`.
        case pipe
        /// Appended to this file (created if missing).
        case file(String)
        /// To wherever standard output goes (only for standard error).
        case standardOutput
        case null
    }

    public enum TerminationReason: Sendable, Equatable { case exit, uncaughtSignal }

    public struct Output: Sendable {
        /// The exit code, or the number of the signal that ended it (as Foundation's Process has it).
        public var status: Int32
        public var reason: TerminationReason
        public var stdout: Data
        public var stderr: Data
        /// Killed because `wait`'s timeout passed.
        public var timedOut: Bool
    }

    public let processIdentifier: pid_t
    /// Whether it leads a process group of its own (`signal` then reaches its children too).
    public let ownProcessGroup: Bool
    /// Read ends of `.pipe` sinks, for the caller; -1 otherwise.
    public let standardOutput: Int32
    public let standardError: Int32
    private let exitStatus = Locked<ProcessExit?>(nil)
    /// Read ends of `.capture` sinks, non-blocking; taken (set to -1) by `wait(timeout:)`.
    private let captured: Locked<(out: Int32, err: Int32)>
    /// Write end of a `.pipe` input, non-blocking; -1 once closed. Held while writing, so the
    /// descriptor is never closed mid-write.
    private let input: Locked<Int32>

    public var pid: pid_t { processIdentifier }

    /// Starts `path` (an absolute path) with `arguments`. `environment` nil inherits this
    /// process's; `directory` nil keeps this process's. `processGroup`: the child leads a group
    /// of its own, so a Ctrl-C meant for Cairn does not reach it.
    public init(
        _ path: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: Input = .null, stdout: Sink = .capture, stderr: Sink = .capture, processGroup: Bool = false
    ) throws {
        var attempt = 0
        while true {
            do {
                let spawned = try Self.spawn(
                    path, arguments, environment: environment, directory: directory,
                    stdin: stdin, stdout: stdout, stderr: stderr, processGroup: processGroup)
                processIdentifier = spawned.pid
                ownProcessGroup = processGroup
                standardOutput = spawned.pipedOut
                standardError = spawned.pipedErr
                captured = Locked((spawned.capturedOut, spawned.capturedErr))
                input = Locked(spawned.stdinPipe)
                break
            } catch let error as POSIXError where error.code == .ETXTBSY && attempt < 5 {
                // A script written a moment ago can still be open for writing in a process another
                // thread has just forked; it is closed when that process execs.
                attempt += 1
                usleep(UInt32(20_000 * attempt))
            }
        }
        if case .bytes(let data) = stdin, !data.isEmpty {
            input.withLock { fd in
                Self.writeAll(data, to: fd)
                close(fd)
                fd = -1
            }
        }
    }

    deinit {
        let (out, err) = captured.value
        for fd in [out, err, input.value] where fd >= 0 { close(fd) }
    }

    /// Runs a command to completion: killed once `timeout` seconds have passed.
    public static func run(
        _ path: String, _ arguments: [String], environment: [String: String]? = nil,
        directory: String? = nil, stdin: Data? = nil, mergeStandardError: Bool = false,
        timeout: Double
    ) throws -> Output {
        try Subprocess(
            path, arguments, environment: environment, directory: directory, stdin: stdin.map { .bytes($0) } ?? .null,
            stdout: .capture, stderr: mergeStandardError ? .standardOutput : .capture
        ).wait(timeout: timeout)
    }

    // MARK: - Exit

    /// How it ended, if it has; reaps it. Never blocks.
    public func poll() -> ProcessExit? { reap(blocking: false) }

    /// How it ended, if it has (without asking the kernel again).
    public var exit: ProcessExit? { exitStatus.value }

    /// Whether the child has not exited yet (it is reaped once it has).
    public var isRunning: Bool { poll() == nil }

    /// How the child ended (`.exit` while it still runs).
    public var terminationReason: TerminationReason {
        if case .signaled = poll() { return .uncaughtSignal }
        return .exit
    }

    /// Waits up to `seconds` for it to end (polling; no thread needs to be free to notice).
    public func waitForExit(seconds: Double) -> ProcessExit? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let e = poll() { return e }
            if Date() >= deadline { return nil }
            usleep(5_000)
        }
    }

    // MARK: - Signals

    /// Sends SIGTERM.
    public func terminate() { signal(SIGTERM) }

    /// Sends `sig` to the child (to its whole group when it leads one), unless it has been
    /// reaped: then its id may belong to another process already.
    public func signal(_ sig: Int32) {
        exitStatus.withLock { exit in
            if exit == nil { _ = kill(ownProcessGroup ? -processIdentifier : processIdentifier, sig) }
        }
    }

    /// Ends it politely, then firmly: stdin closed, SIGTERM after `grace` seconds, SIGKILL after
    /// `grace` more. Blocks until it is reaped.
    @discardableResult
    public func stop(grace: Double) -> ProcessExit {
        closeStandardInput()
        if let e = waitForExit(seconds: grace) { return e }
        signal(SIGTERM)
        if let e = waitForExit(seconds: grace) { return e }
        signal(SIGKILL)
        return waitForExit(seconds: .infinity)!
    }

    // MARK: - Standard input (`.pipe`)

    /// Runs `body` with the stdin descriptor, unless it was closed. Writers take turns.
    public func withStandardInput<T: Sendable>(_ body: (Int32) -> T) -> T? {
        input.withLock { fd in fd >= 0 ? body(fd) : nil }
    }

    public func closeStandardInput() {
        input.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    // MARK: - Captured output

    /// Waits for the child to exit, collecting what it writes to captured outputs; kills it with
    /// SIGKILL once `timeout` seconds have passed (nil: no limit). One caller at a time.
    public func wait(timeout: Double? = nil) -> Output {
        var (outFD, errFD) = captured.exchange((-1, -1))
        var out = Data()
        var err = Data()
        var timedOut = false
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var drainUntil: Date?
        var buffer = [UInt8](repeating: 0, count: 65536)
        func drain(_ fd: inout Int32, into data: inout Data) {
            guard fd >= 0 else { return }
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n > 0 {
                    data.append(contentsOf: buffer[0..<n])
                    continue
                }
                if n == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(fd)
                    fd = -1
                }
                return
            }
        }
        while true {
            let exited = poll() != nil
            if exited, drainUntil == nil {
                // A daemon the child forked may keep a pipe open; never wait long for it.
                drainUntil = Date().addingTimeInterval(2)
            }
            let open = [outFD, errFD].filter { $0 >= 0 }
            if exited, open.isEmpty { break }
            if let drainUntil, Date() > drainUntil { break }
            if open.isEmpty {
                usleep(5_000)
            } else {
                var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                waitReadable(&fds, milliseconds: 20)
                drain(&outFD, into: &out)
                drain(&errFD, into: &err)
            }
            if !exited, let deadline, Date() > deadline {
                timedOut = true
                signal(SIGKILL)
                _ = reap(blocking: true)
            }
        }
        // What is already in the pipes is read even when the wait for end of file gave up: a
        // thread descheduled past the drain deadline must not lose the child's whole output.
        drain(&outFD, into: &out)
        drain(&errFD, into: &err)
        for fd in [outFD, errFD] where fd >= 0 { close(fd) }
        let exit = reap(blocking: true)
        let (status, reason): (Int32, TerminationReason)
        switch exit {
        case .signaled(let sig): (status, reason) = (sig, .uncaughtSignal)
        case .exited(let code): (status, reason) = (code, .exit)
        case .unknown, nil: (status, reason) = (0, .exit)
        }
        return Output(status: status, reason: reason, stdout: out, stderr: err, timedOut: timedOut)
    }

    // MARK: - Spawning

    /// How it ended once reaped; nil while running. Reaped exactly once, under the lock, so a
    /// signal can never reach a reused process id.
    private func reap(blocking: Bool) -> ProcessExit? {
        exitStatus.withLock { exit in
            if let exit { return exit }
            var status: Int32 = 0
            while true {
                let r = waitpid(processIdentifier, &status, blocking ? 0 : WNOHANG)
                if r == processIdentifier {
                    exit = ProcessExit(waitStatus: status)
                } else if r == -1, errno == EINTR {
                    continue
                } else if r == -1 {
                    exit = .unknown // not our child any more: nothing to wait for
                }
                return exit
            }
        }
    }

    private struct Spawned {
        var pid: pid_t
        var stdinPipe: Int32 = -1
        var capturedOut: Int32 = -1, capturedErr: Int32 = -1
        var pipedOut: Int32 = -1, pipedErr: Int32 = -1
    }

    private static func spawn(
        _ path: String, _ arguments: [String], environment: [String: String]?, directory: String?,
        stdin: Input, stdout: Sink, stderr: Sink, processGroup: Bool
    ) throws -> Spawned {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var childEnds: [Int32] = [] // closed in the parent after the spawn
        var parentEnds: [Int32] = [] // closed too if the spawn fails
        defer { for fd in childEnds { close(fd) } }
        var spawned = Spawned(pid: 0)

        switch stdin {
        case .null:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .bytes(let data) where data.isEmpty:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .bytes, .pipe:
            // The child's end stays blocking: O_NONBLOCK belongs to the pipe end, not to one
            // process, and a child reading a non-blocking stdin before we wrote gets EAGAIN.
            let (r, w) = try pipePair()
            posix_spawn_file_actions_adddup2(&actions, r, 0)
            childEnds.append(r)
            parentEnds.append(w)
            if case .pipe = stdin { setNonBlocking(w) }
            spawned.stdinPipe = w
        }
        func route(_ sink: Sink, to fd: Int32) throws -> (captured: Int32, piped: Int32) {
            switch sink {
            case .capture, .pipe:
                let (r, w) = try pipePair()
                posix_spawn_file_actions_adddup2(&actions, w, fd)
                childEnds.append(w)
                parentEnds.append(r)
                if case .capture = sink {
                    setNonBlocking(r)
                    return (r, -1)
                }
                return (-1, r)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            case .standardOutput:
                posix_spawn_file_actions_adddup2(&actions, 1, fd)
            case .null:
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
            }
            return (-1, -1)
        }
        do {
            (spawned.capturedOut, spawned.pipedOut) = try route(stdout, to: 1)
            (spawned.capturedErr, spawned.pipedErr) = try route(stderr, to: 2)
        } catch {
            parentEnds.forEach { close($0) }
            throw error
        }
        _ = cairn_spawn_add_closefrom(&actions, 3)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        var allDefault = sigset_t()
        sigfillset(&allDefault)
        posix_spawnattr_setsigmask(&attr, &noneBlocked)
        posix_spawnattr_setsigdefault(&attr, &allDefault)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if processGroup {
            posix_spawnattr_setpgroup(&attr, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attr, Int16(flags))

        // Swift's Glibc module lacks posix_spawn_file_actions_addchdir_np: a shell changes folder,
        // then becomes the program.
        let program = directory == nil ? path : "/bin/sh"
        let argv = directory.map { ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", $0, path] + arguments } ?? [path] + arguments
        let env = environment.map { $0.map { "\($0.key)=\($0.value)" } }
        var child: pid_t = 0
        let rc = withCStrings(argv) { cArgv in
            if let env {
                return withCStrings(env) { posix_spawn(&child, program, &actions, &attr, cArgv, $0) }
            }
            return posix_spawn(&child, program, &actions, &attr, cArgv, environ)
        }
        guard rc == 0 else {
            parentEnds.forEach { close($0) }
            throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .ENOEXEC)
        }
        spawned.pid = child
        return spawned
    }

    private static func writeAll(_ data: Data, to fd: Int32) {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    break
                }
                offset += n
            }
        }
    }

    /// A pipe whose ends are close-on-exec from the start (pipe2), so no process another thread
    /// spawns meanwhile inherits them and keeps the pipe open.
    private static func pipePair() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard cairn_pipe_cloexec(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EMFILE) }
        return (fds[0], fds[1])
    }

    private static func setNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for p in pointers { free(p) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// poll(2), out of the way of `Subprocess.poll()`.
private func waitReadable(_ fds: inout [pollfd], milliseconds: Int32) {
    _ = poll(&fds, nfds_t(fds.count), milliseconds)
}
