import CairnProcess
import CairnProviderKit
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
        let r = try Subprocess.run(path, arguments, mergeStandardError: true, timeout: timeout)
        return CommandOutput(status: r.status, output: String(decoding: r.stdout, as: UTF8.self), timedOut: r.timedOut)
    }

    /// The full path of `name`: itself when it holds a slash, else found on PATH or in the sbin folders.
    public static func resolve(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/local/sbin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
