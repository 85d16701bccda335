import CairnProviderKit
import Foundation
import TestServers
import Testing

@testable import DNSProvider

/// dns.record against a real BIND with TSIG-signed dynamic updates; every change checked with dig.
@Suite struct RFC2136RecordTests {
    @Test func createUpdateDeleteAnARRset() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen", "nsupdate") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let dns = try await Configured.bind(bind)

        let created = try await dns.create(kind: "record", properties: record("www", "A", ttl: 120, ["192.0.2.10", "192.0.2.11"]))
        #expect(created.id == "example.test./www.example.test./A")
        #expect(created.attributes["fqdn"] == "www.example.test.")
        #expect(try await bind.digAsync("www", "A") == ["192.0.2.10", "192.0.2.11"])
        #expect(try await bind.ttlAsync("www", "A") == 120)

        let read = try #require(try await dns.read(kind: "record", current: created))
        #expect(read == created)

        let updated = try await dns.update(kind: "record", prior: created, properties: record("www", "A", ttl: 60, ["192.0.2.12"]))
        #expect(try await bind.digAsync("www", "A") == ["192.0.2.12"])
        #expect(try await bind.ttlAsync("www", "A") == 60)

        try await dns.delete(kind: "record", current: updated)
        #expect(try await bind.digAsync("www", "A") == [])
        #expect(try await dns.read(kind: "record", current: updated) == nil)
    }

    /// Each type written in a non-canonical spelling reads back as written (no drift), and dig
    /// shows the records the server really holds.
    @Test(arguments: [
        ("v6", "AAAA", ["2001:0db8:0000:0000:0000:0000:0000:0001"], ["2001:db8::1"]),
        ("alias", "CNAME", ["Target.Example.Test"], ["target.example.test."]),
        ("txt", "TXT", ["v=spf1 -all", "\"two\" \"parts\""], ["\"two\" \"parts\"", "\"v=spf1 -all\""]),
        ("@", "MX", ["10   mail.other.test.", "20 Backup.Other.Test"], ["10 mail.other.test.", "20 backup.other.test."]),
        ("_sip._tcp", "SRV", ["10 5 5060 sip.example.test."], ["10 5 5060 sip.example.test."]),
        ("@", "CAA", ["0 issue \"letsencrypt.org\""], ["0 issue \"letsencrypt.org\""]),
        ("1.2", "PTR", ["host.example.test."], ["host.example.test."]),
    ])
    func everyTypeRoundTrips(name: String, type: String, values: [String], dig: [String]) async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let dns = try await Configured.bind(bind)
        let created = try await dns.create(kind: "record", properties: record(name, type, values))
        #expect(try await bind.digAsync(name == "@" ? "example.test." : name, type) == dig.sorted())
        let read = try #require(try await dns.read(kind: "record", current: created))
        #expect(read.records == values, "a plan in sync must see no change")
    }

    /// NS below the apex is a delegation: the server answers with a referral, not an answer.
    @Test func delegationNSRecords() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let dns = try await Configured.bind(bind)
        let created = try await dns.create(kind: "record", properties: record("sub", "NS", ["ns1.other.test.", "NS2.other.test"]))
        let r = try await runAsync("dig", ["@127.0.0.1", "-p", String(bind.port), "+noall", "+authority", "sub.example.test.", "NS"])
        #expect(r.stdout.contains("ns1.other.test.") && r.stdout.contains("ns2.other.test."), "\(r.both)")
        let read = try #require(try await dns.read(kind: "record", current: created))
        #expect(read.records == ["ns1.other.test.", "NS2.other.test"])
    }

    @Test func outOfBandChangesShowAsDriftAndDeletionAsGone() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen", "nsupdate") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let dns = try await Configured.bind(bind)
        let created = try await dns.create(kind: "record", properties: record("api", "TXT", ["hello"]))
        let r = try await bind.nsupdateAsync("update delete api.example.test. TXT\nupdate add api.example.test. 90 TXT \"changed\"")
        #expect(r.status == 0, "\(r.both)")
        let drifted = try #require(try await dns.read(kind: "record", current: created))
        #expect(drifted.records == ["changed"])
        #expect(drifted.attributes["ttl"] == 90)
        _ = try await bind.nsupdateAsync("update delete api.example.test. TXT")
        #expect(try await dns.read(kind: "record", current: created) == nil)
    }

    /// After a create was interrupted, adopt finds the RRset if the server has it.
    @Test func adoptFindsAnRRsetAnInterruptedCreateMade() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen", "nsupdate") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let dns = try await Configured.bind(bind)
        let props = record("half", "A", ttl: 60, ["192.0.2.77"])
        #expect(try await dns.adopt(kind: "record", properties: props) == nil)
        _ = try await bind.nsupdateAsync("update add half.example.test. 60 A 192.0.2.77")
        let adopted = try #require(try await dns.adopt(kind: "record", properties: props))
        #expect(adopted.id == "example.test./half.example.test./A")
        #expect(adopted.records == ["192.0.2.77"])
        #expect(adopted.attributes["name"] == "half")
    }

    /// BIND silently ignores a CNAME added where other records exist (RFC 2136 §3.4.2.2).
    @Test func anUpdateTheServerIgnoresIsAnError() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let dns = try await Configured.bind(bind)
        _ = try await dns.create(kind: "record", properties: record("both", "A", ["192.0.2.1"]))
        let error = await #expect(throws: ProviderError.self) {
            try await dns.create(kind: "record", properties: record("both", "CNAME", ["target.other.test."]))
        }
        #expect(
            error?.message.contains("accepted the update of both.example.test. CNAME but did not apply it") == true,
            "\(String(describing: error))")
        #expect(error?.hint?.contains("a CNAME cannot share its name") == true)
        #expect(try await bind.digAsync("both", "CNAME") == [])
    }

    @Test func createOverAnExistingRRsetFailsClearly() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen", "nsupdate") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        _ = try await bind.nsupdateAsync("update add taken.example.test. 60 A 192.0.2.99")
        let dns = try await Configured.bind(bind)
        let error = await #expect(throws: ProviderError.self) {
            try await dns.create(kind: "record", properties: record("taken", "A", ["192.0.2.1"]))
        }
        #expect(error?.message.contains("taken.example.test. A already exists") == true)
        #expect(error?.message.contains("YXRRSET") == true)
        #expect(error?.hint?.contains("cairn import") == true)
        #expect(try await bind.digAsync("taken", "A") == ["192.0.2.99"])
    }

    @Test func wrongSecretIsBADSIGAndChangesNothing() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let dns = try await Configured.bind(bind, secret: "d3Jvbmd3cm9uZ3dyb25nd3Jvbmd3cm9uZ3dyb25nIQ==")
        let error = await #expect(throws: ProviderError.self) {
            try await dns.create(kind: "record", properties: record("www", "A", ["192.0.2.1"]))
        }
        #expect(error?.message == "TSIG key cairnkey was rejected by 127.0.0.1:\(bind.port) (BADSIG): the signature did not verify")
        #expect(error?.hint?.contains("check tsig_secret") == true)
        #expect(try await bind.digAsync("www", "A") == [])
    }

    @Test func unknownKeyIsBADKEY() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let dns = try await Configured.bind(bind, keyName: "otherkey")
        let error = await #expect(throws: ProviderError.self) {
            try await dns.create(kind: "record", properties: record("www", "A", ["192.0.2.1"]))
        }
        #expect(error?.message.contains("TSIG key otherkey was rejected by 127.0.0.1:\(bind.port) (BADKEY)") == true)
        #expect(error?.hint?.contains("tsig_key_name") == true)
    }

    @Test func aNameOutsideTheServersZonesIsRefusedOrNotAuth() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let dns = try await Configured.bind(bind)
        let error = await #expect(throws: ProviderError.self) {
            try await dns.create(kind: "record", properties: record(zone: "elsewhere.test.", "www", "A", ["192.0.2.1"]))
        }
        let message = error?.message ?? ""
        #expect(message.contains("NOTAUTH") || message.contains("REFUSED"), "\(message)")
        #expect(message.contains("127.0.0.1:\(bind.port)"))
    }

    /// A reply altered on the way (one byte of its MAC) is refused by our verifier, even though
    /// the server accepted and applied the signed request.
    @Test func aTamperedReplyIsRejected() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let relay = try TamperingRelay(upstream: bind.port)
        let dns = DNSProvider()
        try await dns.configure([
            "server": "rfc2136", "address": .string("127.0.0.1:\(relay.port)"), "tsig_key_name": .string(bind.keyName),
            "tsig_algorithm": .string(bind.algorithm), "tsig_secret": .string(bind.secret), "timeout": 5, "server_id": "localhost",
        ])
        let error = await #expect(throws: ProviderError.self) {
            try await dns.read(kind: "record", current: ResourceObject(id: "x", attributes: record("ns1", "A", ["127.0.0.1"])))
        }
        #expect(
            error?.message.contains("TSIG signature of the reply from 127.0.0.1:\(relay.port) does not verify") == true,
            "\(String(describing: error))")
        withExtendedLifetime(relay) {}
    }

    @Test func hmacSHA512Keys() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try await BindServer.started(algorithm: "hmac-sha512")
        defer { bind.stop() }
        let dns = try await Configured.bind(bind)
        _ = try await dns.create(kind: "record", properties: record("www", "A", ["192.0.2.7"]))
        #expect(try await bind.digAsync("www", "A") == ["192.0.2.7"])
    }

    /// An UPDATE over 512 bytes goes over TCP; the UDP answer to the read comes back truncated
    /// and is asked again over TCP.
    @Test func largeRRsetsGoOverTCP() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let dns = try await Configured.bind(bind)
        let values = (1...30).map { "record number \($0) with some padding to make the RRset large" }
        let created = try await dns.create(kind: "record", properties: record("big", "TXT", values))
        #expect(try await bind.digAsync("big", "TXT").count == 30)
        let read = try #require(try await dns.read(kind: "record", current: created))
        #expect(read.records == values)
    }

    @Test func importByZoneNameType() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen", "nsupdate") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        _ = try await bind.nsupdateAsync("update add mail.example.test. 600 MX 10 mx1.other.test.")
        let dns = try await Configured.bind(bind)
        let imported = try #require(try await dns.importResource(kind: "record", id: "example.test./mail/MX"))
        #expect(imported.id == "example.test./mail.example.test./MX")
        #expect(imported.attributes["ttl"] == 600)
        #expect(imported.records == ["10 mx1.other.test."])
        #expect(imported.attributes["name"] == "mail")
        #expect(try await dns.importResource(kind: "record", id: "example.test./nothing/MX") == nil)
    }

    /// A server that never answers: the provider's call ends with a clear error (no hang), and the
    /// socket wait itself ends after the configured timeout. The wait is timed on the blocking call,
    /// since an async call's wall time also counts waiting for a free thread in a busy test run.
    @Test func aSilentServerTimesOutWithAClearError() async throws {
        let silent = try SilentUDPServer()
        let dns = DNSProvider()
        try await dns.configure([
            "server": "rfc2136", "address": .string("127.0.0.1:\(silent.port)"), "timeout": 1, "server_id": "localhost",
            "tsig_algorithm": "hmac-sha256",
        ])
        let error = await #expect(throws: ProviderError.self) {
            try await dns.read(kind: "record", current: ResourceObject(id: "x", attributes: record("www", "A", ["192.0.2.1"])))
        }
        #expect(error?.message == "DNS server 127.0.0.1:\(silent.port) did not answer in time (waiting for its UDP reply)")
        #expect(error?.outcomeUnknown == false, "a query changes nothing")
        let update = await #expect(throws: ProviderError.self) {
            try await dns.create(kind: "record", properties: record("www", "A", ["192.0.2.1"]))
        }
        #expect(update?.outcomeUnknown == true, "an update without a reply may have been applied")

        let started = Date()
        #expect(throws: ProviderError.self) {
            try Socket.udpExchange(
                [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], id: 1, server: ServerAddress("127.0.0.1:\(silent.port)"), timeout: 1)
        }
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 0.9 && waited < 5, "waited \(waited) s for a 1 s timeout")
    }
}

/// Zone transfers (AXFR) for import: every message's TSIG verified, including the chained MACs
/// of a transfer spread over several TCP messages.
@Suite struct ZoneTransferTests {
    @Test func transfersAZoneSpreadOverSeveralMessages() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let dns = try await Configured.bind(bind)
        let padding = String(repeating: "p", count: 200)
        for set in 0..<4 {
            let values = (0..<100).map { "\(set)-\($0)-\(padding)" }
            _ = try await dns.create(kind: "record", properties: record("big\(set)", "TXT", values))
        }
        let dig = try await runAsync(
            "dig",
            ["@127.0.0.1", "-p", String(bind.port), "-y", "\(bind.algorithm):\(bind.keyName):\(bind.secret)", "example.test.", "AXFR"])
        let messages = dig.stdout.split(separator: "\n").first { $0.contains("XFR size") }.map(String.init) ?? ""
        #expect(
            messages.range(of: #"messages [2-9]"#, options: .regularExpression) != nil,
            "the transfer must span several messages: \(messages)")
        let client = try RFC2136ClientFor.bind(bind)
        let records = try await client.transfer(zone: "example.test.")
        #expect(records.filter { $0.type == RRType.txt }.count == 400)
        #expect(records.first?.type == RRType.soa)
        #expect(records.contains { $0.type == RRType.ns })

        let imported = try #require(try await dns.importResource(kind: "record", id: "example.test./big2/TXT"))
        #expect(imported.records.count == 100)
        #expect(imported.records.first == "2-0-\(padding)")
    }

    @Test func aTransferWithTheWrongSecretIsRejected() async throws {
        guard try TestServers.available("named", "dig", "tsig-keygen") else { return }
        let bind = try await BindServer.started()
        defer { bind.stop() }
        let client = try RFC2136ClientFor.bind(bind, secret: "d3Jvbmd3cm9uZ3dyb25nd3Jvbmd3cm9uZ3dyb25nIQ==")
        let error = await #expect(throws: ProviderError.self) { try await client.transfer(zone: "example.test.") }
        #expect(error?.message.contains("BADSIG") == true, "\(String(describing: error))")
    }
}
