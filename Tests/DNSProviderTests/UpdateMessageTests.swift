import Testing

@testable import DNSProvider

/// UPDATE messages checked byte for byte against the layouts of RFC 1035 §4.1 and RFC 2136 §2.
@Suite struct UpdateMessageTests {
    let rrset = RRset(key: RRsetKey(zone: "example.test.", fqdn: "www.example.test.", type: RRType.a), ttl: 60, records: ["192.0.2.1"])
    let zone = "07" + Hex.ascii("example") + "04" + Hex.ascii("test") + "00"
    var www: String { "03" + Hex.ascii("www") + zone }

    @Test func createHasARRsetDoesNotExistPrerequisite() throws {
        let bytes = try UpdateBuilder.create(id: 0x1234, rrset).encode()
        let expected = Hex.bytes(
            "1234 2800 0001 0001 0001 0000" // ID; opcode 5 (UPDATE); ZOCOUNT PRCOUNT UPCOUNT ADCOUNT
                + zone + "0006 0001" // zone section: example.test. SOA IN
                + www + "0001 00fe 00000000 0000" // prerequisite: www A, class NONE, TTL 0, no RDATA (RRset does not exist)
                + www + "0001 0001 0000003c 0004 c0000201") // update: add www 60 IN A 192.0.2.1
        #expect(bytes == expected)
    }

    @Test func replaceDeletesTheRRsetThenAddsEveryRecord() throws {
        var two = rrset
        two.records = ["192.0.2.1", "192.0.2.2"]
        let bytes = try UpdateBuilder.replace(id: 0x0001, two).encode()
        let expected = Hex.bytes(
            "0001 2800 0001 0000 0003 0000"
                + zone + "0006 0001"
                + www + "0001 00ff 00000000 0000" // delete RRset: class ANY, TTL 0, no RDATA (RFC 2136 §2.5.2)
                + www + "0001 0001 0000003c 0004 c0000201"
                + www + "0001 0001 0000003c 0004 c0000202")
        #expect(bytes == expected)
    }

    @Test func deleteIsOneDeleteRRsetEntry() throws {
        let bytes = try UpdateBuilder.delete(id: 0xBEEF, rrset.key).encode()
        #expect(bytes == Hex.bytes("beef 2800 0001 0000 0001 0000" + zone + "0006 0001" + www + "0001 00ff 00000000 0000"))
    }

    @Test func queryHeaderAndQuestion() throws {
        let q = DNSMessage(id: 0x0A0B, questions: [DNSQuestion(name: "www.example.test.", type: RRType.txt)])
        #expect(try q.encode() == Hex.bytes("0a0b 0000 0001 0000 0000 0000" + www + "0010 0001"))
    }
}
