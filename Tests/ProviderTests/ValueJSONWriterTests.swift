import CairnProviderKit
import Testing

/// `Value.jsonString()` is what state stores: its bytes must stay exactly the same.
@Suite struct ValueJSONWriterTests {
    @Test func stringsNeedingNoEscapeAreWrittenAsTheyAre() {
        #expect(Value.string("plain text").jsonString() == #""plain text""#)
        #expect(Value.string("").jsonString() == #""""#)
        #expect(Value.string("café ☕︎ ünï 😀").jsonString() == "\"café ☕︎ ünï 😀\"")
        #expect(Value.string("e\u{301}").jsonString() == "\"e\u{301}\"")
    }

    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        #expect(Value.string("say \"hi\"").jsonString() == #""say \"hi\"""#)
        #expect(Value.string(#"C:\dir"#).jsonString() == #""C:\\dir""#)
        #expect(Value.string("a\nb\rc\td").jsonString() == #""a\nb\rc\td""#)
        #expect(Value.string("bell\u{7}é\u{1F}").jsonString() == "\"bell\\u0007é\\u001f\"")
        #expect(Value.string("\u{7F}").jsonString() == "\"\u{7F}\"")
    }

    @Test func mapsAreWrittenWithSortedKeys() {
        let v: Value = .map([
            "b": .list([.number(1), .number(2.5), .null]), "a": .bool(true), "k\"": .sensitive(.string("s")),
            "c": .unknown, "d": .map([:]), "e": .list([]),
        ])
        #expect(v.jsonString() == #"{"a":true,"b":[1,2.5,null],"c":{"$unknown":true},"d":{},"e":[],"k\"":{"$sensitive":"s"}}"#)
        #expect(
            Value.map(["z": .number(1), "a": .map(["y": .string("x")])]).jsonString(pretty: true) == """
                {
                  "a": {
                    "y": "x"
                  },
                  "z": 1
                }
                """)
    }
}
