import CairnDigest
import CairnProviderKit
import Foundation
import Testing

@testable import DNSProvider

/// TSIG (RFC 8945) against a message nsupdate really sent, captured with a UDP listener:
/// `update add www.example.test. 60 IN A 192.0.2.20`, signed with hmac-sha256 key cairnkey.
@Suite struct TSIGTests {
    static let secret = "Z/sXgqgwmSvLwSuX1wATA1RLhzmMUWvPCUlL9qlA//M="
    static let signedAt: UInt64 = 0x6b0b_efe3
    static let captured = Hex.bytes(
        """
        2645 2800 0001 0000 0001 0001
        076578616d706c6504746573740000060001
        03777777c00c 0001 0001 0000003c 0004 c0000214
        08636169726e6b657900 00fa 00ff 00000000 003d
        0b686d61632d7368613235360000006b0befe3 012c 0020
        069f4b4ffdeddc9ad4f0a2db175888e9a3b832a74e0a82947e8ab4898d11380c
        2645 0000 0000
        """)

    var signer: TSIGSigner { TSIGSigner(key: try! TSIGKey(name: "cairnkey", algorithm: "hmac-sha256", base64Secret: Self.secret)) }

    @Test func decodesTheCapturedTSIGRecord() throws {
        let m = try DNSMessage.decode(Self.captured)
        #expect(m.opcode == DNSOpcode.update)
        #expect(m.questions == [DNSQuestion(name: "example.test.", type: RRType.soa)])
        #expect(m.authority.first?.name == "www.example.test.")
        let tsig = try TSIGRecord.parse(try #require(m.additional.last).rdata)
        #expect(tsig.algorithm == "hmac-sha256.")
        #expect(tsig.timeSigned == Self.signedAt)
        #expect(tsig.fudge == 300)
        #expect(tsig.mac.count == 32)
        #expect(tsig.originalID == 0x2645)
    }

    /// Our MAC over nsupdate's bytes and TSIG variables equals the MAC nsupdate computed: the
    /// data the MAC covers (§4.3.3) is laid out the same way.
    @Test func verifiesTheMACNsupdateComputed() throws {
        let m = try DNSMessage.decode(Self.captured)
        let tsig = try signer.verify(response: Self.captured, decoded: m, requestMAC: [], now: Self.signedAt + 10)
        #expect(tsig.error == 0)
    }

    @Test func rejectsATamperedMAC() throws {
        var bytes = Self.captured
        bytes[bytes.count - 8] ^= 0x01 // last byte of the MAC
        let m = try DNSMessage.decode(bytes)
        #expect(throws: TSIGSigner.Failure.badMAC) { try signer.verify(response: bytes, decoded: m, requestMAC: [], now: Self.signedAt) }
    }

    @Test func rejectsATamperedMessage() throws {
        var bytes = Self.captured
        #expect(bytes[49] == 0x14)
        bytes[49] = 0x15 // 192.0.2.20 becomes 192.0.2.21
        let m = try DNSMessage.decode(bytes)
        #expect(throws: TSIGSigner.Failure.badMAC) { try signer.verify(response: bytes, decoded: m, requestMAC: [], now: Self.signedAt) }
    }

    @Test func rejectsTheWrongSecretAndAClockOutsideTheFudge() throws {
        let m = try DNSMessage.decode(Self.captured)
        let other = TSIGSigner(key: try TSIGKey(name: "cairnkey", algorithm: "hmac-sha256", base64Secret: "c2VjcmV0c2VjcmV0c2VjcmV0"))
        #expect(throws: TSIGSigner.Failure.badMAC) {
            try other.verify(response: Self.captured, decoded: m, requestMAC: [], now: Self.signedAt)
        }
        #expect(throws: TSIGSigner.Failure.badTime(serverTime: Self.signedAt, ourTime: Self.signedAt + 301)) {
            try signer.verify(response: Self.captured, decoded: m, requestMAC: [], now: Self.signedAt + 301)
        }
    }

    /// What we sign: the TSIG record appended with the exact fields of §4.2, and a MAC that is
    /// HMAC-SHA256 over the unsigned message followed by the TSIG variables, built here by hand.
    @Test func signsWithTheRFCLayout() throws {
        let message = UpdateBuilder.delete(id: 0x0102, RRsetKey(zone: "example.test.", fqdn: "www.example.test.", type: RRType.a))
        let signed = try signer.sign(message, now: 0x5f00_0000)
        let unsigned = try message.encode()
        let keyName = "08" + Hex.ascii("cairnkey") + "00"
        let algorithm = "0b" + Hex.ascii("hmac-sha256") + "00"
        let variables = Hex.bytes(keyName + "00ff 00000000" + algorithm + "00005f000000 012c 0000 0000")
        let mac = Array(Digest.hmacSHA256(key: Data(base64Encoded: Self.secret)!, data: Data(unsigned + variables)))
        #expect(signed.mac == mac)
        var header = unsigned
        header[11] = 1 // ARCOUNT 1
        let rdata = algorithm + "00005f000000 012c 0020" + mac.map { String(format2: $0) }.joined() + "0102 0000 0000"
        let record = keyName + "00fa 00ff 00000000" + String(format2: 0) + String(format2: UInt8(Hex.bytes(rdata).count)) + rdata
        #expect(signed.bytes == header + Hex.bytes(record))
    }

    @Test func hmacSHA512KeysSignWithSHA512() throws {
        let key = try TSIGKey(name: "k512", algorithm: "hmac-sha512", base64Secret: Self.secret)
        let signed = try TSIGSigner(key: key).sign(DNSMessage(id: 7), now: 1)
        #expect(signed.mac.count == 64)
        let m = try DNSMessage.decode(signed.bytes)
        #expect(try TSIGRecord.parse(m.additional[0].rdata).algorithm == "hmac-sha512.")
    }
}
