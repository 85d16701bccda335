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

    /// nil when moto_server or the aws CLI is missing outside CI (the test then returns early).
    static func start() throws -> Moto? {
        guard try TestServers.available("moto_server", "aws") else { return nil }
        return try Moto()
    }

    private init() throws {
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

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

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

/// Short unique names so parallel tests never collide.
func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

extension ResourceObject {
    func string(_ name: String) -> String? { attributes[name]?.stringValue }
}
