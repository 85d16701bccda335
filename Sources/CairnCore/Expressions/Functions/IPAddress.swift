/// An IPv4 or IPv6 address as a 128-bit number (IPv4 in the low 32 bits).
struct IPAddress: Equatable {
    var high: UInt64
    var low: UInt64
    /// 32 or 128.
    let bits: Int

    /// The lowest `count` bits set.
    static func ones(_ count: Int) -> (high: UInt64, low: UInt64) {
        (count > 64 ? ~0 >> (128 - count) : 0, count >= 64 ? ~0 : (1 << count) - 1)
    }

    /// `value` shifted left by `shift` bits (0 ..< 128) into a 128-bit number.
    static func shifted(_ value: UInt64, by shift: Int) -> (high: UInt64, low: UInt64) {
        shift >= 64 ? (value << (shift - 64), 0) : (shift == 0 ? 0 : value >> (64 - shift), value << shift)
    }

    func with(_ other: (high: UInt64, low: UInt64)) -> IPAddress {
        IPAddress(high: high | other.high, low: low | other.low, bits: bits)
    }

    /// The address with every bit after the first `prefix` cleared.
    func network(prefix: Int) -> IPAddress {
        let host = Self.ones(bits - prefix)
        return IPAddress(high: high & ~host.high, low: low & ~host.low, bits: bits)
    }

    static func parse(_ text: String) -> IPAddress? {
        if text.contains(":") {
            guard let (high, low) = parseIPv6(text) else { return nil }
            return IPAddress(high: high, low: low, bits: 128)
        }
        return parseIPv4(text).map { IPAddress(high: 0, low: UInt64($0), bits: 32) }
    }

    private static func parseIPv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: UInt32 = 0
        for p in parts {
            guard (1...3).contains(p.count), p.allSatisfy({ $0.isASCII && $0.isNumber }),
                p.count == 1 || p.first != "0", let n = UInt32(p), n <= 255
            else { return nil }
            out = out << 8 | n
        }
        return out
    }

    private static func parseIPv6(_ text: String) -> (UInt64, UInt64)? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, p) in parts.enumerated() {
                if i == parts.count - 1, p.contains("."), let v4 = parseIPv4(String(p)) {
                    out += [UInt16(v4 >> 16), UInt16(v4 & 0xffff)]
                } else {
                    guard (1...4).contains(p.count), p.allSatisfy(\.isHexDigit), let g = UInt16(p, radix: 16) else { return nil }
                    out.append(g)
                }
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        let high = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }

    var text: String {
        if bits == 32 {
            return (0..<4).map { String((low >> (24 - 8 * $0)) & 0xff) }.joined(separator: ".")
        }
        let groups = (0..<8).map { i -> UInt64 in
            let word = i < 4 ? high : low
            return (word >> (48 - 16 * UInt64(i % 4))) & 0xffff
        }
        // The longest run of two or more zero groups becomes "::" (RFC 5952).
        var best = (start: -1, length: 1)
        var i = 0
        while i < 8 {
            var j = i
            while j < 8 && groups[j] == 0 { j += 1 }
            if j - i > best.length { best = (i, j - i) }
            i = max(j, i + 1)
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.start >= 0 else { return hex.joined(separator: ":") }
        let left = hex[..<best.start].joined(separator: ":")
        let right = hex[(best.start + best.length)...].joined(separator: ":")
        return left + "::" + right
    }
}
