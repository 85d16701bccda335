import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished command printed, stdout and stderr together in the order they came.
public struct CommandOutput: Sendable {
    public var status: Int32
    public var output: String
    public var timedOut: Bool
    public var succeeded: Bool { status == 0 && !timedOut }
}

/// Runs a load balancer's own binary (`nginx -t`, `haproxy -c`) to completion, killed after a timeout.
///
/// Spawned with posix_spawn and watched with poll/waitpid on the calling thread: nothing depends on
/// a dispatch queue being free, so a busy process cannot delay noticing the command's exit, and
/// the child starts with no signal blocked.
public enum CommandRunner {
    public static func run(_ executable: String, _ arguments: [String], timeout: Double = 30) throws -> CommandOutput {
        guard let path = resolve(executable) else {
            throw ProviderErrorFactory.missingBinary(executable)
        }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EMFILE) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        defer { close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
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

        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, &argv, environ)
        close(writeEnd)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .ENOEXEC) }

        var output = Data()
        var status: Int32 = 0
        var exited = false
        var timedOut = false
        var pipeOpen = true
        let deadline = Date().addingTimeInterval(timeout)
        var drainUntil: Date?
        var buffer = [UInt8](repeating: 0, count: 65536)
        while pipeOpen || !exited {
            if !exited, waitpid(pid, &status, WNOHANG) == pid {
                exited = true
                // A daemon forked by the command may keep the pipe open; never wait long for it.
                drainUntil = Date().addingTimeInterval(2)
            }
            if pipeOpen {
                var p = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                _ = poll(&p, 1, 20)
                while true {
                    let n = read(readEnd, &buffer, buffer.count)
                    if n > 0 { output.append(contentsOf: buffer[0..<n]); continue }
                    if n == 0 { pipeOpen = false }
                    break
                }
            } else if !exited {
                usleep(10_000)
            }
            if let drainUntil, Date() > drainUntil { break }
            if !exited, Date() > deadline {
                timedOut = true
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                exited = true
                drainUntil = Date()
            }
        }
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return CommandOutput(status: code, output: String(decoding: output, as: UTF8.self), timedOut: timedOut)
    }

    /// The full path of `name`: itself when it holds a slash, else found on PATH or in the sbin folders.
    public static func resolve(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/local/sbin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
