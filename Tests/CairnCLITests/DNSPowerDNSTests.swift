import Foundation
import TestServers
import Testing

/// The `dns` provider through the `cairn` binary against a real PowerDNS with its HTTP API.
@Suite struct DNSPowerDNSTests {
    static func stack(_ pdns: PowerDNSServer, nameservers: String = #"["ns1.example.test."]"#, www: String = #"["192.0.2.1"]"#) -> String {
        """
        stack: test
        providers:
          dns: { server: powerdns, api_url: "\(pdns.apiURL)", api_key: "${env.PDNS_API_KEY}" }
        resources:
          zone:
            type: dns.zone
            properties: { name: example.test, kind: Native, nameservers: \(nameservers) }
          ns1:
            type: dns.record
            properties: { zone: "${zone.name}", name: ns1, type: A, records: ["127.0.0.1"] }
          www:
            type: dns.record
            properties: { zone: "${zone.name}", name: www, type: A, ttl: 60, records: \(www) }
          txt:
            type: dns.record
            properties: { zone: "${zone.name}", name: www, type: TXT, records: ["hello world"] }
          srv:
            type: dns.record
            properties: { zone: "${zone.name}", name: _sip._tcp, type: SRV, records: ["10 5 5060 www.example.test"] }
          caa:
            type: dns.record
            properties: { zone: "${zone.name}", name: "@", type: CAA, records: ['0 issue "letsencrypt.org"'] }
        """
    }

    @Test func zoneAndRecordsLifecycle() throws {
        guard try TestServers.available("pdns_server", "sqlite3", "dig", "curl") else { return }
        let pdns = try PowerDNSServer()
        defer { pdns.stop() }
        let env = ["PDNS_API_KEY": pdns.apiKey]
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack(pdns))

        let apply = try sb.cairn(["apply", "stack", "--auto-approve"], env: env)
        #expect(apply.status == 0, "\(apply.both)")
        #expect(try pdns.dig("example.test.", "NS") == ["ns1.example.test."])
        #expect(try pdns.dig("ns1.example.test.", "A") == ["127.0.0.1"])
        #expect(try pdns.dig("www.example.test.", "A") == ["192.0.2.1"])
        #expect(try pdns.ttl("www.example.test.", "A") == 60)
        #expect(try pdns.dig("www.example.test.", "TXT") == ["\"hello world\""])
        #expect(try pdns.dig("_sip._tcp.example.test.", "SRV") == ["10 5 5060 www.example.test."])
        #expect(try pdns.dig("example.test.", "CAA") == ["0 issue \"letsencrypt.org\""])
        let empty = try sb.cairn(["plan", "stack", "--detailed-exitcode"], env: env)
        #expect(empty.status == 0, "a plan right after apply must be empty:\n\(empty.both)")

        try sb.write(
            "stack.yaml", Self.stack(pdns, nameservers: #"["ns1.example.test.", "ns2.example.test."]"#, www: #"["192.0.2.1", "192.0.2.2"]"#)
        )
        let change = try sb.cairn(["apply", "stack", "--auto-approve"], env: env)
        #expect(change.status == 0, "\(change.both)")
        #expect(try pdns.dig("example.test.", "NS") == ["ns1.example.test.", "ns2.example.test."])
        #expect(try pdns.dig("www.example.test.", "A") == ["192.0.2.1", "192.0.2.2"])
        #expect(try sb.cairn(["plan", "stack", "--detailed-exitcode"], env: env).status == 0)

        // Edited through the API behind Cairn's back.
        let patch =
            #"{"rrsets":[{"name":"www.example.test.","type":"A","ttl":60,"changetype":"REPLACE","records":[{"content":"203.0.113.9","disabled":false}]}]}"#
        #expect(try pdns.api("PATCH", "/servers/localhost/zones/example.test.", json: patch).status == 204)
        let drift = try sb.cairn(["plan", "stack", "--detailed-exitcode"], env: env)
        #expect(drift.status == 2, "\(drift.both)")
        #expect(drift.stdout.contains("203.0.113.9"), "\(drift.stdout)")

        let bad = try sb.cairn(["apply", "stack", "--auto-approve"], env: ["PDNS_API_KEY": "wrong"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("rejected the API key"), "\(bad.both)")
        #expect(try pdns.dig("www.example.test.", "A") == ["203.0.113.9"])

        #expect(try sb.cairn(["apply", "stack", "--auto-approve"], env: env).status == 0)
        #expect(try pdns.dig("www.example.test.", "A") == ["192.0.2.1", "192.0.2.2"])

        let destroy = try sb.cairn(["destroy", "stack", "--auto-approve"], env: env)
        #expect(destroy.status == 0, "\(destroy.both)")
        #expect(try pdns.api("GET", "/servers/localhost/zones/example.test.").status == 404)
        #expect(try pdns.dig("www.example.test.", "A") == [])
    }
}
