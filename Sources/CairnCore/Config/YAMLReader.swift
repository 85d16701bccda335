import CairnProviderKit
import Foundation
import Yams

/// Turns YAML text into `ConfigExpr` trees with source locations.
struct YAMLReader {
    let file: String
    /// Guards against alias expansion bombs: a stack file never needs this many nodes.
    static let maxNodes = 2_000_000
    private var nodeCount = 0

    init(file: String) { self.file = file }

    /// Parses one document; an empty file gives nil.
    static func parse(_ text: String, file: String) throws -> (root: Node?, reader: YAMLReader) {
        do {
            // The basic resolver: Cairn resolves plain scalars itself (plainValue), and the default
            // resolver's regular expressions dominated load time when Yams hashed every map key.
            return (try Yams.compose(yaml: text, .basic), YAMLReader(file: file))
        } catch let e as YamlError {
            throw diagnostic(for: e, file: file)
        }
    }

    func location(_ node: Node) -> SourceLocation {
        location(node.mark)
    }

    func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func expr(_ node: Node) throws -> ConfigExpr {
        nodeCount += 1
        if nodeCount > Self.maxNodes {
            throw Diagnostic.error("the document expands to more than \(Self.maxNodes) nodes", at: location(node),
                                   hint: "YAML aliases are expanded; avoid deeply nested aliases")
        }
        let loc = location(node)
        switch node {
        case .scalar(let s):
            return try scalarExpr(s, at: loc)
        case .sequence(let seq):
            var items: [ConfigExpr] = []
            items.reserveCapacity(seq.count)
            for n in seq { items.append(try expr(n)) }
            return ConfigExpr(.list(items), at: loc)
        case .mapping(let map):
            var entries: [(key: String, keyLocation: SourceLocation, value: ConfigExpr)] = []
            entries.reserveCapacity(map.count)
            for (k, v) in map {
                guard case .scalar(let ks) = k else {
                    throw Diagnostic.error("a map key must be a plain string", at: location(k))
                }
                entries.append((ks.string, location(k), try expr(v)))
            }
            return ConfigExpr(.map(entries), at: loc)
        case .alias:
            throw Diagnostic.error("unresolved YAML alias", at: loc)
        }
    }

    private func scalarExpr(_ s: Node.Scalar, at loc: SourceLocation) throws -> ConfigExpr {
        if s.style == .plain, let v = Self.plainValue(s.string) {
            return .literal(v, at: loc)
        }
        let text = s.string
        guard text.contains("${") else { return .literal(.string(text), at: loc) }
        // Quoted scalars start one column after their mark; block scalars on the next line.
        var start = loc
        switch s.style {
        case .singleQuoted, .doubleQuoted: start = loc.advanced(by: 1)
        case .literal, .folded: start = SourceLocation(file: loc.file, line: loc.line + 1, column: loc.column + 2)
        default: break
        }
        return ConfigExpr(.template(try Template.parse(text, at: start)), at: loc)
    }

    /// YAML 1.2 core-schema resolution for plain scalars: null, booleans and numbers.
    static func plainValue(_ text: String) -> Value? {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        guard let first = text.unicodeScalars.first, "+-.0123456789".unicodeScalars.contains(first) else { return nil }
        if text.hasPrefix("0x"), let n = Int(text.dropFirst(2), radix: 16) { return .number(Double(n)) }
        if text.hasPrefix("0o"), let n = Int(text.dropFirst(2), radix: 8) { return .number(Double(n)) }
        if let n = Double(text), n.isFinite, !text.hasSuffix("."), !text.hasPrefix(".") || text.count > 1 {
            return .number(n)
        }
        return nil
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        func loc(_ m: Mark) -> SourceLocation { SourceLocation(file: file, line: m.line, column: m.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var msg = "invalid YAML: \(problem)"
            if let context { msg += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return .error(msg, at: loc(mark), hint: "check indentation, quoting and that `${…}` values are quoted")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error("duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in this map",
                          at: loc(context.mark), hint: "each name may appear once; remove or rename one")
        case .reader(let problem, _, _, _):
            return .error("cannot read YAML: \(problem)", at: SourceLocation(file: file, line: 1, column: 1),
                          hint: "stack files must be UTF-8 text")
        default:
            return .error("invalid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}
