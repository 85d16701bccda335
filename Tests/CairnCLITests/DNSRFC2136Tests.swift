import Foundation
import TestServers
import Testing

/// The `dns` provider through the `cairn` binary against a real BIND with TSIG-signed dynamic
/// updates. Every answer is checked with dig.
@Suite struct DNSRFC2136Tests {
    static func stack(_ bind: BindServer, www: String = #"["192.0.2.10", "192.0.2.11"]"#, ttl: Int = 300, txt: String = #""v=spf1 -all""#)
        -> String
    {
        """
        stack: test
        providers:
          dns:
            server: rfc2136
            address: "\(bind.address)"
            tsig_key_name: \(bind.keyName)
            tsig_secret: "${env.TSIG_SECRET}"
        resources:
          www:
            type: dns.record
            properties: { zone: example.test, name: www, type: A, ttl: \(ttl), records: \(www) }
          v6:
            type: dns.record
            properties: { zone: example.test., name: www.example.test., type: AAAA, records: ["2001:0DB8::0:1"] }
          spf:
            type: dns.record
            properties: { zone: example.test., name: "@", type: TXT, records: [\(txt)] }
          mx:
            type: dns.record
            properties: { zone: example.test., name: "@", type: MX, records: ["10  mail.other.test", "20 backup.other.test."] }
          dkim:
            type: dns.record
            properties: { zone: example.test., name: sel._domainkey, type: TXT, records: ['"v=DKIM1; k=rsa"  "p=MIGf"'] }
          sip:
            type: dns.record
            properties: { zone: example.test., name: _sip._udp, type: SRV, records: ["10   5 5060  SIP.other.test"] }
        outputs:
          www: "${www.fqdn}"
        """
    }

    @Test func badValuesFailValidateAtTheirLine() throws {
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: test
            providers:
              dns: { server: rfc2136, address: "127.0.0.1:53" }
            resources:
              www:
                type: dns.record
                properties:
                  zone: example.test.
                  name: www.other.test.
                  type: A
                  records: ["192.0.2.1"]
              mx:
                type: dns.record
                properties:
                  zone: example.test.
                  name: "@"
                  type: MX
                  records: ["mail.example.test."]
            """)
        let r = try sb.cairn(["validate", "stack"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("stack.yaml:9:"), "\(r.both)")
        #expect(r.stderr.contains("name www.other.test. is not inside the zone example.test."), "\(r.both)")
        #expect(r.stderr.contains("stack.yaml:18:"), "\(r.both)")
        #expect(r.stderr.contains("must be PREFERENCE EXCHANGE"), "\(r.both)")
    }

    @Test func applyChangeDriftAndDestroy() throws {
        guard try TestServers.available("named", "dig", "tsig-keygen", "nsupdate") else { return }
        let bind = try BindServer()
        defer { bind.stop() }
        let env = ["TSIG_SECRET": bind.secret]
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack(bind))

        let apply = try sb.cairn(["apply", "stack", "--auto-approve"], env: env)
        #expect(apply.status == 0, "\(apply.both)")
        #expect(try bind.dig("www", "A") == ["192.0.2.10", "192.0.2.11"])
        #expect(try bind.ttl("www", "A") == 300)
        #expect(try bind.dig("www", "AAAA") == ["2001:db8::1"])
        #expect(try bind.dig("example.test.", "TXT") == ["\"v=spf1 -all\""])
        #expect(try bind.dig("example.test.", "MX") == ["10 mail.other.test.", "20 backup.other.test."])
        #expect(try bind.dig("sel._domainkey", "TXT") == ["\"v=DKIM1; k=rsa\" \"p=MIGf\""])
        #expect(try bind.dig("_sip._udp", "SRV") == ["10 5 5060 sip.other.test."])
        #expect(try sb.cairn(["output", "www", "--raw", "--stack", "stack"]).stdout.contains("www.example.test."))

        let again = try sb.cairn(["plan", "stack", "--detailed-exitcode"], env: env)
        #expect(again.status == 0, "a plan right after apply must be empty:\n\(again.both)")
        #expect(again.stdout.contains("No changes."))

        try sb.write("stack.yaml", Self.stack(bind, www: #"["192.0.2.20"]"#, ttl: 60, txt: #""v=spf1 mx -all""#))
        let change = try sb.cairn(["apply", "stack", "--auto-approve"], env: env)
        #expect(change.status == 0, "\(change.both)")
        #expect(change.stdout.contains("Resources: 0 added, 2 changed, 0 destroyed."), "\(change.stdout)")
        #expect(try bind.dig("www", "A") == ["192.0.2.20"])
        #expect(try bind.ttl("www", "A") == 60)
        #expect(try bind.dig("example.test.", "TXT") == ["\"v=spf1 mx -all\""])
        #expect(try sb.cairn(["plan", "stack", "--detailed-exitcode"], env: env).status == 0)

        // Changed behind Cairn's back with nsupdate: plan shows it and apply puts it back.
        let out = try bind.nsupdate("update delete www.example.test. A\nupdate add www.example.test. 60 A 198.51.100.1")
        #expect(out.status == 0, "\(out.both)")
        let drift = try sb.cairn(["plan", "stack", "--detailed-exitcode"], env: env)
        #expect(drift.status == 2, "\(drift.both)")
        #expect(drift.stdout.contains("Changes made outside Cairn"), "\(drift.stdout)")
        #expect(drift.stdout.contains("198.51.100.1"), "\(drift.stdout)")
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"], env: env).status == 0)
        #expect(try bind.dig("www", "A") == ["192.0.2.20"])

        let destroy = try sb.cairn(["destroy", "stack", "--auto-approve"], env: env)
        #expect(destroy.status == 0, "\(destroy.both)")
        #expect(try bind.dig("www", "A") == [])
        #expect(try bind.dig("www", "AAAA") == [])
        #expect(try bind.dig("example.test.", "TXT") == [])
        #expect(try bind.dig("example.test.", "MX") == [])
        #expect(try bind.dig("example.test.", "NS") == ["ns1.example.test."], "records Cairn does not manage stay")
        #expect(try sb.stateList().isEmpty)
    }

    @Test func wrongSecretFailsClearlyAndLeavesStateAlone() throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try BindServer()
        defer { bind.stop() }
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack(bind))
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"], env: ["TSIG_SECRET": bind.secret]).status == 0)
        let listBefore = try sb.stateList()
        let showBefore = try listBefore.map { try sb.cairn(["state", "show", $0, "--json", "--stack", "stack"]).stdout }
        let historyBefore = try sb.cairn(["state", "history", "--stack", "stack"])

        try sb.write("stack.yaml", Self.stack(bind, www: #"["192.0.2.99"]"#))
        let wrong = ["TSIG_SECRET": "d3Jvbmd3cm9uZ3dyb25nd3Jvbmd3cm9uZ3dyb25nIQ=="]
        let apply = try sb.cairn(["apply", "stack", "--auto-approve", "--refresh=false"], env: wrong)
        #expect(apply.status == 1, "\(apply.both)")
        #expect(apply.stderr.contains("TSIG key cairnkey was rejected by \(bind.address) (BADSIG)"), "\(apply.both)")
        #expect(apply.stderr.contains("check tsig_secret"), "\(apply.both)")
        #expect(try bind.dig("www", "A") == ["192.0.2.10", "192.0.2.11"])

        // A refreshing plan fails the same way, before changing anything.
        let plan = try sb.cairn(["plan", "stack"], env: wrong)
        #expect(plan.status == 1)
        #expect(plan.stderr.contains("BADSIG"), "\(plan.both)")

        #expect(try sb.stateList() == listBefore)
        #expect(try listBefore.map { try sb.cairn(["state", "show", $0, "--json", "--stack", "stack"]).stdout } == showBefore)
        // The failed apply is logged as a version that changed nothing.
        let historyAfter = try sb.cairn(["state", "history", "--stack", "stack"]).lines
        #expect(Array(historyAfter.prefix(2)) == historyBefore.lines, "\(historyAfter)")
        #expect(historyAfter.count == 3 && historyAfter[2].contains("failed") && historyAfter[2].contains("0/0/0"), "\(historyAfter)")
    }

    @Test func importThenPlanIsEmpty() throws {
        guard try TestServers.available("named", "dig", "tsig-keygen", "nsupdate") else { return }
        let bind = try BindServer()
        defer { bind.stop() }
        let r = try bind.nsupdate("update add api.example.test. 120 A 192.0.2.50\nupdate add api.example.test. 120 A 192.0.2.51")
        #expect(r.status == 0, "\(r.both)")
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: test
            providers:
              dns: { server: rfc2136, address: "\(bind.address)", tsig_key_name: cairnkey, tsig_secret: "\(bind.secret)" }
            resources:
              api:
                type: dns.record
                properties: { zone: example.test., name: api, type: A, ttl: 120, records: ["192.0.2.50", "192.0.2.51"] }
            """)
        let imp = try sb.cairn(["import", "api", "example.test./api/A", "stack"])
        #expect(imp.status == 0, "\(imp.both)")
        #expect(try sb.stateAttribute("api", "fqdn") == "api.example.test.")
        // Import lists records sorted; a configuration in that order plans nothing.
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 0, "an imported RRset that matches the config plans nothing:\n\(plan.both)")

        let collide = try Sandbox()
        try collide.write(
            "stack.yaml",
            """
            stack: test
            providers:
              dns: { server: rfc2136, address: "\(bind.address)", tsig_key_name: cairnkey, tsig_secret: "\(bind.secret)" }
            resources:
              api:
                type: dns.record
                properties: { zone: example.test., name: api, type: A, records: ["192.0.2.1"] }
            """)
        let apply = try collide.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 1)
        #expect(apply.stderr.contains("api.example.test. A already exists"), "\(apply.both)")
        #expect(try bind.dig("api", "A") == ["192.0.2.50", "192.0.2.51"])
    }

    @Test func zonesNeedPowerDNS() throws {
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: test
            providers:
              dns: { server: rfc2136, address: "127.0.0.1:1" }
            resources:
              z:
                type: dns.zone
                properties: { name: example.test. }
            """)
        let plan = try sb.cairn(["plan", "stack"])
        #expect(plan.status == 1)
        #expect(plan.stderr.contains("dns.zone needs server: powerdns; RFC 2136 cannot create or delete zones"), "\(plan.both)")
        // validate says so too, at the block's type line, without reaching any server.
        let validate = try sb.cairn(["validate", "stack"])
        #expect(validate.status == 1)
        #expect(validate.stderr.contains("stack.yaml:6:11:"), "\(validate.both)")
        #expect(validate.stderr.contains("dns.zone needs server: powerdns"), "\(validate.both)")
        // With the server kind coming from a variable, validate can't tell; plan still does.
        try sb.write(
            "stack.yaml",
            (sb.file("stack/stack.yaml") ?? "")
                .replacingOccurrences(of: "server: rfc2136", with: "server: \"${var.kind}\"")
                .replacingOccurrences(of: "stack: test\n", with: "stack: test\nvariables:\n  kind: { default: rfc2136 }\n"))
        #expect(try sb.cairn(["validate", "stack"]).status == 0)
        #expect(try sb.cairn(["plan", "stack"]).stderr.contains("dns.zone needs server: powerdns"))
    }
}

extension DNSRFC2136Tests {
    /// Another name is another RRset: replaced. Another spelling of the same name is not.
    @Test func renamingReplacesButRespellingDoesNot() throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try BindServer()
        defer { bind.stop() }
        let sb = try Sandbox()
        func write(_ name: String) throws {
            try sb.write(
                "stack.yaml",
                """
                stack: test
                providers:
                  dns: { server: rfc2136, address: "\(bind.address)", tsig_key_name: cairnkey, tsig_secret: "\(bind.secret)" }
                resources:
                  web:
                    type: dns.record
                    properties: { zone: example.test., name: "\(name)", type: A, records: ["192.0.2.5"] }
                """)
        }
        try write("www")
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        try write("www.example.test.")
        let respell = try sb.cairn(["plan", "stack"])
        #expect(!respell.stdout.contains("-/+"), "\(respell.stdout)")
        try write("web")
        let rename = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(rename.status == 0, "\(rename.both)")
        #expect(rename.stdout.contains("Resources: 1 added, 0 changed, 1 destroyed."), "\(rename.stdout)")
        #expect(try bind.dig("www", "A") == [])
        #expect(try bind.dig("web", "A") == ["192.0.2.5"])
    }
}
