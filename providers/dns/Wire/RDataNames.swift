/// Uncompresses the domain names inside the RDATA of the types that may carry compressed ones
/// (RFC 1035 §4.1.4 allows it for NS, CNAME, PTR, MX and SOA; RFC 3597 §4 forbids it for newer types).
enum RDataNames {
    static func expand(type: UInt16, message: [UInt8], start: Int, length: Int) throws -> [UInt8] {
        let raw = Array(message[start..<start + length])
        var r = ByteReader(message, offset: start)
        var w = ByteWriter()
        switch type {
        case RRType.ns, RRType.cname, RRType.ptr:
            try w.name(try r.name())
        case RRType.mx:
            w.u16(try r.u16())
            try w.name(try r.name())
        case RRType.soa:
            try w.name(try r.name())
            try w.name(try r.name())
            w.append(try r.take(20))
        default:
            return raw
        }
        guard r.offset == start + length else { throw WireError("RDATA of type \(RRType.mnemonic(type)) has the wrong length") }
        return w.bytes
    }
}
