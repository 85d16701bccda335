import Foundation

/// Signs requests and verifies responses with TSIG (RFC 8945).
struct TSIGSigner: Sendable {
    let key: TSIGKey
    /// Allowed clock difference in seconds (RFC 8945 recommends 300).
    var fudge: UInt16 = 300

    /// A signed request: the message bytes with the TSIG record appended, and the request's MAC
    /// (the response's MAC covers it).
    struct Signed {
        var bytes: [UInt8]
        var mac: [UInt8]
    }

    /// Why a response's signature is not accepted.
    enum Failure: Error, Equatable {
        case unsigned
        case wrongKey(String)
        case badMAC
        case badTime(serverTime: UInt64, ourTime: UInt64)
        case malformed(String)
    }

    func sign(_ message: DNSMessage, now: UInt64 = UInt64(Date().timeIntervalSince1970)) throws -> Signed {
        let unsigned = try message.encode()
        let tsig = TSIGRecord(
            algorithm: key.algorithm.wireName, timeSigned: now, fudge: fudge, mac: [],
            originalID: message.id, error: 0, otherData: [])
        let mac = key.algorithm.mac(key: key.secret, data: unsigned + (try tsig.variables(keyName: key.name)))
        var signed = tsig
        signed.mac = mac
        var m = message
        m.additional.append(DNSRecord(name: key.name, type: RRType.tsig, klass: DNSClass.any, ttl: 0, rdata: try signed.rdata()))
        return Signed(bytes: try m.encode(), mac: mac)
    }

    /// Checks the TSIG on a response to a request whose MAC was `requestMAC` (RFC 8945 §5.3):
    /// the MAC covers the request MAC, the response without its TSIG record (ARCOUNT one less,
    /// ID set back to the original), and the TSIG variables.
    ///
    /// In a zone transfer, later messages are verified with `requestMAC` set to the previous
    /// message's MAC, `unsignedBefore` holding any unsigned messages since it, and `timersOnly`
    /// (RFC 8945 §5.3.1: only time signed and fudge of the TSIG variables are covered).
    func verify(
        response bytes: [UInt8], decoded: DNSMessage, requestMAC: [UInt8], unsignedBefore: [UInt8] = [],
        timersOnly: Bool = false, now: UInt64 = UInt64(Date().timeIntervalSince1970)
    ) throws(Failure) -> TSIGRecord {
        guard let offset = decoded.tsigOffset, let record = decoded.additional.last, record.type == RRType.tsig else {
            throw .unsigned
        }
        guard DNSName.canonical(record.name) == key.name else { throw .wrongKey(record.name) }
        let tsig: TSIGRecord
        do { tsig = try TSIGRecord.parse(record.rdata) } catch { throw .malformed("\(error)") }
        guard DNSName.canonical(tsig.algorithm) == key.algorithm.wireName else { throw .wrongKey(tsig.algorithm) }
        var covered = bytes[..<offset]
        let arcount = UInt16(covered[10]) << 8 | UInt16(covered[11])
        guard arcount > 0 else { throw .malformed("ARCOUNT is zero although a TSIG record is present") }
        covered[10] = UInt8((arcount - 1) >> 8)
        covered[11] = UInt8((arcount - 1) & 0xff)
        covered[0] = UInt8(tsig.originalID >> 8)
        covered[1] = UInt8(tsig.originalID & 0xff)
        var w = ByteWriter()
        if !requestMAC.isEmpty {
            w.u16(UInt16(requestMAC.count))
            w.append(requestMAC)
        }
        w.append(unsignedBefore)
        w.append(Array(covered))
        if timersOnly {
            w.u48(tsig.timeSigned)
            w.u16(tsig.fudge)
        } else {
            do { w.append(try tsig.variables(keyName: record.name)) } catch { throw .malformed("\(error)") }
        }
        let expected = key.algorithm.mac(key: key.secret, data: w.bytes)
        guard constantTimeEqual(expected, tsig.mac) else { throw .badMAC }
        let difference = now > tsig.timeSigned ? now - tsig.timeSigned : tsig.timeSigned - now
        guard difference <= UInt64(tsig.fudge) else { throw .badTime(serverTime: tsig.timeSigned, ourTime: now) }
        return tsig
    }

    private func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
