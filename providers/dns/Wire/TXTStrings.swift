/// TXT data as DNS character-strings (RFC 1035 §3.3, at most 255 bytes each), and their text forms.
///
/// Written text is either plain (`v=spf1 -all`, cut into 255-byte strings on the wire) or zone-file
/// quoted (`"part one" "part two"`, with `\"`, `\\` and `\DDD` escapes). Read back, data is plain
/// when it is one string, or several where all but the last are full (a long plain text), and
/// quoted otherwise.
enum TXTStrings {
    static func parse(_ text: String) throws -> [[UInt8]] {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("\"") { return try parseQuoted(trimmed) }
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return [[]] }
        return stride(from: 0, to: bytes.count, by: 255).map { Array(bytes[$0..<min($0 + 255, bytes.count)]) }
    }

    static func present(_ strings: [[UInt8]]) -> String {
        let joinable = strings.count == 1 || strings.dropLast().allSatisfy { $0.count == 255 }
        let joined = strings.joined()
        if joinable, !joined.isEmpty, joined.first != UInt8(ascii: "\""), let s = String(validating: Array(joined), as: UTF8.self),
            s == s.trimmingSpaces
        {
            return s
        }
        return strings.map(quote).joined(separator: " ")
    }

    static func quote(_ bytes: [UInt8]) -> String {
        var s = "\""
        for b in bytes {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): s += "\\" + String(UnicodeScalar(b))
            case 0x20...0x7E: s += String(UnicodeScalar(b))
            default:
                let d = String(b)
                s += "\\" + String(repeating: "0", count: 3 - d.count) + d
            }
        }
        return s + "\""
    }

    /// The quoted form PowerDNS wants for TXT content: every string quoted.
    static func quotedForm(_ text: String) throws -> String {
        try parse(text).map(quote).joined(separator: " ")
    }

    /// A CAA value: the rest of the text after `afterFields` fields, quoted or bare.
    static func caaValue(_ text: String, afterFields: Int) throws -> [UInt8] {
        var rest = Substring(text.trimmingSpaces)
        for _ in 0..<afterFields {
            rest = rest.drop { $0 != " " && $0 != "\t" }
            rest = rest.drop { $0 == " " || $0 == "\t" }
        }
        let value = String(rest)
        if value.hasPrefix("\"") {
            let strings = try parseQuoted(value)
            guard strings.count == 1 else { throw WireError("CAA value \(value) must be one quoted string") }
            return strings[0]
        }
        return Array(value.utf8)
    }

    private static func parseQuoted(_ text: String) throws -> [[UInt8]] {
        let b = Array(text.utf8)
        var out: [[UInt8]] = []
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "\t") {
                i += 1
                continue
            }
            guard b[i] == UInt8(ascii: "\"") else {
                throw WireError("TXT text \(text) mixes quoted and unquoted parts: quote every part or none")
            }
            i += 1
            var current: [UInt8] = []
            var closed = false
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < b.count else { break }
                    let digits = b[(i + 1)...].prefix(3)
                    if digits.count == 3, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                        let v = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
                        guard v <= 255 else { throw WireError("TXT text \(text) has an escape above \\255") }
                        current.append(UInt8(v))
                        i += 4
                    } else {
                        current.append(b[i + 1])
                        i += 2
                    }
                    continue
                }
                if c == UInt8(ascii: "\"") {
                    closed = true
                    i += 1
                    break
                }
                current.append(c)
                i += 1
            }
            guard closed else { throw WireError("TXT text \(text) has an unclosed quote") }
            guard current.count <= 255 else {
                throw WireError("a quoted TXT string is longer than 255 bytes: split it into several quoted parts")
            }
            out.append(current)
        }
        guard !out.isEmpty else { throw WireError("TXT text is empty") }
        return out
    }
}
