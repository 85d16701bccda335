/// Appends big-endian integers and byte strings, the way every DNS field is laid out.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) {
        bytes.append(UInt8(v >> 8))
        bytes.append(UInt8(v & 0xff))
    }
    mutating func u32(_ v: UInt32) {
        u16(UInt16(v >> 16))
        u16(UInt16(v & 0xffff))
    }
    /// The 48-bit "Time Signed" field of TSIG.
    mutating func u48(_ v: UInt64) {
        u16(UInt16((v >> 32) & 0xffff))
        u32(UInt32(v & 0xffff_ffff))
    }
    mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    mutating func name(_ n: String) throws { bytes.append(contentsOf: try DNSName.encode(n)) }
}
