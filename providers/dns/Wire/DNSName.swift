/// Domain names between presentation form (`www.example.test.`) and wire form (length-prefixed
/// labels, RFC 1035 §3.1). Every name is absolute: a missing trailing dot is implied.
enum DNSName {
    /// Wire form of `name`, uncompressed. Escapes `\.` and `\DDD` are understood.
    static func encode(_ name: String) throws -> [UInt8] {
        var out: [UInt8] = []
        for label in try labels(of: name) {
            out.append(UInt8(label.count))
            out.append(contentsOf: label)
        }
        out.append(0)
        guard out.count <= 255 else { throw WireError("name \(name) is longer than 255 bytes") }
        return out
    }

    /// The labels of a presentation-form name, escapes resolved.
    static func labels(of name: String) throws -> [[UInt8]] {
        let bytes = Array(name.utf8)
        if bytes.isEmpty || bytes == [UInt8(ascii: ".")] { return [] }
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { throw WireError("name \(name) ends with a lone backslash") }
                let digits = bytes[(i + 1)...].prefix(3)
                if digits.count == 3, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                    let value = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
                    guard value <= 255 else { throw WireError("name \(name) has an escape above \\255") }
                    current.append(UInt8(value))
                    i += 4
                } else {
                    current.append(bytes[i + 1])
                    i += 2
                }
                continue
            }
            if b == UInt8(ascii: ".") {
                guard !current.isEmpty else { throw WireError("name \(name) has an empty label") }
                result.append(current)
                current = []
            } else {
                current.append(b)
            }
            i += 1
        }
        if !current.isEmpty { result.append(current) }
        for label in result where label.count > 63 {
            throw WireError("name \(name) has a label longer than 63 bytes")
        }
        return result
    }

    /// Reads the name at `offset` of a whole message, following compression pointers. Returns it
    /// in presentation form with a trailing dot, and the offset just after it.
    static func decode(_ message: [UInt8], at start: Int) throws -> (String, Int) {
        var labels: [String] = []
        var offset = start
        var end: Int?
        var jumps = 0
        var length = 0
        while true {
            guard offset < message.count else { throw WireError("name at byte \(start) runs past the end of the message") }
            let len = Int(message[offset])
            switch len & 0xC0 {
            case 0xC0:
                guard offset + 1 < message.count else { throw WireError("compression pointer at byte \(offset) is cut off") }
                let target = (len & 0x3F) << 8 | Int(message[offset + 1])
                // Pointers must go backwards; a bound on jumps stops loops in hostile messages.
                guard target < offset, jumps < 64 else { throw WireError("bad compression pointer at byte \(offset)") }
                if end == nil { end = offset + 2 }
                offset = target
                jumps += 1
            case 0x00:
                if len == 0 {
                    let name = labels.isEmpty ? "." : labels.joined(separator: ".") + "."
                    return (name, end ?? offset + 1)
                }
                guard offset + 1 + len <= message.count else { throw WireError("label at byte \(offset) runs past the end of the message") }
                length += len + 1
                guard length <= 255 else { throw WireError("name at byte \(start) is longer than 255 bytes") }
                labels.append(escape(message[(offset + 1)...(offset + len)]))
                offset += len + 1
            default:
                throw WireError("unsupported label type 0x\(String(len, radix: 16)) at byte \(offset)")
            }
        }
    }

    /// A label in presentation form: dots and backslashes escaped, unprintable bytes as `\DDD`.
    private static func escape(_ label: ArraySlice<UInt8>) -> String {
        var s = ""
        for b in label {
            switch b {
            case UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "\""):
                s += "\\" + String(UnicodeScalar(b))
            case 0x21...0x7E:
                s += String(UnicodeScalar(b))
            default:
                s += "\\" + String(format3(b))
            }
        }
        return s
    }

    private static func format3(_ b: UInt8) -> String {
        let d = String(b)
        return String(repeating: "0", count: 3 - d.count) + d
    }

    /// `name` lowercased with a trailing dot: the form used for comparing and for TSIG (RFC 8945
    /// §4.3.3 wants key and algorithm names in canonical, lowercase wire form).
    static func canonical(_ name: String) -> String {
        let lower = name.lowercased()
        if lower.isEmpty || lower == "." { return "." }
        return lower.hasSuffix(".") && !lower.hasSuffix("\\.") ? lower : lower + "."
    }
}
