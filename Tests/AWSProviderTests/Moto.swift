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
        server = try ServerProcess("moto_server", ["-H", "127.0.0.1", "-p", String(port)], log: directory.appendingPathComponent("moto.log"))
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

    /// Runs the aws CLI against this server.
    @discardableResult
    func cli(_ args: [String]) throws -> CommandResult {
        try TestServers.run("aws", ["--endpoint-url", url, "--region", "us-east-1", "--output", "json"] + args,
                            environment: Self.credentialsEnvironment, timeout: 60)
    }

    /// Runs the aws CLI, requires success and parses its JSON answer.
    func json(_ args: [String]) throws -> [String: Any] {
        let r = try cli(args)
        try #require(r.status == 0, "aws \(args.joined(separator: " ")) failed: \(r.both)")
        if r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [:] }
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "not JSON: \(r.stdout)")
    }
}

/// Runs `body` with a moto_server of its own, stopped by PID afterwards, also when `body` fails.
/// At most two run at once: each is a Python process with a heavy start, and the aws CLI checks
/// are Python too, so more at once only slow the whole test run (and other suites' timings) down.
/// Returns early when moto_server or the aws CLI is missing outside CI.
func withMoto(_ body: (Moto) async throws -> Void) async throws {
    guard try TestServers.available("moto_server", "aws") else { return }
    await MotoSlots.shared.acquire()
    do {
        let moto = try Moto()
        defer { moto.stop() }
        try await body(moto)
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
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

/// Short unique names so parallel tests never collide.
func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

extension ResourceObject {
    func string(_ name: String) -> String? { attributes[name]?.stringValue }
}
