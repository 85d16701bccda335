/// Reads the text form of addresses, `module.NAME[KEY].` steps followed by `NAME[KEY]` or
/// `data.NAME[KEY]`, straight from the UTF-8 bytes (state holds tens of thousands of them).
struct AddressParser {
    /// What the text holds: the module path, then the resource part when there is one.
    struct Parts {
        var module: ModulePath
        var resource: (mode: ResourceMode, name: String, key: InstanceKey)?
    }

    static func parse(_ text: String) throws(AddressParseError) -> Parts {
        var copy = text
        // Native strings are contiguous; the copy only happens for bridged ones.
        let result = copy.withUTF8 { bytes -> Result<Parts, AddressParseError> in
            var scanner = Scanner(text: text, bytes: bytes)
            do throws(AddressParseError) {
                return .success(try scanner.parts())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private struct Scanner {
        let text: String
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        init(text: String, bytes: UnsafeBufferPointer<UInt8>) {
            self.text = text
            self.bytes = bytes
        }

        func fail(_ problem: String) -> AddressParseError { AddressParseError(text, problem) }

        var atEnd: Bool { at == bytes.count }
        func peek(_ c: Character) -> Bool { !atEnd && bytes[at] == c.asciiValue! }

        mutating func parts() throws(AddressParseError) -> Parts {
            guard !bytes.isEmpty else { throw fail("it is empty") }
            var steps: [ModuleInstanceStep] = []
            while true {
                let start = at
                let word = try name()
                if peek(".") && (word == "module" || word == "data") {
                    at += 1
                    guard !atEnd else { throw fail("\"\(word).\" must be followed by a name") }
                    let inner = try name()
                    let key = try optionalKey()
                    if word == "data" {
                        try expectEnd()
                        return Parts(module: ModulePath(steps: steps), resource: (.data, inner, key))
                    }
                    steps.append(ModuleInstanceStep(name: inner, key: key))
                    if atEnd { return Parts(module: ModulePath(steps: steps), resource: nil) }
                    guard peek(".") else { throw unexpected() }
                    at += 1
                    guard !atEnd else { throw fail("it ends with a dot") }
                    continue
                }
                let key = try optionalKey()
                if peek(".") {
                    throw fail(
                        "\"\(String(decoding: bytes[start..<at], as: UTF8.self))\" is followed by a dot, "
                            + "but only module.NAME steps come before a resource")
                }
                try expectEnd()
                return Parts(module: ModulePath(steps: steps), resource: (.managed, word, key))
            }
        }

        func unexpected() -> AddressParseError {
            fail(
                "unexpected \"\(String(decoding: bytes[at...], as: UTF8.self))\" after \"\(String(decoding: bytes[..<at], as: UTF8.self))\""
            )
        }

        func expectEnd() throws(AddressParseError) {
            guard atEnd else { throw unexpected() }
        }

        /// A name: a letter or `_`, then letters, digits, `_` and `-`.
        mutating func name() throws(AddressParseError) -> String {
            let start = at
            var ascii = true
            while !atEnd, bytes[at] != UInt8(ascii: "."), bytes[at] != UInt8(ascii: "[") {
                let b = bytes[at]
                if b >= 0x80 {
                    ascii = false
                } else if !(Self.isNameByte(b) || (at > start && (Self.isDigit(b) || b == UInt8(ascii: "-")))) {
                    break
                }
                at += 1
            }
            guard at > start else {
                if atEnd { throw fail("a name is missing at the end") }
                throw fail("expected a name at \"\(String(decoding: bytes[at...], as: UTF8.self))\"")
            }
            let name = start == 0 && at == bytes.count ? text : String(decoding: bytes[start..<at], as: UTF8.self)
            if !ascii {
                let scalars = name.unicodeScalars
                let first = scalars.first!
                let valid =
                    (first == "_" || first.properties.isAlphabetic)
                    && scalars.allSatisfy { $0 == "_" || $0 == "-" || $0.properties.isAlphabetic || $0.properties.numericType != nil }
                guard valid else {
                    throw fail("\"\(name)\" is not a name (names start with a letter or _ and hold letters, digits, _ and -)")
                }
            }
            return name
        }

        static func isNameByte(_ b: UInt8) -> Bool {
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || b == UInt8(ascii: "_")
        }

        static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

        /// `[3]` or `["a"]` when the text has one here.
        mutating func optionalKey() throws(AddressParseError) -> InstanceKey {
            guard peek("[") else { return .none }
            at += 1
            let key: InstanceKey
            if peek("\"") {
                key = .key(try quoted())
            } else {
                let start = at
                while !atEnd, Self.isDigit(bytes[at]) { at += 1 }
                guard at > start, let i = Int(String(decoding: bytes[start..<at], as: UTF8.self)) else {
                    throw fail("the key in [...] must be a number (0 or more) or a quoted string")
                }
                key = .index(i)
            }
            guard peek("]") else { throw fail("the [ of the key has no matching ]") }
            at += 1
            return key
        }

        /// A string key between quotes, with `\"`, `\\`, `\n`, `\r`, `\t` and `\u{HEX}` escapes.
        mutating func quoted() throws(AddressParseError) -> String {
            at += 1
            var out: [UInt8] = []
            while true {
                guard !atEnd else { throw fail("the string key has no closing quote") }
                let b = bytes[at]
                at += 1
                if b == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                guard b == UInt8(ascii: "\\") else {
                    out.append(b)
                    continue
                }
                guard !atEnd else { throw fail("the string key ends in a lone \\") }
                let e = bytes[at]
                at += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard peek("{"), let close = bytes[at...].firstIndex(of: UInt8(ascii: "}")),
                        let value = UInt32(String(decoding: bytes[(at + 1)..<close], as: UTF8.self), radix: 16),
                        let scalar = Unicode.Scalar(value)
                    else {
                        throw fail("\\u in a string key must be followed by {HEX}")
                    }
                    out.append(contentsOf: Array(String(scalar).utf8))
                    at = close + 1
                default:
                    throw fail("unknown escape \\\(Character(Unicode.Scalar(e))) in a string key (use \\\" or \\\\)")
                }
            }
        }
    }
}

extension ResourceInstanceAddress {
    /// Parses `site`, `backend[0]`, `backend["a"]`, `data.zone`, `module.app["api"].file[0]`.
    public static func parse(_ text: String) throws(AddressParseError) -> ResourceInstanceAddress {
        let parts = try AddressParser.parse(text)
        guard let r = parts.resource else {
            throw AddressParseError(text, "it names a module, not a resource (add .NAME of a resource in it)")
        }
        return ResourceInstanceAddress(resource: ResourceAddress(module: parts.module, mode: r.mode, name: r.name), key: r.key)
    }
}

extension ResourceAddress {
    /// Parses a resource without instance key: `site`, `data.zone`, `module.app.file`.
    public static func parse(_ text: String) throws(AddressParseError) -> ResourceAddress {
        let instance = try ResourceInstanceAddress.parse(text)
        guard instance.key == .none else {
            throw AddressParseError(text, "a resource is meant here, without an instance key like \(instance.key)")
        }
        return instance.resource
    }
}

extension ModulePath {
    /// Parses `module.a` or `module.a["x"].module.b`; the empty text is the root.
    public static func parse(_ text: String) throws(AddressParseError) -> ModulePath {
        if text.isEmpty { return .root }
        let parts = try AddressParser.parse(text)
        guard parts.resource == nil else {
            throw AddressParseError(text, "it names a resource, not a module (module paths are module.NAME steps)")
        }
        return parts.module
    }
}
