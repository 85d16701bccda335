/// The RDATA of a TSIG record (RFC 8945 §4.2).
struct TSIGRecord: Equatable {
    var algorithm: String
    /// Seconds since the epoch, 48 bits on the wire.
    var timeSigned: UInt64
    var fudge: UInt16
    var mac: [UInt8]
    var originalID: UInt16
    var error: UInt16
    var otherData: [UInt8]

    func rdata() throws -> [UInt8] {
        var w = ByteWriter()
        w.append(try DNSName.encode(DNSName.canonical(algorithm)))
        w.u48(timeSigned)
        w.u16(fudge)
        w.u16(UInt16(mac.count))
        w.append(mac)
        w.u16(originalID)
        w.u16(error)
        w.u16(UInt16(otherData.count))
        w.append(otherData)
        return w.bytes
    }

    static func parse(_ rdata: [UInt8]) throws -> TSIGRecord {
        var r = ByteReader(rdata)
        let algorithm = try r.name()
        let time = try r.u48()
        let fudge = try r.u16()
        let mac = try r.take(Int(try r.u16()))
        let originalID = try r.u16()
        let error = try r.u16()
        let other = try r.take(Int(try r.u16()))
        guard r.remaining == 0 else { throw WireError("TSIG record has trailing bytes") }
        return TSIGRecord(
            algorithm: algorithm, timeSigned: time, fudge: fudge, mac: mac, originalID: originalID,
            error: error, otherData: other)
    }

    /// The "TSIG variables" the MAC covers after the message (RFC 8945 §4.3.3): key name, class,
    /// TTL, algorithm, time, fudge, error and other data. Names in canonical (lowercase) form.
    func variables(keyName: String) throws -> [UInt8] {
        var w = ByteWriter()
        w.append(try DNSName.encode(DNSName.canonical(keyName)))
        w.u16(DNSClass.any)
        w.u32(0)
        w.append(try DNSName.encode(DNSName.canonical(algorithm)))
        w.u48(timeSigned)
        w.u16(fudge)
        w.u16(error)
        w.u16(UInt16(otherData.count))
        w.append(otherData)
        return w.bytes
    }
}
