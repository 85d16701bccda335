import Foundation

/// JSON that could not be decoded into a `Value`.
public struct ValueJSONReadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
    public var description: String { "\(message) at byte \(offset)" }
}

/// Cairn's one JSON decoder for `Value`: the reverse of `Value.jsonString()`, straight from bytes.
///
/// The state's read of every resource's inputs and attributes goes through it, which is why it
/// exists instead of `JSONDecoder` and `Value`'s try-each-kind `init(from:)`: those cost several
/// thrown errors per value, which dominated reading tens of thousands of resources (see
/// docs/performance.md). The `{"$unknown":…}` / `{"$sensitive":…}` wrappers are recognised by
/// `Value.unwrapping(key:_:)`, the rule `Value`'s Codable conformance shares.
package struct ValueJSONReader {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var depth = 0
    /// Whether wrapper objects are read as the marks they stand for (off for `jsondecode`).
    private let wrappers: Bool
    /// Whether a one-entry `{"$sealed": …}` object was read: only then can the value hold a secret to open.
    private var sawSealed = false
    private static let maximumDepth = 512

    private init(bytes: UnsafeRawBufferPointer, wrappers: Bool) {
        self.bytes = bytes
        self.wrappers = wrappers
    }

    /// Any JSON value; `wrappers: false` reads plain JSON, every object a map.
    package static func value(from data: Data, wrappers: Bool = true) throws(ValueJSONReadError) -> Value {
        try read(data, wrappers: wrappers) { reader throws(ValueJSONReadError) in try reader.readValue() }
    }

    /// Any JSON value, and whether it holds a `{"$sealed": …}` object anywhere.
    package static func valueNoticingSeals(from data: Data) throws(ValueJSONReadError) -> (value: Value, mayHoldSealed: Bool) {
        try read(data) { reader throws(ValueJSONReadError) in (try reader.readValue(), reader.sawSealed) }
    }

    /// A top-level JSON object read as a plain map: a resource's inputs or attributes. Its own
    /// keys are never taken as a wrapper, so a map whose only key is `$sensitive` survives.
    package static func map(from data: Data) throws(ValueJSONReadError) -> [String: Value] {
        try read(data) { reader throws(ValueJSONReadError) in try reader.readObjectEntries() }
    }

    /// A JSON array of strings.
    package static func strings(from data: Data) throws(ValueJSONReadError) -> [String] {
        try read(data) { reader throws(ValueJSONReadError) in
            guard case .list(let items) = try reader.readValue() else {
                throw reader.failure("expected an array of strings")
            }
            var strings: [String] = []
            strings.reserveCapacity(items.count)
            for item in items {
                guard case .string(let s) = item else { throw reader.failure("expected an array of strings") }
                strings.append(s)
            }
            return strings
        }
    }

    private static func read<T>(
        _ data: Data, wrappers: Bool = true,
        _ body: (inout ValueJSONReader) throws(ValueJSONReadError) -> T
    ) throws(ValueJSONReadError) -> T {
        let result: Result<T, ValueJSONReadError> = data.withUnsafeBytes { raw in
            var reader = ValueJSONReader(bytes: raw, wrappers: wrappers)
            do throws(ValueJSONReadError) {
                let result = try body(&reader)
                reader.skipWhitespace()
                guard reader.index == raw.count else { throw reader.failure("unexpected trailing characters") }
                return .success(result)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - Grammar

    private mutating func readValue() throws(ValueJSONReadError) -> Value {
        skipWhitespace()
        guard let byte = peek() else { throw failure("unexpected end of JSON") }
        switch byte {
        case UInt8(ascii: "{"):
            let entries = try readObjectEntries()
            // Only a one-entry object whose key starts with `$` can be a wrapper: one look at the
            // key instead of hashing it for every wrapper name.
            if wrappers, entries.count == 1, let (key, inner) = entries.first, key.utf8.first == UInt8(ascii: "$") {
                if let marked = Value.unwrapping(key: key, inner) { return marked }
                if key == "$sealed" { sawSealed = true }
            }
            return .map(entries)
        case UInt8(ascii: "["): return .list(try readArray())
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw failure("unexpected character")
        }
    }

    private mutating func readObjectEntries() throws(ValueJSONReadError) -> [String: Value] {
        skipWhitespace()
        try expect(UInt8(ascii: "{"))
        try enterNesting()
        defer { depth -= 1 }
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return [:]
        }
        // Sized once: growing a dictionary entry by entry rehashes it at every doubling. Created at
        // that size rather than reserved, which takes the stdlib's unspecialised resize path.
        var entries = [String: Value](minimumCapacity: Self.entryCount(bytes, from: index))
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected an object key") }
            let key = try readString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            entries[key] = try readValue()
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "}"))
            return entries
        }
    }

    private mutating func readArray() throws(ValueJSONReadError) -> [Value] {
        try expect(UInt8(ascii: "["))
        try enterNesting()
        defer { depth -= 1 }
        var items: [Value] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return items
        }
        while true {
            items.append(try readValue())
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "]"))
            return items
        }
    }

    private mutating func readNumber() throws(ValueJSONReadError) -> Double {
        let start = index
        var isInteger = true
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), isDigit(first) else { throw failure("invalid number") }
        if first == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let next = peek(), isDigit(next) else { throw failure("invalid number") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let next = peek(), isDigit(next) else { throw failure("invalid number") }
            skipDigits()
        }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        // Integers below 2^53 convert to Double exactly, so the fast path loses nothing.
        if isInteger && slice.count <= 16 {
            var magnitude: Int64 = 0
            var negative = false
            for byte in slice {
                if byte == UInt8(ascii: "-") {
                    negative = true
                    continue
                }
                magnitude = magnitude * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            if magnitude <= 1 << 53 { return Double(negative ? -magnitude : magnitude) }
        }
        guard let number = Double(String(decoding: slice, as: UTF8.self)) else { throw failure("invalid number") }
        return number
    }

    private mutating func readString() throws(ValueJSONReadError) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        while let byte = peek() {
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            if byte < 0x20 { throw failure("control character in string") }
            index += 1
        }
        throw failure("unterminated string")
    }

    /// The slow path, taken only once a backslash shows up.
    private mutating func readEscapedString(from start: Int) throws(ValueJSONReadError) -> String {
        var utf8 = Array(bytes[start..<index])
        while let byte = peek() {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = peek() else { throw failure("unterminated string") }
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: String(try readUnicodeEscape()).utf8)
                default: throw failure("invalid escape")
                }
            default:
                if byte < 0x20 { throw failure("control character in string") }
                utf8.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    /// The scalar after `\u`, joining a surrogate pair written as two escapes.
    private mutating func readUnicodeEscape() throws(ValueJSONReadError) -> Unicode.Scalar {
        let unit = try readHex4()
        if (0xD800..<0xDC00).contains(unit),
            peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
        {
            let saved = index
            index += 2
            let low = try readHex4()
            if (0xDC00..<0xE000).contains(low) {
                let combined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                return Unicode.Scalar(combined) ?? "\u{FFFD}"
            }
            index = saved
        }
        return Unicode.Scalar(unit) ?? "\u{FFFD}"
    }

    private mutating func readHex4() throws(ValueJSONReadError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("invalid unicode escape") }
        var unit: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid unicode escape")
            }
            unit = unit << 4 | UInt32(digit)
            index += 1
        }
        return unit
    }

    // MARK: - Scanning

    /// The number of entries of the non-empty object whose body starts at `start` (just after its
    /// `{`): its top-level commas plus one. A guess on malformed JSON, which the parser rejects anyway.
    package static func entryCount(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var commas = 0
        var nesting = 0
        var i = start
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                    i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["): nesting += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if nesting == 0 { return commas + 1 }
                nesting -= 1
            case UInt8(ascii: ","): if nesting == 0 { commas += 1 }
            default: break
            }
            i += 1
        }
        return commas + 1
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { index += 1 }
    }

    private mutating func skipWhitespace() {
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
        {
            index += 1
        }
    }

    private mutating func expect(_ byte: UInt8) throws(ValueJSONReadError) {
        guard peek() == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    private mutating func expectLiteral(_ literal: String) throws(ValueJSONReadError) {
        for expected in literal.utf8 {
            guard peek() == expected else { throw failure("invalid literal") }
            index += 1
        }
    }

    private mutating func enterNesting() throws(ValueJSONReadError) {
        depth += 1
        if depth > Self.maximumDepth { throw failure("nested too deeply") }
    }

    private func failure(_ message: String) -> ValueJSONReadError {
        ValueJSONReadError(message: message, offset: index)
    }
}
