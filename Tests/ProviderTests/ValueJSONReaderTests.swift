import CairnProviderKit
import Foundation
import Testing

@Suite struct ValueJSONReaderTests {
    /// The reader must agree with `Value`'s Codable decoding (what reads values inside a plan
    /// file) on everything the writer emits.
    @Test(arguments: [
        #"null"#,
        #"true"#,
        #"false"#,
        #"0"#,
        #"-17"#,
        #"9007199254740993"#,
        #"2.5"#,
        #"-3e2"#,
        #"1E-7"#,
        #"1e+300"#,
        #""""#,
        #""plain text""#,
        #""q\"\\\/\b\f\n\r\t\u00e9\u0001\ud83d\ude00 ok""#,
        #""caf\u00e9 ☕︎ ünï""#,
        #"[]"#,
        #"{}"#,
        #"[1, "two", [3], {"four": 4}]"#,
        #"{"$unknown":true}"#,
        #"{"$sensitive":"hunter2"}"#,
        #"{"$sensitive":{"nested":[1,{"$sensitive":false}]}}"#,
        #"{"$unknown":true,"other":1}"#,
        #"{"$sensitive":1,"other":2}"#,
        #" { "a" : [ 1 , 2 ] ,"b":{ } } "#,
    ])
    func agreesWithCodableDecoding(_ text: String) throws {
        let expected = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        let actual = try Value.parseJSON(text)
        #expect(actual == expected)
    }

    /// The capacity guess for an object: top-level commas plus one, whatever its strings and
    /// nested values hold.
    @Test(arguments: [
        (#"{"a":1}"#, 1),
        (#"{"a":1,"b":2,"c":3}"#, 3),
        (#"{"a":{"x":1,"y":2},"b":[1,2,3]}"#, 2),
        (#"{"a,b":"c,d}","e":"\\\",{"}"#, 2),
        (#"{"a":"\"","b":[{"c":[1,{"d":2}]}],"e":null}"#, 3),
    ])
    func countsTheEntriesOfAnObject(_ text: String, _ count: Int) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            #expect(ValueJSONReader.entryCount(raw, from: 1) == count, "\(text)")
        }
    }

    @Test func readsObjectsWhoseStringsHoldStructuralCharacters() throws {
        let text = #"{"a,b":"c,d}","e":"\\\",{","f":{"g":"]","h":[1,"}"]},"a,b":"last"}"#
        let value = try ValueJSONReader.map(from: Data(text.utf8))
        #expect(value == ["a,b": "last", "e": "\\\",{", "f": .map(["g": "]", "h": .list([1, "}"])])])
    }

    @Test func roundTripsWhatJSONStringWrites() throws {
        let value: Value = .map([
            "list": .list([.number(1), .number(-0.25), .string("a\"b\n"), .null, .bool(true)]),
            "secret": .sensitive(.map(["password": "p@ss", "pins": [1, 2, 3]])),
            "pending": .unknown,
            "deep": .map(["a": .map(["b": .map(["c": .list([.sensitive(.string("x"))])])])]),
            "big": .number(1.0e20),
            "tiny": .number(Double.leastNonzeroMagnitude),
            "emoji": "🪨 cairn",
        ])
        let decoded = try ValueJSONReader.value(from: Data(value.jsonString().utf8))
        #expect(decoded == value)
    }

    @Test func topLevelMapKeepsWrapperLikeKeys() throws {
        let map = try ValueJSONReader.map(from: Data(#"{"$sensitive":"not a wrapper here"}"#.utf8))
        #expect(map == ["$sensitive": .string("not a wrapper here")])
        let nested = try ValueJSONReader.map(from: Data(#"{"k":{"$sensitive":"wrapped"}}"#.utf8))
        #expect(nested == ["k": .sensitive("wrapped")])
    }

    @Test func readsStringArrays() throws {
        #expect(try ValueJSONReader.strings(from: Data(#"["a", "b[0]", "c[\"k\"]"]"#.utf8)) == ["a", "b[0]", #"c["k"]"#])
        #expect(try ValueJSONReader.strings(from: Data("[]".utf8)) == [])
        #expect(throws: ValueJSONReadError.self) { try ValueJSONReader.strings(from: Data(#"["a", 1]"#.utf8)) }
    }

    @Test(arguments: [
        "", "{", "[1,]", #"{"a" 1}"#, "01", "tru", #""abc"#, "1.", "-", "[1] x", "\"\u{01}\"",
        #""\x""#, #""\u12G4""#, "{1:2}", "nul", ".5", "+1",
    ])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: ValueJSONReadError.self) { try ValueJSONReader.value(from: Data(text.utf8)) }
    }

    @Test func rejectsAbsurdNesting() {
        let text = String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)
        #expect(throws: ValueJSONReadError.self) { try ValueJSONReader.value(from: Data(text.utf8)) }
    }

    @Test func mapRequiresAnObject() {
        #expect(throws: ValueJSONReadError.self) { try ValueJSONReader.map(from: Data("[1]".utf8)) }
    }
}
