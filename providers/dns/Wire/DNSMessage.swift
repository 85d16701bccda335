/// One question: in a QUERY what is asked; in an UPDATE the zone (RFC 2136 §2.3).
struct DNSQuestion: Equatable {
    var name: String
    var type: UInt16
    var klass: UInt16 = DNSClass.internet
}

/// One resource record with its RDATA in wire form, names inside it uncompressed.
struct DNSRecord: Equatable {
    var name: String
    var type: UInt16
    var klass: UInt16 = DNSClass.internet
    var ttl: UInt32 = 0
    var rdata: [UInt8] = []

    func encode(into w: inout ByteWriter) throws {
        try w.name(name)
        w.u16(type)
        w.u16(klass)
        w.u32(ttl)
        guard rdata.count <= 0xFFFF else { throw WireError("RDATA of \(name) is longer than 65535 bytes") }
        w.u16(UInt16(rdata.count))
        w.append(rdata)
    }
}

/// A DNS message (RFC 1035 §4.1). For UPDATE the four sections are zone, prerequisite, update
/// and additional (RFC 2136 §2); the same fields hold them.
struct DNSMessage: Equatable {
    var id: UInt16 = 0
    var isResponse = false
    var opcode: UInt8 = DNSOpcode.query
    var authoritative = false
    var truncated = false
    var recursionDesired = false
    var recursionAvailable = false
    /// The low four bits of the response code (the TSIG record carries the extended ones).
    var rcode: UInt16 = 0
    var questions: [DNSQuestion] = []
    var answers: [DNSRecord] = []
    var authority: [DNSRecord] = []
    var additional: [DNSRecord] = []

    /// Where the TSIG record began in the bytes this message was decoded from, if it has one.
    var tsigOffset: Int?

    var flags: UInt16 {
        var f: UInt16 = 0
        if isResponse { f |= 0x8000 }
        f |= UInt16(opcode & 0x0F) << 11
        if authoritative { f |= 0x0400 }
        if truncated { f |= 0x0200 }
        if recursionDesired { f |= 0x0100 }
        if recursionAvailable { f |= 0x0080 }
        f |= rcode & 0x000F
        return f
    }

    func encode() throws -> [UInt8] {
        var w = ByteWriter()
        w.u16(id)
        w.u16(flags)
        for count in [questions.count, answers.count, authority.count, additional.count] {
            guard count <= 0xFFFF else { throw WireError("too many records in one message") }
            w.u16(UInt16(count))
        }
        for q in questions {
            try w.name(q.name)
            w.u16(q.type)
            w.u16(q.klass)
        }
        for r in answers + authority + additional { try r.encode(into: &w) }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> DNSMessage {
        var r = ByteReader(bytes)
        var m = DNSMessage()
        m.id = try r.u16()
        let f = try r.u16()
        m.isResponse = f & 0x8000 != 0
        m.opcode = UInt8((f >> 11) & 0x0F)
        m.authoritative = f & 0x0400 != 0
        m.truncated = f & 0x0200 != 0
        m.recursionDesired = f & 0x0100 != 0
        m.recursionAvailable = f & 0x0080 != 0
        m.rcode = f & 0x000F
        let qd = Int(try r.u16())
        let an = Int(try r.u16())
        let ns = Int(try r.u16())
        let ar = Int(try r.u16())
        for _ in 0..<qd {
            m.questions.append(DNSQuestion(name: try r.name(), type: try r.u16(), klass: try r.u16()))
        }
        m.answers = try records(an, &r)
        m.authority = try records(ns, &r)
        for _ in 0..<ar {
            let start = r.offset
            let record = try record(&r)
            if record.type == RRType.tsig { m.tsigOffset = start }
            m.additional.append(record)
        }
        return m
    }

    private static func records(_ count: Int, _ r: inout ByteReader) throws -> [DNSRecord] {
        var out: [DNSRecord] = []
        for _ in 0..<count { out.append(try record(&r)) }
        return out
    }

    private static func record(_ r: inout ByteReader) throws -> DNSRecord {
        let name = try r.name()
        let type = try r.u16()
        let klass = try r.u16()
        let ttl = try r.u32()
        let length = Int(try r.u16())
        let start = r.offset
        _ = try r.take(length)
        // Names inside RDATA may point anywhere in the message: expand them now, so the record
        // stands alone afterwards.
        let rdata = try RDataNames.expand(type: type, message: r.bytes, start: start, length: length)
        return DNSRecord(name: name, type: type, klass: klass, ttl: ttl, rdata: rdata)
    }
}
