/// Reads big-endian fields from a whole message, failing cleanly on a short or malformed one.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func u8() throws -> UInt8 {
        guard offset < bytes.count else { throw WireError("message ends early at byte \(offset)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() throws -> UInt16 { UInt16(try u8()) << 8 | UInt16(try u8()) }
    mutating func u32() throws -> UInt32 { UInt32(try u16()) << 16 | UInt32(try u16()) }
    mutating func u48() throws -> UInt64 { UInt64(try u16()) << 32 | UInt64(try u32()) }

    mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= remaining else { throw WireError("message ends early: wanted \(count) bytes at \(offset)") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// A domain name, following compression pointers (RFC 1035 §4.1.4).
    mutating func name() throws -> String {
        let (name, next) = try DNSName.decode(bytes, at: offset)
        offset = next
        return name
    }
}
