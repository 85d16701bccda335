import Foundation
import TestServers
import Testing

/// stacks/dns, unchanged, against a real PowerDNS and a real BIND.
@Suite struct DNSExampleStackTests {
    @Test func exampleStackAppliesPlansCleanAndDestroys() throws {
        guard try TestServers.available("pdns_server", "sqlite3", "named", "tsig-keygen", "dig", "curl") else { return }
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let bind = try BindServer(zone: "internal.test")
        defer { bind.stop() }
        let sb = try Sandbox()
        let stack = RepoRoot.url.appendingPathComponent("stacks/dns").path
        let env = ["PDNS_API_KEY": pdns.apiKey, "TSIG_SECRET": bind.secret]
        let vars = ["--var", "pdns_api_url=\(pdns.apiURL)", "--var", "bind_address=\(bind.address)"]

        let apply = try sb.cairn(["apply", stack, "--auto-approve"] + vars, env: env)
        #expect(apply.status == 0, "\(apply.both)")
        #expect(try pdns.dig("example.test.", "NS") == ["ns1.example.test.", "ns2.example.test."])
        #expect(try pdns.dig("www.example.test.", "A") == ["192.0.2.10", "192.0.2.11"])
        #expect(try pdns.dig("www.example.test.", "AAAA") == ["2001:db8::10"])
        #expect(try pdns.dig("example.test.", "MX") == ["10 mx1.example.net.", "20 mx2.example.net."])
        #expect(try pdns.dig("example.test.", "TXT") == ["\"v=spf1 mx -all\""])
        #expect(try pdns.dig("_sip._tcp.example.test.", "SRV") == ["10 5 5060 www.example.test."])
        #expect(try pdns.dig("example.test.", "CAA") == ["0 issue \"letsencrypt.org\""])
        #expect(try bind.dig("api", "CNAME") == ["www.example.test."])

        let plan = try sb.cairn(["plan", stack, "--detailed-exitcode"] + vars, env: env)
        #expect(plan.status == 0, "\(plan.both)")

        let destroy = try sb.cairn(["destroy", stack, "--auto-approve"] + vars, env: env)
        #expect(destroy.status == 0, "\(destroy.both)")
        #expect(try pdns.api("GET", "/servers/localhost/zones/example.test.").status == 404)
        #expect(try bind.dig("api", "CNAME") == [])
    }
}
