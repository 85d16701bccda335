// libyaml, as the Yams package builds it. Cairn reads its parser's events directly: composing Yams'
// node tree first (and hashing every key to find duplicates) cost most of the time of a plan.
// CYaml is not a product of Yams; SwiftPM makes a dependency's C modules importable by the
// packages that depend on it. Should that stop, libyaml-dev through a module map would do.
import CYaml
import CairnProviderKit

/// Turns YAML text into a `ConfigExpr` tree with source locations, from libyaml's events.
///
/// A struct, and each event freed as soon as it is read: a class and an object per event made
/// the runtime check exclusive access and allocate for every one of a big stack's nodes.
struct YAMLReader {
    /// Guards against alias expansion bombs: a stack file never needs this many nodes.
    static let maxNodes = 2_000_000
    /// Maps with more entries than this check for duplicate keys with a set instead of a scan.
    private static let linearKeyCheckLimit = 12

    private let file: String
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private var anchors: [String: (expr: ConfigExpr, nodes: Int)] = [:]
    private var nodeCount = 0

    /// Reads the one document of `text`; an empty text gives nil.
    static func read(_ text: String, file: String) throws -> ConfigExpr? {
        var text = text
        return try text.withUTF8 { bytes in
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            yaml_parser_initialize(parser)
            defer {
                yaml_parser_delete(parser)
                parser.deallocate()
            }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
            var reader = YAMLReader(file: file, parser: parser)
            return try reader.document()
        }
    }

    private init(file: String, parser: UnsafeMutablePointer<yaml_parser_t>) {
        self.file = file
        self.parser = parser
    }

    // MARK: Events

    /// The next event; whoever takes it frees it with `yaml_event_delete`.
    private func next() throws -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw parserDiagnostic() }
        return event
    }

    /// Reads the next event and says only what it was.
    private func skip() throws -> yaml_event_type_t {
        var event = try next()
        defer { yaml_event_delete(&event) }
        return event.type
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    private static func string(_ pointer: UnsafePointer<UInt8>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func text(_ s: yaml_event_t) -> String {
        String(decoding: UnsafeBufferPointer(start: s.data.scalar.value, count: s.data.scalar.length), as: UTF8.self)
    }

    // MARK: Composing

    private mutating func document() throws -> ConfigExpr? {
        _ = try skip() // stream start
        if try skip() == YAML_STREAM_END_EVENT { return nil } // else the document's start
        let root = try node(try next())
        _ = try skip() // document end
        var after = try next()
        defer { yaml_event_delete(&after) }
        if after.type != YAML_STREAM_END_EVENT {
            throw Diagnostic.error(
                "invalid YAML: a stack file holds one document, but another starts here",
                at: location(after.start_mark), hint: "remove the `---` line and what follows, or move it to its own file")
        }
        return root
    }

    /// The node that starts with `event` (which this frees), with everything inside it.
    private mutating func node(_ first: yaml_event_t) throws -> ConfigExpr {
        var event = first
        var deleted = false
        defer { if !deleted { yaml_event_delete(&event) } }
        let loc = location(event.start_mark)
        try count(1, at: loc)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let expr = try Self.scalar(Self.text(event), style: event.data.scalar.style, at: loc)
            remember(Self.string(event.data.scalar.anchor), expr, nodes: 1)
            return expr
        case YAML_SEQUENCE_START_EVENT:
            let anchor = Self.string(event.data.sequence_start.anchor)
            yaml_event_delete(&event)
            deleted = true
            let before = nodeCount
            var items: [ConfigExpr] = []
            while true {
                let e = try next()
                if e.type == YAML_SEQUENCE_END_EVENT { break } // an end event holds nothing to free
                items.append(try node(e))
            }
            let expr = ConfigExpr(.list(items), at: loc)
            remember(anchor, expr, nodes: nodeCount - before + 1)
            return expr
        case YAML_MAPPING_START_EVENT:
            let anchor = Self.string(event.data.mapping_start.anchor)
            yaml_event_delete(&event)
            deleted = true
            let before = nodeCount
            let expr = ConfigExpr(.map(try mappingEntries()), at: loc)
            remember(anchor, expr, nodes: nodeCount - before + 1)
            return expr
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                throw Diagnostic.error(
                    "invalid YAML: the alias *\(name) names no anchor defined before it", at: loc,
                    hint: "define `&\(name)` on a value earlier in the same file")
            }
            // An alias repeats its anchor's whole tree: count it all, so nested aliases cannot explode.
            try count(target.nodes - 1, at: loc)
            return target.expr
        default:
            throw Diagnostic.error("invalid YAML: unexpected \(event.type) here", at: loc)
        }
    }

    private mutating func mappingEntries() throws -> [(key: String, keyLocation: SourceLocation, value: ConfigExpr)] {
        var entries: [(key: String, keyLocation: SourceLocation, value: ConfigExpr)] = []
        var keys: Set<String>?
        while true {
            var k = try next()
            if k.type == YAML_MAPPING_END_EVENT { break } // an end event holds nothing to free
            let keyLocation = location(k.start_mark)
            let isScalar = k.type == YAML_SCALAR_EVENT
            let key = isScalar ? Self.text(k) : ""
            yaml_event_delete(&k)
            guard isScalar else {
                throw Diagnostic.error("a map key must be a plain string", at: keyLocation)
            }
            try count(1, at: keyLocation)
            if let first = firstOccurrence(of: key, in: entries, keys: &keys) {
                throw Diagnostic.error(
                    "duplicate key \"\(key)\" in this map (first at line \(first.line), column \(first.column))",
                    at: keyLocation, hint: "each name may appear once; remove or rename one")
            }
            entries.append((key, keyLocation, try node(try next())))
        }
        return entries
    }

    /// Where `key` already appears among `entries`; small maps are scanned, big ones keep a set.
    private func firstOccurrence(
        of key: String, in entries: [(key: String, keyLocation: SourceLocation, value: ConfigExpr)],
        keys: inout Set<String>?
    ) -> SourceLocation? {
        if entries.count < Self.linearKeyCheckLimit {
            return entries.first { $0.key == key }?.keyLocation
        }
        if keys == nil { keys = Set(entries.map(\.key)) }
        if keys!.insert(key).inserted { return nil }
        return entries.first { $0.key == key }?.keyLocation
    }

    private mutating func remember(_ anchor: String?, _ expr: ConfigExpr, nodes: Int) {
        if let anchor { anchors[anchor] = (expr, nodes) }
    }

    private mutating func count(_ nodes: Int, at loc: SourceLocation) throws {
        nodeCount += nodes
        if nodeCount > Self.maxNodes {
            throw Diagnostic.error(
                "the document expands to more than \(Self.maxNodes) nodes", at: loc,
                hint: "YAML aliases are expanded; avoid deeply nested aliases")
        }
    }

    // MARK: Scalars

    private static func scalar(_ text: String, style: yaml_scalar_style_t, at loc: SourceLocation) throws -> ConfigExpr {
        if style == YAML_PLAIN_SCALAR_STYLE, let v = plainValue(text) {
            return .literal(v, at: loc)
        }
        guard containsInterpolation(text) else { return .literal(.string(text), at: loc) }
        // Quoted scalars start one column after their mark; block scalars on the next line.
        var start = loc
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: start = loc.advanced(by: 1)
        case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE:
            start = SourceLocation(file: loc.file, line: loc.line + 1, column: loc.column + 2)
        default: break
        }
        return ConfigExpr(.template(try Template.parse(text, at: start)), at: loc)
    }

    /// Whether `${` appears; a byte scan, since most scalars hold none.
    private static func containsInterpolation(_ text: String) -> Bool {
        var dollar = false
        for byte in text.utf8 {
            if dollar, byte == UInt8(ascii: "{") { return true }
            dollar = byte == UInt8(ascii: "$")
        }
        return false
    }

    /// YAML 1.2 core-schema resolution for plain scalars: null, booleans and numbers. The first
    /// byte decides which of them a scalar can be: most are names, compared with nothing.
    static func plainValue(_ text: String) -> Value? {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"):
            switch text {
            case "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: return nil
            }
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if text.hasPrefix("0x"), let n = Int(text.dropFirst(2), radix: 16) { return .number(Double(n)) }
            if text.hasPrefix("0o"), let n = Int(text.dropFirst(2), radix: 8) { return .number(Double(n)) }
            if let n = Double(text), n.isFinite, !text.hasSuffix("."), !text.hasPrefix(".") || text.count > 1 {
                return .number(n)
            }
            return nil
        default:
            return nil
        }
    }

    // MARK: Errors

    /// libyaml's own words for what it could not read, at the place it stopped.
    private func parserDiagnostic() -> Diagnostic {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "unknown error"
        switch p.error {
        case YAML_READER_ERROR:
            return .error(
                "cannot read YAML: \(problem)", at: SourceLocation(file: file, line: 1, column: 1),
                hint: "stack files must be UTF-8 text")
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            var msg = "invalid YAML: \(problem)"
            if let context = p.context {
                msg += " (\(String(cString: context)) at line \(p.context_mark.line + 1), column \(p.context_mark.column + 1))"
            }
            return .error(msg, at: location(p.problem_mark), hint: "check indentation, quoting and that `${…}` values are quoted")
        default:
            return .error("invalid YAML: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}
