import CPluginSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn and watched with poll/waitpid by whoever waits for it.
///
/// Foundation's `Process` learns of a child's exit through a signal source on a dispatch queue;
/// in a busy process that notice can come late or never (seen here: `waitUntilExit` hanging on
/// an exited, unreaped child). Here nothing depends on another thread being free, and the child
/// starts with no signal blocked and every handler at its default.
public final class Subprocess: @unchecked Sendable {
    /// Where a child's standard output or error goes.
    public enum Sink: Sendable {
        /// Collected by `wait`.
        case capture
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
    private let lock = NSLock()
    private var rawStatus: Int32?
    private var outFD: Int32
    private var errFD: Int32

    public var pid: pid_t { processIdentifier }

    /// Starts `path` (an absolute path) with `arguments`. `environment` nil inherits this
    /// process's; `stdin` is written to the child and closed (nil: /dev/null).
    public init(_ path: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
                stdin: Data? = nil, stdout: Sink = .capture, stderr: Sink = .capture) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [Int32] = []   // closed in the parent after the spawn
        defer { for fd in parentEnds { close(fd) } }

        var stdinWrite: Int32 = -1
        if let stdin, !stdin.isEmpty {
            // The child's end stays blocking: O_NONBLOCK belongs to the pipe, not to one process,
            // and a child reading a non-blocking stdin before we wrote gets EAGAIN and gives up.
            let (r, w) = try Self.pipePair(nonBlockingRead: false)
            posix_spawn_file_actions_adddup2(&actions, r, 0)
            parentEnds.append(r)
            stdinWrite = w
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        func route(_ sink: Sink, to fd: Int32) throws -> Int32 {
            switch sink {
            case .capture:
                let (r, w) = try Self.pipePair()
                posix_spawn_file_actions_adddup2(&actions, w, fd)
                parentEnds.append(w)
                return r
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            case .standardOutput:
                posix_spawn_file_actions_adddup2(&actions, 1, fd)
            case .null:
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
            }
            return -1
        }
        outFD = try route(stdout, to: 1)
        errFD = try route(stderr, to: 2)
        // Nothing else this process has open reaches the child: a pipe it inherited by accident
        // would keep another reader from ever seeing end of file.
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
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // Swift's Glibc module lacks posix_spawn_file_actions_addchdir_np: a shell changes folder,
        // then becomes the program.
        let program = directory == nil ? path : "/bin/sh"
        let argv = directory.map { ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", $0, path] + arguments } ?? [path] + arguments
        let env = environment.map { $0.map { "\($0.key)=\($0.value)" } }
        var child: pid_t = 0
        let rc = Self.withCStrings(argv) { cArgv in
            if let env {
                return Self.withCStrings(env) { posix_spawn(&child, program, &actions, &attr, cArgv, $0) }
            }
            return posix_spawn(&child, program, &actions, &attr, cArgv, environ)
        }
        guard rc == 0 else {
            for fd in [outFD, errFD, stdinWrite] where fd >= 0 { close(fd) }
            throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .ENOEXEC)
        }
        processIdentifier = child
        if stdinWrite >= 0, let stdin {
            stdin.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = write(stdinWrite, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 { if errno == EINTR { continue }; break }
                    offset += n
                }
            }
            close(stdinWrite)
        }
    }

    deinit {
        for fd in [outFD, errFD] where fd >= 0 { close(fd) }
    }

    /// Runs a command to completion: killed once `timeout` seconds have passed.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil,
                           directory: String? = nil, stdin: Data? = nil, mergeStandardError: Bool = false,
                           timeout: Double) throws -> Output {
        try Subprocess(path, arguments, environment: environment, directory: directory, stdin: stdin,
                       stdout: .capture, stderr: mergeStandardError ? .standardOutput : .capture).wait(timeout: timeout)
    }

    /// Whether the child has not exited yet (it is reaped once it has).
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// How the child ended (`.exit` while it still runs).
    public var terminationReason: TerminationReason {
        ((reap(blocking: false) ?? 0) & 0x7f) != 0 ? .uncaughtSignal : .exit
    }

    /// Sends SIGTERM.
    public func terminate() { _ = kill(processIdentifier, SIGTERM) }

    /// Waits for the child to exit, collecting what it writes to captured outputs; kills it with
    /// SIGKILL once `timeout` seconds have passed (nil: no limit). One caller at a time.
    public func wait(timeout: Double? = nil) -> Output {
        var out = Data(), err = Data()
        var timedOut = false
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var drainUntil: Date?
        var buffer = [UInt8](repeating: 0, count: 65536)
        func drain(_ fd: inout Int32, into data: inout Data) {
            guard fd >= 0 else { return }
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
                if n == 0 || (errno != EAGAIN && errno != EINTR) { close(fd); fd = -1 }
                return
            }
        }
        while true {
            let exited = reap(blocking: false) != nil
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
                _ = poll(&fds, nfds_t(fds.count), 20)
                drain(&outFD, into: &out)
                drain(&errFD, into: &err)
            }
            if !exited, let deadline, Date() > deadline {
                timedOut = true
                kill(processIdentifier, SIGKILL)
                _ = reap(blocking: true)
            }
        }
        // What is already in the pipes is read even when the wait for end of file gave up: a
        // thread descheduled past the drain deadline must not lose the child's whole output.
        drain(&outFD, into: &out)
        drain(&errFD, into: &err)
        for fd in [outFD, errFD] where fd >= 0 { close(fd) }
        outFD = -1
        errFD = -1
        let raw = reap(blocking: true) ?? 0
        let signalled = (raw & 0x7f) != 0
        return Output(status: signalled ? raw & 0x7f : (raw >> 8) & 0xff,
                      reason: signalled ? .uncaughtSignal : .exit, stdout: out, stderr: err, timedOut: timedOut)
    }

    /// The raw wait status once reaped; nil while running.
    private func reap(blocking: Bool) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let rawStatus { return rawStatus }
        var status: Int32 = 0
        while true {
            let r = waitpid(processIdentifier, &status, blocking ? 0 : WNOHANG)
            if r == processIdentifier { rawStatus = status; return status }
            if r == -1, errno == EINTR { continue }
            if r == -1 { rawStatus = 0; return 0 }   // not our child any more: nothing to wait for
            return nil
        }
    }

    /// A pipe whose ends are close-on-exec; the read end non-blocking when we are the reader.
    private static func pipePair(nonBlockingRead: Bool = true) throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EMFILE) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        if nonBlockingRead { _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK) }
        return (fds[0], fds[1])
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for p in pointers { free(p) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
