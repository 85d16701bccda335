import Testing

@testable import DNSProvider

/// Record values: wire form per type, and the canonical text that makes a plan in sync empty.
@Suite struct RDataTests {
    @Test(arguments: [
        (RRType.a, " 192.0.2.1 ", "192.0.2.1"),
        (RRType.aaaa, "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        (RRType.aaaa, "::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        (RRType.cname, "Target.Example.Test", "target.example.test."),
        (RRType.ns, "ns1.example.net.", "ns1.example.net."),
        (RRType.ptr, "host.example.test", "host.example.test."),
        (RRType.mx, "10    mail.example.test", "10 mail.example.test."),
        (RRType.mx, "\t5 MX.example.test.", "5 mx.example.test."),
        (RRType.srv, "10  5 5060   sip.example.test", "10 5 5060 sip.example.test."),
        (RRType.txt, "v=spf1 -all", "v=spf1 -all"),
        (RRType.txt, "\"v=spf1 -all\"", "v=spf1 -all"),
        (RRType.txt, "\"two\" \"parts\"", "\"two\" \"parts\""),
        (RRType.txt, "\"say \\\"hi\\\"\"", "say \"hi\""),
        (RRType.txt, "\"\\195\\169t\\195\\169\"", "été"),
        (RRType.caa, "0 ISSUE letsencrypt.org", "0 issue \"letsencrypt.org\""),
        (RRType.caa, "128 iodef \"mailto:sec@example.test\"", "128 iodef \"mailto:sec@example.test\""),
    ])
    func canonicalForms(type: UInt16, written: String, canonical: String) throws {
        #expect(try RData.canonical(type: type, written) == canonical)
        #expect(try RData.canonical(type: type, canonical) == canonical, "canonical text is stable")
    }

    @Test func wireFormsFollowTheRFCs() throws {
        #expect(try RData.encode(type: RRType.a, "192.0.2.1") == [192, 0, 2, 1])
        #expect(try RData.encode(type: RRType.mx, "10 mx.test") == Hex.bytes("000a 02" + Hex.ascii("mx") + "04" + Hex.ascii("test") + "00"))
        #expect(try RData.encode(type: RRType.srv, "1 2 3 t.") == Hex.bytes("0001 0002 0003 01" + Hex.ascii("t") + "00"))
        #expect(try RData.encode(type: RRType.txt, "\"a\" \"bc\"") == Hex.bytes("01" + Hex.ascii("a") + "02" + Hex.ascii("bc")))
        #expect(try RData.encode(type: RRType.caa, "0 issue \"ca.test\"") == Hex.bytes("00 05" + Hex.ascii("issue") + Hex.ascii("ca.test")))
    }

    /// Text longer than one 255-byte character-string is cut on the wire and joined again on read.
    @Test func longTXTIsSplitAndJoined() throws {
        let long = String(repeating: "x", count: 600)
        let wire = try RData.encode(type: RRType.txt, long)
        #expect(wire.count == 603)
        #expect(wire[0] == 255 && wire[256] == 255 && wire[512] == 90)
        #expect(try RData.decode(type: RRType.txt, wire) == long)
        #expect(try TXTStrings.quotedForm(long).hasPrefix("\"" + String(repeating: "x", count: 255) + "\" \"x"))
    }

    @Test(arguments: [
        (RRType.a, "192.0.2.300"), (RRType.a, "2001:db8::1"), (RRType.aaaa, "192.0.2.1"), (RRType.mx, "mail.example.test."),
        (RRType.mx, "70000 mail.example.test."), (RRType.srv, "1 2 mail."), (RRType.txt, "\"unclosed"), (RRType.txt, "\"a\" b"),
        (RRType.cname, "two names."), (RRType.caa, "0 is-sue x"), (RRType.cname, String(repeating: "a", count: 64) + ".test."),
    ])
    func badValuesAreRejected(type: UInt16, text: String) {
        #expect(throws: WireError.self) { try RData.canonical(type: type, text) }
    }

    /// A reply whose names point back into the question (RFC 1035 §4.1.4) decodes to full names.
    @Test func compressedAnswersDecode() throws {
        let reply = Hex.bytes(
            "1111 8400 0001 0001 0000 0000"
                + "03" + Hex.ascii("www") + "07" + Hex.ascii("example") + "04" + Hex.ascii("test") + "00 000f 0001"
                + "c00c 000f 0001 0000012c 0009 000a 04" + Hex.ascii("mail") + "c010") // 10 mail.<example.test.>
        let m = try DNSMessage.decode(reply)
        #expect(m.isResponse && m.authoritative)
        #expect(m.answers.count == 1)
        #expect(m.answers[0].name == "www.example.test.")
        #expect(m.answers[0].ttl == 300)
        #expect(try RData.decode(type: RRType.mx, m.answers[0].rdata) == "10 mail.example.test.")
    }

    @Test func hostileMessagesFailCleanly() {
        // A pointer to itself, a pointer forward, a message cut short.
        let loop = Hex.bytes("0000 8000 0001 0000 0000 0000 c00c 0001 0001")
        let forward = Hex.bytes("0000 8000 0001 0000 0000 0000 c020 0001 0001")
        let short = Hex.bytes("0000 8000 0001 0001 0000 0000 00 0001 0001 00")
        for bytes in [loop, forward, short, [], [0x12]] {
            #expect(throws: WireError.self) { try DNSMessage.decode(bytes) }
        }
    }

    @Test func namesResolveAgainstTheZone() throws {
        #expect(try RecordSpec.key(zone: "example.test", name: "www", type: "a").fqdn == "www.example.test.")
        #expect(try RecordSpec.key(zone: "example.test.", name: "@", type: "A").fqdn == "example.test.")
        #expect(try RecordSpec.key(zone: "example.test.", name: "WWW.Example.Test.", type: "A").fqdn == "www.example.test.")
        #expect(try RecordSpec.key(zone: "example.test.", name: "www.example.test", type: "A").fqdn == "www.example.test.")
        #expect(throws: PropertyProblem.self) { try RecordSpec.key(zone: "example.test.", name: "www.other.test.", type: "A") }
        #expect(throws: PropertyProblem.self) { try RecordSpec.key(zone: "example.test.", name: "www", type: "SOA") }
    }
}
