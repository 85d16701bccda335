import CairnProviderKit
import NginxProvider
import Testing

/// Checks the nginx provider makes before nginx sees anything (pure logic, no server).
@Suite struct NginxValidationTests {
    let provider = NginxProvider()

    @Test func badUpstreamPropertiesAreNamed() async throws {
        let issues = try await provider.validate(
            kind: "upstream",
            properties: [
                "name": "has space", "method": "random",
                "servers": .list([.map(["address": "a;b", "weight": 0, "max_fails": 1, "fail_timeout": "10s", "backup": false])]),
            ])
        #expect(Set(issues.compactMap(\.property)) == ["name", "method", "servers"])
        #expect(issues.contains { $0.message.contains("servers[0].weight") })
        #expect(issues.contains { $0.message.contains("\"a;b\"") })
    }

    @Test func aLocationNeedsUpstreamOrReturnAndTLSNeedsBothFiles() async throws {
        let issues = try await provider.validate(
            kind: "server",
            properties: [
                "name": "web", "listen": "127.0.0.1:80 ssl", "tls_certificate": "/etc/c.pem",
                "locations": .list([.map(["path": "/", "upstream": "app", "return": 200]), .map(["path": "/x"])]),
            ])
        let text = issues.map(\.message).joined(separator: "\n")
        #expect(text.contains("locations[0] must set either upstream or return, not both"))
        #expect(text.contains("locations[1] must set either upstream or return, not neither"))
        #expect(text.contains("tls_certificate and tls_certificate_key go together"))
        #expect(text.contains("listen must not say ssl"))
    }

    @Test func unknownValuesAreNotJudgedYet() async throws {
        #expect(
            try await provider.validate(kind: "upstream", properties: ["name": "app", "servers": .unknown, "method": "least_conn"]).isEmpty)
    }
}
