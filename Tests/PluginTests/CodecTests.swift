import CairnPluginProtocol
import CairnProviderKit
import Foundation
import LocalProvider
import NullProvider
import RandomProvider
import Testing

@Suite struct CodecTests {
    @Test(arguments: [LocalProvider().schema, RandomProvider().schema, NullProvider().schema])
    func builtinSchemasSurviveTheWire(_ schema: ProviderSchema) throws {
        let line = SchemaCodec.encode(schema).jsonString()
        let back = try SchemaCodec.decode(Value.parseJSON(line), name: schema.name, version: schema.version)
        #expect(back == schema)
    }

    @Test func nestedTypesAndFlagsRoundTrip() throws {
        let schema = ProviderSchema(
            name: "x", version: "1", config: ["token": .optional(.string, sensitive: true)],
            resources: [
                "r": ResourceSchema(
                    description: "d",
                    properties: [
                        "rules": .optional(.list(.object(["port": .required(.number), "tags": .optional(.map(.string), default: [:])]))),
                        "both": PropertySchema(.any, computed: true, optional: true, description: "set or computed"),
                    ])
            ])
        let back = try SchemaCodec.decode(Value.parseJSON(SchemaCodec.encode(schema).jsonString()), name: "x", version: "1")
        #expect(back == schema)
    }

    @Test func requestsAndResponsesParse() throws {
        let request = RPCMessage.request(
            id: 7, method: "read", params: ["kind": "file", "current": ["id": "a", "attributes": ["x": .unknown]]])
        #expect(try RPCMessage.parse(Array(request.line.utf8)) == request)
        let ok = RPCMessage.response(id: 7, outcome: .success(["secret": .sensitive("s")]))
        #expect(try RPCMessage.parse(Array(ok.line.utf8)) == ok)
        let err = RPCMessage.response(id: 8, outcome: .failure(.provider("no", hint: "try yes")))
        #expect(err.line == #"{"error":{"code":-32000,"data":{"hint":"try yes"},"message":"no"},"id":8,"jsonrpc":"2.0"}"#)
        #expect(try RPCMessage.parse(Array(err.line.utf8)) == err)
    }

    @Test func nonMessagesAreRefusedWithAReason() {
        #expect(throws: RPCParseError.notJSON) { try RPCMessage.parse(Array("{nope".utf8)) }
        #expect(throws: RPCParseError.notAMessage(#"a message must have "jsonrpc": "2.0""#)) {
            try RPCMessage.parse(Array(#"{"id":1,"result":{}}"#.utf8))
        }
        #expect(throws: RPCParseError.notAMessage("a message must be a JSON object")) { try RPCMessage.parse(Array("[1]".utf8)) }
    }

    @Test func linesAreSplitAcrossChunksAndOverlongOnesDropped() {
        var buffer = LineBuffer(maxLine: 8)
        #expect(buffer.append(Array("ab".utf8)) == [])
        #expect(buffer.append(Array("c\nde\n".utf8)) == [.line(Array("abc".utf8)), .line(Array("de".utf8))])
        #expect(buffer.append(Array("0123456789".utf8)) == [.overlong(prefix: Array("01234567".utf8))])
        #expect(buffer.append(Array("more\nok".utf8)) == [])
        #expect(buffer.finish() == .line(Array("ok".utf8)))
    }

    @Test func dispatcherNegotiatesTheVersion() async throws {
        let d = PluginDispatcher(provider: NullProvider())
        let hello = await d.handle(method: "handshake", params: HandshakeRequest(cairnVersion: "t", versions: 1...5).params)
        #expect(try hello.get() == HandshakeReply(protocolVersion: 1, name: "null", version: NullProvider().schema.version).result)
        let tooNew = await d.handle(method: "handshake", params: HandshakeRequest(cairnVersion: "t", versions: 2...3).params)
        guard case .failure(let e) = tooNew else {
            Issue.record("expected a refusal")
            return
        }
        #expect(e.code == PluginErrorCode.unsupportedVersion)
        #expect(e.data == ["supported": [1]])
    }
}
