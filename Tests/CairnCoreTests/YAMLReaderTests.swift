import CairnProviderKit
import Testing

@testable import CairnCore

@Suite struct YAMLReaderTests {
    func read(_ text: String) throws -> ConfigExpr? {
        try YAMLReader.read(text, file: "s.yaml")
    }

    func error(_ text: String) -> Diagnostic? {
        do {
            _ = try read(text)
            return nil
        } catch let d as Diagnostic {
            return d
        } catch {
            return .error("not a diagnostic: \(error)")
        }
    }

    @Test func emptyTextHasNoDocument() throws {
        #expect(try read("") == nil)
        #expect(try read("# only a comment\n") == nil)
    }

    /// The core schema's plain scalars; words that only start like null, true or false stay strings.
    @Test func plainScalarsResolveByTheCoreSchema() {
        let cases: [(String, Value?)] = [
            ("", .null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
            ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
            ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
            ("nul", nil), ("nullable", nil), ("tRUE", nil), ("truth", nil), ("f", nil), ("~x", nil),
            ("0", .number(0)), ("-12", .number(-12)), ("+3", .number(3)), ("2.5", .number(2.5)), (".5", .number(0.5)),
            ("1e3", .number(1000)), ("0x1F", .number(31)), ("0o17", .number(15)),
            ("5.", nil), (".", nil), ("-", nil), ("+", nil), ("1.2.3", nil), ("inf", nil), ("r0", nil), ("web", nil),
        ]
        for (text, want) in cases {
            #expect(YAMLReader.plainValue(text) == want, "\(text)")
        }
    }

    @Test func valuesAndTheirLocations() throws {
        let root = try #require(try read("a: 1\nb:\n  - x\n  - 'q ${var.y}'\nc: { d: true }\n"))
        let entries = try #require(root.mapEntries)
        #expect(entries.map(\.key) == ["a", "b", "c"])
        #expect(entries[0].value.literalValue == .number(1))
        #expect(entries[1].keyLocation == SourceLocation(file: "s.yaml", line: 2, column: 1))
        guard case .list(let items) = entries[1].value.kind else {
            Issue.record("b is not a list")
            return
        }
        #expect(items[0].literalValue == .string("x"))
        #expect(items[0].location == SourceLocation(file: "s.yaml", line: 3, column: 5))
        guard case .template(let t) = items[1].kind else {
            Issue.record("not a template")
            return
        }
        // The reference starts after the quote: column 5 is the quote, 6 the text.
        #expect(t.references.first?.location == SourceLocation(file: "s.yaml", line: 4, column: 10))
        #expect(entries[2].value.entry("d")?.literalValue == .bool(true))
        #expect(entries[2].value.entry("d")?.location == SourceLocation(file: "s.yaml", line: 5, column: 9))
    }

    @Test func quotedScalarsStayStrings() throws {
        let root = try #require(try read("a: \"1\"\nb: 'true'\nc: null\nd: |\n  text\n"))
        #expect(root.entry("a")?.literalValue == .string("1"))
        #expect(root.entry("b")?.literalValue == .string("true"))
        #expect(root.entry("c")?.literalValue == .null)
        #expect(root.entry("d")?.literalValue == .string("text\n"))
    }

    @Test func aliasesRepeatTheirAnchor() throws {
        let root = try #require(try read("base: &b { image: web, port: 80 }\ncopy: *b\n"))
        #expect(root.entry("copy")?.literalValue == .map(["image": .string("web"), "port": .number(80)]))
    }

    @Test func undefinedAliasIsNamed() {
        let d = error("a: *nowhere\n")
        #expect(d?.message.contains("*nowhere") == true)
        #expect(d?.location == SourceLocation(file: "s.yaml", line: 1, column: 4))
    }

    @Test func aliasBombIsRefused() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...7 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            text += "a\(i): &a\(i) [\(refs)]\n"
        }
        #expect(error(text)?.message.contains("expands to more than") == true)
    }

    @Test func duplicateKeysNameBothPlaces() {
        let d = error("locals:\n  a: 1\n  b: 2\n  a: 3\n")
        #expect(d?.message == "duplicate key \"a\" in this map (first at line 2, column 3)")
        #expect(d?.location == SourceLocation(file: "s.yaml", line: 4, column: 3))
    }

    @Test func duplicateKeysInABigMap() {
        let lines = (0..<40).map { "  k\($0): \($0)" } + ["  k7: again"]
        let d = error("m:\n" + lines.joined(separator: "\n") + "\n")
        #expect(d?.message == "duplicate key \"k7\" in this map (first at line 9, column 3)")
        #expect(d?.location?.line == 42)
    }

    @Test func complexKeysAreRefused() {
        let d = error("? [a, b]\n: 1\n")
        #expect(d?.message == "a map key must be a plain string")
    }

    @Test func secondDocumentIsRefused() {
        let d = error("a: 1\n---\nb: 2\n")
        #expect(d?.message.contains("one document") == true)
        #expect(d?.location?.line == 2)
    }

    @Test func syntaxErrorsCarryLibyamlsWords() {
        let d = error("a: [1, 2\nb: 3\n")
        #expect(d?.message.hasPrefix("invalid YAML: did not find expected ',' or ']'") == true)
        #expect(d?.message.contains("while parsing a flow sequence at line 1, column 4") == true)
    }

    @Test func controlCharactersAreAReaderError() {
        let d = error("a: b\u{01}\n")
        #expect(d?.message == "cannot read YAML: control characters are not allowed")
    }
}
