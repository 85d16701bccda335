import CairnProviderKit
import Foundation
import Testing

@testable import CairnState

@Suite struct SealedJSONTests {
    let box: SecretBox

    init() throws {
        box = try SecretBox(key: Data(repeating: 7, count: 32))
    }

    func json(_ v: Value) throws -> Data {
        Data(try v.sealed(with: box).jsonString().utf8)
    }

    /// The reader notices a sealed object wherever it is, so the value is opened only then.
    @Test func noticesSealedObjectsAnywhere() throws {
        #expect(try ValueJSONReader.valueNoticingSeals(from: Data(#"{"$sealed":"x"}"#.utf8)).mayHoldSealed)
        #expect(try ValueJSONReader.valueNoticingSeals(from: Data(#"{"a":[1,{"b":{"$sealed":"x"}}]}"#.utf8)).mayHoldSealed)
        #expect(!(try ValueJSONReader.valueNoticingSeals(from: Data(#"{"a":"$sealed","$sealed_not":1}"#.utf8)).mayHoldSealed))
        #expect(!(try ValueJSONReader.valueNoticingSeals(from: Data(#"{"$sealed":"x","other":1}"#.utf8)).mayHoldSealed))
        #expect(!(try ValueJSONReader.valueNoticingSeals(from: Data(#"["$sealed"]"#.utf8)).mayHoldSealed))
    }

    @Test func opensSecretsAtAnyDepthAndLeavesPlainValuesAlone() throws {
        let secret: Value = .map(["user": .string("ann"), "nested": .list([.map(["token": .sensitive(.string("s3cret"))])])])
        let stored = try json(secret)
        #expect(!String(decoding: stored, as: UTF8.self).contains("s3cret"))
        #expect(try SealedJSON.value(stored, box) == secret)
        let plain: Value = .map(["user": .string("ann"), "label": .string("$sealed")])
        #expect(try SealedJSON.value(try json(plain), box) == plain)
    }

    @Test func aWrongKeyIsAStateKeyError() throws {
        let stored = try json(.map(["token": .sensitive(.string("s3cret"))]))
        let other = try SecretBox(key: Data(repeating: 8, count: 32))
        #expect(throws: StateKeyError.self) { try SealedJSON.value(stored, other) }
    }
}
