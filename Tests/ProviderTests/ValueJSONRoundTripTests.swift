import CairnProviderKit
import Foundation
import Testing

/// `Value.jsonString()` and `Value.parseJSON` are Cairn's one JSON codec for values (state
/// columns, plugin messages, plan output): every value must come back exactly as it was written,
/// marks included, and the Codable path used inside plan files must read and write the same.
@Suite struct ValueJSONRoundTripTests {
    static let values: [(String, Value)] = [
        ("null", .null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("zero", .number(0)),
        ("negative", .number(-17)),
        ("fraction", .number(-0.25)),
        ("2^53", .number(9_007_199_254_740_992)),
        ("above 2^53", .number(9_007_199_254_740_994)),
        ("large", .number(1.0e20)),
        ("huge", .number(1.7976931348623157e308)),
        ("tiny", .number(Double.leastNonzeroMagnitude)),
        ("third", .number(1.0 / 3.0)),
        ("empty string", .string("")),
        ("unicode", .string("café ☕︎ ünï 😀 漢字 e\u{301} 🇫🇷")),
        ("escapes", .string("q\"uote\\back/slash\n\r\t\u{1}\u{1F}\u{7F}")),
        ("dollar text", .string("$unknown")),
        ("empty list", .list([])),
        ("empty map", .map([:])),
        ("unknown", .unknown),
        ("sensitive", .sensitive(.string("hunter2"))),
        ("sensitive map", .sensitive(.map(["password": "p@ss", "pins": [1, 2, 3]]))),
        (
            "nested marks",
            .map([
                "list": .list([.number(1), .unknown, .sensitive(.null), .list([.sensitive(.unknown)])]),
                "deep": .map(["a": .map(["b": .map(["c": .list([.sensitive(.string("x"))])])])]),
            ])
        ),
        ("wrapper-like keys", .map(["$sensitive": .string("a"), "$unknown": .bool(true)])),
        ("one dollar key", .map(["$other": .number(1)])),
        ("sealed-looking map", .map(["$sealed": .string("not sealed")])),
        (
            "deep nesting",
            (0..<100).reduce(Value.string("bottom")) { inner, i in i.isMultiple(of: 2) ? .list([inner]) : .map(["k\(i)": inner]) }
        ),
    ]

    @Test(arguments: values.map(\.0))
    func textRoundTrip(_ name: String) throws {
        let value = try #require(Self.values.first { $0.0 == name }?.1)
        let text = value.jsonString()
        #expect(try Value.parseJSON(text) == value, "\(text)")
        #expect(try Value.parseJSON(value.jsonString(pretty: true)) == value)
        #expect(try Value.parseJSON(Data(text.utf8)) == value)
    }

    @Test(arguments: values.map(\.0))
    func codableAgreesWithTheCodec(_ name: String) throws {
        let value = try #require(Self.values.first { $0.0 == name }?.1)
        let encoded = try JSONEncoder().encode(value)
        #expect(try Value.parseJSON(encoded) == value)
        #expect(try JSONDecoder().decode(Value.self, from: Data(value.jsonString().utf8)) == value)
    }

    @Test func writtenBytesAreStable() {
        // The same value always encodes to the same bytes (keys sorted), so state rows compare.
        let a: Value = .map(["b": 1, "a": .map(["z": .unknown, "y": .sensitive("s")])])
        let b: Value = .map(["a": .map(["y": .sensitive("s"), "z": .unknown]), "b": 1])
        #expect(a.jsonString() == b.jsonString())
        #expect(a.jsonString() == #"{"a":{"y":{"$sensitive":"s"},"z":{"$unknown":true}},"b":1}"#)
    }

    @Test func plainJSONKeepsWrapperObjectsAsMaps() throws {
        let text = #"{"a":{"$unknown":true},"b":[{"$sensitive":"x"}]}"#
        #expect(
            try Value.parsePlainJSON(Data(text.utf8))
                == .map([
                    "a": .map(["$unknown": .bool(true)]),
                    "b": .list([.map(["$sensitive": .string("x")])]),
                ]))
        #expect(try Value.parseJSON(text) == .map(["a": .unknown, "b": .list([.sensitive("x")])]))
    }

    @Test func nonFiniteNumbersAreWrittenAsNull() throws {
        #expect(Value.number(.infinity).jsonString() == "null")
        #expect(try Value.parseJSON(Value.list([.number(.nan)]).jsonString()) == .list([.null]))
    }
}
