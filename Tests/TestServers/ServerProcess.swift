import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A server started by a test, writing to a log file, stopped by its PID (SIGTERM, then SIGKILL)
/// when `stop()` is called or the object goes away.
public final class ServerProcess: @unchecked Sendable {
    public let pid: Int32
    public let logURL: URL
    private let process: Process
    private let lock = NSLock()
    private var stopped = false

    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                directory: URL? = nil, log: URL) throws {
        guard let path = TestServers.which(executable) else { throw TestServers.Missing(executables: [executable]) }
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? handle.close()
        pid = process.processIdentifier
        logURL = log
    }

    public var isRunning: Bool { process.isRunning }

    /// What the server has written so far.
    public var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Sends `signal`, waits up to `grace` seconds, then kills. Safe to call twice.
    public func stop(signal: Int32 = SIGTERM, grace: Double = 5) {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        guard process.isRunning else { return }
        kill(pid, signal)
        if !TestServers.waitUntil(timeout: grace, { !process.isRunning }) {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop(grace: 2) }
}
