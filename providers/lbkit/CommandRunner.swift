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
public enum CommandRunner {
    public static func run(_ executable: String, _ arguments: [String], timeout: Double = 30) throws -> CommandOutput {
        guard let path = resolve(executable) else {
            throw ProviderErrorFactory.missingBinary(executable)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let collected = OutputBox()
        let reader = DispatchGroup()
        reader.enter()
        DispatchQueue.global().async {
            collected.data = pipe.fileHandleForReading.readDataToEndOfFile()
            reader.leave()
        }
        let pid = process.processIdentifier
        let killed = OutputBox()
        let timer = DispatchWorkItem {
            killed.flag = true
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        process.waitUntilExit()
        timer.cancel()
        // A daemon forked by the command may keep the pipe open; never wait long for it.
        _ = reader.wait(timeout: .now() + 2)
        return CommandOutput(status: process.terminationStatus,
                             output: String(decoding: collected.data, as: UTF8.self), timedOut: killed.flag)
    }

    /// The full path of `name`: itself when it holds a slash, else found on PATH or in the sbin folders.
    public static func resolve(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/local/sbin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _data = Data()
    private var _flag = false
    var data: Data {
        get { lock.withLock { _data } }
        set { lock.withLock { _data = newValue } }
    }
    var flag: Bool {
        get { lock.withLock { _flag } }
        set { lock.withLock { _flag = newValue } }
    }
}
