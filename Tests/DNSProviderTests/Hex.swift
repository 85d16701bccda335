/// Hex helpers: test vectors are written as hex with spaces and comments between fields.
enum Hex {
    /// Bytes from hex digits; spaces, newlines and `|` separators are ignored.
    static func bytes(_ text: String) -> [UInt8] {
        let digits = text.filter(\.isHexDigit)
        var out: [UInt8] = []
        var i = digits.startIndex
        while i < digits.endIndex {
            let j = digits.index(i, offsetBy: 2)
            out.append(UInt8(digits[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    /// The hex digits of an ASCII string's bytes, for writing labels readably.
    static func ascii(_ s: String) -> String { s.utf8.map { String(format2: $0) }.joined() }
}

extension String {
    init(format2 b: UInt8) {
        let h = String(b, radix: 16)
        self = h.count == 1 ? "0" + h : h
    }
}
