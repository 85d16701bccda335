#if canImport(Glibc)
    import Glibc
#endif

/// Record data between presentation text (`10 mail.example.test.`) and wire RDATA, per type.
///
/// `decode` always produces the canonical text Cairn stores: lowercase absolute names, compressed
/// IPv6, single spaces, TXT unquoted when it is one string. Two spellings mean the same record
/// exactly when `canonical` gives the same text for both.
enum RData {
    static func canonical(type: UInt16, _ text: String) throws -> String {
        try decode(type: type, try encode(type: type, text))
    }

    static func encode(type: UInt16, _ text: String) throws -> [UInt8] {
        var w = ByteWriter()
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        switch type {
        case RRType.a:
            w.append(try address(text.trimmingSpaces, family: AF_INET, size: 4, label: "an IPv4 address"))
        case RRType.aaaa:
            w.append(try address(text.trimmingSpaces, family: AF_INET6, size: 16, label: "an IPv6 address"))
        case RRType.cname, RRType.ns, RRType.ptr:
            guard fields.count == 1 else { throw WireError("\"\(text)\" must be one domain name") }
            try w.name(try hostName(fields[0]))
        case RRType.mx:
            guard fields.count == 2 else { throw WireError("MX \"\(text)\" must be PREFERENCE EXCHANGE, like \"10 mail.example.test.\"") }
            w.u16(try number(fields[0], "preference", max: 0xFFFF))
            try w.name(try hostName(fields[1]))
        case RRType.srv:
            guard fields.count == 4 else {
                throw WireError("SRV \"\(text)\" must be PRIORITY WEIGHT PORT TARGET, like \"10 5 5060 sip.example.test.\"")
            }
            w.u16(try number(fields[0], "priority", max: 0xFFFF))
            w.u16(try number(fields[1], "weight", max: 0xFFFF))
            w.u16(try number(fields[2], "port", max: 0xFFFF))
            try w.name(try hostName(fields[3]))
        case RRType.txt:
            for s in try TXTStrings.parse(text) {
                w.u8(UInt8(s.count))
                w.append(s)
            }
        case RRType.caa:
            guard fields.count >= 3 else {
                throw WireError("CAA \"\(text)\" must be FLAGS TAG VALUE, like \"0 issue \\\"letsencrypt.org\\\"\"")
            }
            w.u8(UInt8(try number(fields[0], "flags", max: 255)))
            let tag = Array(fields[1].lowercased().utf8)
            guard !tag.isEmpty, tag.count <= 255, tag.allSatisfy({ isAlphanumeric($0) }) else {
                throw WireError("CAA tag \"\(fields[1])\" must be letters and digits, like issue, issuewild or iodef")
            }
            w.u8(UInt8(tag.count))
            w.append(tag)
            w.append(try TXTStrings.caaValue(text, afterFields: 2))
        default:
            throw WireError("record type \(RRType.mnemonic(type)) is not supported")
        }
        return w.bytes
    }

    static func decode(type: UInt16, _ rdata: [UInt8]) throws -> String {
        var r = ByteReader(rdata)
        let text: String
        switch type {
        case RRType.a:
            text = try presentAddress(r.take(4), family: AF_INET)
        case RRType.aaaa:
            text = try presentAddress(r.take(16), family: AF_INET6)
        case RRType.cname, RRType.ns, RRType.ptr:
            text = try r.name().lowercased()
        case RRType.mx:
            text = "\(try r.u16()) \(try r.name().lowercased())"
        case RRType.srv:
            text = "\(try r.u16()) \(try r.u16()) \(try r.u16()) \(try r.name().lowercased())"
        case RRType.txt:
            var strings: [[UInt8]] = []
            while r.remaining > 0 { strings.append(try r.take(Int(try r.u8()))) }
            text = TXTStrings.present(strings)
        case RRType.caa:
            let flags = try r.u8()
            let tag = String(decoding: try r.take(Int(try r.u8())), as: UTF8.self)
            text = "\(flags) \(tag) \(TXTStrings.quote(try r.take(r.remaining)))"
        case RRType.soa:
            let mname = try r.name()
            let rname = try r.name()
            text = "\(mname) \(rname) \(try r.u32()) \(try r.u32()) \(try r.u32()) \(try r.u32()) \(try r.u32())"
        default:
            throw WireError("record type \(RRType.mnemonic(type)) is not supported")
        }
        guard r.remaining == 0 else { throw WireError("\(RRType.mnemonic(type)) RDATA has \(r.remaining) bytes too many") }
        return text
    }

    /// A host name in record data. Names there are absolute; a missing trailing dot is added.
    private static func hostName(_ s: String) throws -> String {
        guard !s.isEmpty else { throw WireError("a domain name is empty") }
        _ = try DNSName.labels(of: s)
        return s
    }

    private static func number(_ s: String, _ what: String, max: Int) throws -> UInt16 {
        guard let n = Int(s), n >= 0, n <= max else { throw WireError("\(what) \"\(s)\" must be a whole number from 0 to \(max)") }
        return UInt16(n)
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    private static func address(_ s: String, family: Int32, size: Int, label: String) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size)
        guard inet_pton(family, s, &out) == 1 else { throw WireError("\"\(s)\" is not \(label)") }
        return out
    }

    private static func presentAddress(_ bytes: [UInt8], family: Int32) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        guard inet_ntop(family, bytes, &buffer, socklen_t(buffer.count)) != nil else { throw WireError("bad address bytes") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s.removeLast() }
        return String(s)
    }
}
