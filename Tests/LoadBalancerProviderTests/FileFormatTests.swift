import CairnProviderKit
import Testing

@testable import HAProxyProvider
@testable import NginxProvider

/// What Cairn writes reads back as the same attributes, and lines it did not write become drift
/// (pure logic: the server-backed suites check that nginx and HAProxy accept these files).
@Suite struct FileFormatTests {
    @Test func aServerWithTLSAndAQuotedBodyReadsBackUnchanged() throws {
        let props: [String: Value] = [
            "name": "site", "listen": "0.0.0.0:8443", "server_name": "a.test b.test",
            "tls_certificate": "/etc/ssl/a.pem", "tls_certificate_key": "/etc/ssl/a.key",
            "locations": .list([
                .map(["path": "/", "upstream": "app"]),
                .map(["path": "/t", "return": 418, "body": "tab\there \"quoted\" back\\slash\nend"]),
                .map(["path": "/empty", "return": 204]),
            ]),
            "extra_directives": ["client_max_body_size 1m;"],
        ]
        let server = try ServerBlock(properties: props)
        let text = server.render()
        #expect(text.contains("    listen 0.0.0.0:8443 ssl;\n"))
        #expect(text.contains(#"return 418 "tab\there \"quoted\" back\\slash\nend";"#))
        #expect(ServerBlock.parse(name: "site", text: text) == server)
    }

    @Test func linesNotWrittenByCairnBecomeExtraDirectives() {
        let text = """
            upstream app {
                hash $request_uri;
                server 10.0.0.1:80 weight=2 max_fails=1 fail_timeout=10s;
                server 10.0.0.2:80 slow_start=30s;
            }
            """
        let u = Upstream.parse(name: "app", text: text)
        #expect(u.servers.map(\.address) == ["10.0.0.1:80"])
        #expect(u.servers.first?.weight == 2)
        #expect(u.extra == ["hash $request_uri;", "server 10.0.0.2:80 slow_start=30s;"])
        // A file that is not an upstream block at all is all drift.
        #expect(Upstream.parse(name: "app", text: "garbage\n").extra == ["garbage"])
    }

    @Test func aBackendRoundTripsAndTakesWeightsAndStatesFromTheRunningHAProxy() throws {
        let backend = try Backend(properties: [
            "name": "app", "mode": "http", "balance": "leastconn",
            "servers": .list([
                .map(["name": "s1", "address": "10.0.0.1:80", "weight": 3, "check": true, "state": "maint"]),
                .map(["name": "s2", "address": "web2:80", "weight": 1, "check": false, "state": "drain"]),
            ]),
        ])
        let text = backend.render()
        #expect(text.contains("    server s1 10.0.0.1:80 weight 3 check disabled\n"))
        var fromFile = backend
        fromFile.servers[1].state = "ready" // drain is not in the file
        #expect(Backend.parse(name: "app", text: text) == fromFile)

        let live = LiveServer.parse(
            """
            1
            # be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_port
            3 app 1 s1 10.0.0.1 0 5 3 3 80
            3 app 2 s2 10.0.0.9 2 8 7 1 80
            """)
        let running = Backend.parse(name: "app", text: text).overlaid(with: try #require(live))
        #expect(running.servers.map(\.state) == ["maint", "drain"])
        #expect(running.servers.map(\.weight) == [3, 7])
        #expect(running.servers.map(\.address) == ["10.0.0.1:80", "web2:80"], "a host name resolved to an IP is the same address")
        #expect(LiveServer.parse("Can't find backend.\n") == nil)
    }
}
