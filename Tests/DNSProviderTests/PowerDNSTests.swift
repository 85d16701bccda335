import CairnProviderKit
import DNSProvider
import Foundation
import TestServers
import Testing

/// dns.zone and dns.record against a real PowerDNS (SQLite backend) through its HTTP API.
@Suite struct PowerDNSTests {
    @Test func zoneLifecycle() async throws {
        guard try TestServers.available("pdns_server", "sqlite3", "dig", "curl") else { return }
        let pdns = try await PowerDNSServer.started()
        defer { pdns.stop() }
        let dns = try await Configured.powerDNS(pdns)
        let props: [String: Value] = ["name": "zone.test", "kind": "Native", "nameservers": ["ns1.zone.test."], "soa_edit_api": "DEFAULT"]
        let zone = try await dns.create(kind: "zone", properties: props)
        #expect(zone.id == "zone.test.")
        #expect(try await pdns.digAsync("zone.test.", "NS") == ["ns1.zone.test."])
        #expect(try await pdns.digAsync("zone.test.", "SOA").count == 1)
        #expect(try await dns.read(kind: "zone", current: zone) == zone)

        var changed = props
        changed["kind"] = "Master"
        changed["nameservers"] = ["ns1.zone.test.", "ns2.zone.test."]
        let updated = try await dns.update(kind: "zone", prior: zone, properties: changed)
        #expect(try await pdns.digAsync("zone.test.", "NS") == ["ns1.zone.test.", "ns2.zone.test."])
        #expect(try await pdns.apiAsync("GET", "/servers/localhost/zones/zone.test.").body.contains(#""kind": "Master""#))
        #expect(try await dns.read(kind: "zone", current: updated) == updated)

        let again = await #expect(throws: ProviderError.self) { try await dns.create(kind: "zone", properties: props) }
        #expect(again?.message.contains("zone zone.test. already exists") == true, "\(String(describing: again))")
        #expect(again?.hint?.contains("cairn import") == true)
        let imported = try #require(try await dns.importResource(kind: "zone", id: "zone.test."))
        #expect(imported.id == "zone.test.")
        #expect(imported.attributes["kind"] == "Master")
        #expect(imported.attributes["nameservers"] == ["ns1.zone.test.", "ns2.zone.test."])
        #expect(try await dns.adopt(kind: "zone", properties: changed)?.id == "zone.test.")

        try await dns.delete(kind: "zone", current: updated)
        #expect(try await pdns.apiAsync("GET", "/servers/localhost/zones/zone.test.").status == 404)
        #expect(try await dns.read(kind: "zone", current: updated) == nil)
    }

    @Test func recordLifecycleAndDrift() async throws {
        guard try TestServers.available("pdns_server", "sqlite3", "dig", "curl") else { return }
        let pdns = try await PowerDNSServer.started()
        defer { pdns.stop() }
        try await pdns.createZoneAsync("example.test.")
        let dns = try await Configured.powerDNS(pdns)

        let txt = try await dns.create(kind: "record", properties: record("www", "TXT", ttl: 120, ["hello world", "\"quoted\""]))
        #expect(try await pdns.digAsync("www.example.test.", "TXT") == ["\"hello world\"", "\"quoted\""])
        #expect(try await pdns.ttlAsync("www.example.test.", "TXT") == 120)
        #expect(try await dns.read(kind: "record", current: txt)?.records == ["hello world", "\"quoted\""])

        let v6 = try await dns.create(kind: "record", properties: record("www", "AAAA", ["2001:db8:0:0::1"]))
        #expect(try await pdns.digAsync("www.example.test.", "AAAA") == ["2001:db8::1"])
        #expect(try await dns.read(kind: "record", current: v6) == v6)

        let updated = try await dns.update(kind: "record", prior: txt, properties: record("www", "TXT", ttl: 60, ["only one"]))
        #expect(try await pdns.digAsync("www.example.test.", "TXT") == ["\"only one\""])
        #expect(try await pdns.ttlAsync("www.example.test.", "TXT") == 60)

        let patch =
            #"{"rrsets":[{"name":"www.example.test.","type":"TXT","ttl":30,"changetype":"REPLACE","records":[{"content":"\"edited\"","disabled":false}]}]}"#
        #expect(try await pdns.apiAsync("PATCH", "/servers/localhost/zones/example.test.", json: patch).status == 204)
        let drifted = try #require(try await dns.read(kind: "record", current: updated))
        #expect(drifted.records == ["edited"])
        #expect(drifted.attributes["ttl"] == 30)

        try await dns.delete(kind: "record", current: updated)
        #expect(try await pdns.digAsync("www.example.test.", "TXT") == [])
        #expect(try await dns.read(kind: "record", current: updated) == nil)
        #expect(try await pdns.digAsync("www.example.test.", "AAAA") == ["2001:db8::1"], "deleting one RRset leaves the others")
    }

    @Test func collisionImportAndBadKey() async throws {
        guard try TestServers.available("pdns_server", "sqlite3", "dig", "curl") else { return }
        let pdns = try await PowerDNSServer.started()
        defer { pdns.stop() }
        try await pdns.createZoneAsync("example.test.")
        let patch =
            #"{"rrsets":[{"name":"mx.example.test.","type":"MX","ttl":600,"changetype":"REPLACE","records":[{"content":"10 mail.example.test.","disabled":false}]}]}"#
        #expect(try await pdns.apiAsync("PATCH", "/servers/localhost/zones/example.test.", json: patch).status == 204)
        let dns = try await Configured.powerDNS(pdns)

        let collision = await #expect(throws: ProviderError.self) {
            try await dns.create(kind: "record", properties: record("mx", "MX", ["20 other.example.test."]))
        }
        #expect(collision?.message.contains("mx.example.test. MX already exists") == true)
        #expect(try await pdns.digAsync("mx.example.test.", "MX") == ["10 mail.example.test."])

        let imported = try #require(try await dns.importResource(kind: "record", id: "example.test./mx/MX"))
        #expect(imported.records == ["10 mail.example.test."])
        #expect(imported.attributes["ttl"] == 600)

        let bad = try await Configured.powerDNS(pdns, apiKey: "wrong")
        let denied = await #expect(throws: ProviderError.self) {
            try await bad.create(kind: "record", properties: record("www", "A", ["192.0.2.1"]))
        }
        #expect(denied?.message.contains("rejected the API key") == true)
        #expect(denied?.hint?.contains("check api_key") == true)
        #expect(try await pdns.digAsync("www.example.test.", "A") == [])

        let missing = await #expect(throws: ProviderError.self) {
            try await dns.create(kind: "record", properties: record(zone: "nozone.test.", "www", "A", ["192.0.2.1"]))
        }
        #expect(missing?.message.contains("zone nozone.test. does not exist") == true)
    }

    @Test func zonesAreRefusedForRFC2136AtPlanTime() async throws {
        let dns = DNSProvider()
        try await dns.configure([
            "server": "rfc2136", "address": "127.0.0.1:53", "server_id": "localhost", "tsig_algorithm": "hmac-sha256", "timeout": 5,
        ])
        let issues = try await dns.validate(kind: "zone", properties: ["name": "example.test.", "kind": "Native"])
        #expect(issues.first?.message.contains("dns.zone needs server: powerdns") == true)
        await #expect(throws: ProviderError.self) { try await dns.create(kind: "zone", properties: ["name": "example.test."]) }
    }
}
