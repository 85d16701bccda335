import CairnProviderKit
import Foundation

/// A JSON-RPC error object.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: Value?

    public init(code: Int, message: String, data: Value? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// A failure the user should read, with an optional hint (`data.hint`).
    public static func provider(_ message: String, hint: String? = nil) -> RPCError {
        RPCError(code: PluginErrorCode.providerError, message: message, data: hint.map { .map(["hint": .string($0)]) })
    }

    public var hint: String? { data?.mapValue?["hint"]?.stringValue }

    public var description: String { "\(message) (code \(code))" }
}

/// One JSON-RPC 2.0 message, as it travels on one line.
public enum RPCMessage: Sendable, Hashable {
    /// A call; `id` is nil for a notification, which gets no answer.
    case request(id: Value?, method: String, params: Value)
    case response(id: Value, outcome: Result<Value, RPCError>)

    /// The message as compact JSON, without the trailing newline.
    public var line: String { envelope.jsonString() }

    public var envelope: Value {
        var m: [String: Value] = ["jsonrpc": "2.0"]
        switch self {
        case .request(let id, let method, let params):
            if let id { m["id"] = id }
            m["method"] = .string(method)
            m["params"] = params
        case .response(let id, .success(let result)):
            m["id"] = id
            m["result"] = result
        case .response(let id, .failure(let error)):
            m["id"] = id
            var e: [String: Value] = ["code": .number(Double(error.code)), "message": .string(error.message)]
            if let d = error.data { e["data"] = d }
            m["error"] = .map(e)
        }
        return .map(m)
    }

    /// Reads one line (without its newline).
    public static func parse(_ line: some Sequence<UInt8>) throws(RPCParseError) -> RPCMessage {
        let value: Value
        do {
            value = try Value.parseJSON(Data(line))
        } catch {
            throw .notJSON
        }
        return try parse(envelope: value)
    }

    public static func parse(envelope value: Value) throws(RPCParseError) -> RPCMessage {
        guard case .map(let m) = value else { throw .notAMessage("a message must be a JSON object") }
        guard m["jsonrpc"] == "2.0" else { throw .notAMessage(#"a message must have "jsonrpc": "2.0""#) }
        if let method = m["method"] {
            guard let name = method.stringValue else { throw .notAMessage(#""method" must be a string"#) }
            return .request(id: m["id"], method: name, params: m["params"] ?? .null)
        }
        guard let id = m["id"] else { throw .notAMessage(#"a response must have an "id""#) }
        switch (m["result"], m["error"]) {
        case (let result?, nil):
            return .response(id: id, outcome: .success(result))
        case (nil, let error?):
            guard let e = error.mapValue, let code = e["code"]?.intValue, let message = e["message"]?.stringValue else {
                throw .notAMessage(#"an error must be an object with an integer "code" and a string "message""#)
            }
            return .response(id: id, outcome: .failure(RPCError(code: code, message: message, data: e["data"])))
        default:
            throw .notAMessage(#"a response must have exactly one of "result" and "error""#)
        }
    }
}

/// Why a line is not a JSON-RPC message.
public enum RPCParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case notJSON
    case notAMessage(String)

    public var description: String {
        switch self {
        case .notJSON: return "not valid JSON"
        case .notAMessage(let why): return why
        }
    }
}
