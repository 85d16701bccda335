import AWSProvider
import CairnProviderKit
import Foundation
import TestServers
import Testing

/// A moto_server of its own on a free loopback port, stopped by PID when the test is done, and
/// the aws CLI pointed at it to check what the provider did from outside.
final class Moto: @unchecked Sendable {
    let port: UInt16
    let url: String
    let directory: URL
    private let server: ServerProcess

    fileprivate init() throws {
        directory = try TestServers.makeDirectory("moto")
        port = try TestServers.freePort()
        url = "http://127.0.0.1:\(port)"
        server = try ServerProcess(
            "bash", LowPriority.server("moto_server", ["-H", "127.0.0.1", "-p", String(port)]),
            log: directory.appendingPathComponent("moto.log"))
        let ready = TestServers.waitUntil(timeout: 30, interval: 0.1) { [url] in
            (try? TestServers.run("curl", ["-sf", "-o", "/dev/null", "\(url)/moto-api/"], timeout: 5))?.status == 0
        }
        if !ready {
            server.stop()
            throw ProviderError("moto_server did not start on port \(port): \(server.log.suffix(2000))")
        }
    }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    static let credentialsEnvironment = [
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    ]

    /// A provider configured for this server, as a stack's providers block would.
    func provider() async throws -> AWSProvider {
        let provider = AWSProvider(environment: [:])
        try await provider.configure(["region": "us-east-1", "endpoint": .string(url), "access_key": "testing", "secret_key": "testing"])
        return provider
    }

    /// Runs the aws CLI against this server (off Swift's cooperative threads: it blocks).
    @discardableResult
    func cli(_ args: [String]) async throws -> CommandResult {
        let url = url
        return try await offPool { try Self.runCLI(url: url, args) }
    }

    private static func runCLI(url: String, _ args: [String]) throws -> CommandResult {
        try TestServers.run(
            "nice", LowPriority.command("aws", ["--endpoint-url", url, "--region", "us-east-1", "--output", "json"] + args),
            environment: Self.credentialsEnvironment, timeout: 60)
    }

    /// Runs the aws CLI, requires success and parses its JSON answer.
    func json(_ args: [String]) async throws -> [String: Any] {
        let r = try await cli(args)
        try #require(r.status == 0, "aws \(args.joined(separator: " ")) failed: \(r.both)")
        if r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [:] }
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "not JSON: \(r.stdout)")
    }
}

/// Runs `body` with a moto_server of its own, stopped by PID afterwards, also when `body` fails.
/// At most two run at once (scripted servers included): each is a Python process with a heavy
/// start, and the aws CLI checks are Python too, so more at once only slow the whole test run
/// down, and with it other suites' tight timings (the plugin tests start Python plugins too).
/// Returns early when moto_server or the aws CLI is missing outside CI.
func withMoto(_ body: (Moto) async throws -> Void) async throws {
    guard try TestServers.available("moto_server", "aws") else { return }
    await MotoSlots.shared.acquire()
    do {
        let moto = try await offPool { try Moto() }
        do {
            try await body(moto)
        } catch {
            await offPool { moto.stop() }
            throw error
        }
        await offPool { moto.stop() }
    } catch {
        await MotoSlots.shared.release()
        throw error
    }
    await MotoSlots.shared.release()
}

actor MotoSlots {
    static let shared = MotoSlots(limit: 2)
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { free = limit }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

/// Runs blocking work (starting processes, waiting for them) on a GCD thread, so it never holds
/// one of Swift's few cooperative threads that every other suite's async tests share.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

func offPool(_ work: @escaping @Sendable () -> Void) async {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            work()
            continuation.resume()
        }
    }
}

/// moto and the aws CLI are Python programs with a heavy start; run at the lowest priority they
/// leave the CPU to suites with tight timings (the plugin tests) that run at the same time.
/// pyenv's shims are skipped where present: each costs a bash and a `pyenv exec` per call.
enum LowPriority {
    static func command(_ tool: String, _ arguments: [String]) -> [String] {
        ["-n", "19", resolved(tool)] + arguments
    }

    /// Arguments for bash that start a long-lived server the same way, after closing every
    /// descriptor it inherited above stderr. ServerProcess's posix_spawn passes on whatever the
    /// test process has open; a server that kept another test's pipe open (the stdin of a
    /// `sqlite3` fed by TestServers.run, say) would keep that command waiting for EOF until its
    /// timeout.
    static func server(_ tool: String, _ arguments: [String]) -> [String] {
        let closeInherited = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; if [ "$n" -gt 2 ]; then eval "exec $n>&-"; fi; done; exec "$@""#
        return ["-c", closeInherited, "cairn-test-server", "nice"] + command(tool, arguments)
    }

    private static let cache = Cache()

    static func resolved(_ tool: String) -> String {
        if let hit = cache.get(tool) { return hit }
        var path = TestServers.which(tool) ?? tool
        if path.contains("/shims/"), let real = try? TestServers.run("pyenv", ["which", tool], timeout: 10),
            real.status == 0, case let found = real.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
            FileManager.default.isExecutableFile(atPath: found)
        {
            path = found
        }
        cache.set(tool, path)
        return path
    }

    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: [String: String] = [:]
        func get(_ key: String) -> String? {
            lock.lock()
            defer { lock.unlock() }
            return paths[key]
        }
        func set(_ key: String, _ value: String) {
            lock.lock()
            defer { lock.unlock() }
            paths[key] = value
        }
    }
}

/// Short unique names so parallel tests never collide.
func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

extension ResourceObject {
    func string(_ name: String) -> String? { attributes[name]?.stringValue }
}
