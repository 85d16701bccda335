import CairnDigest
import CairnProviderKit
import Foundation

enum EncodingFunctions {
    static let all: [ExpressionFunction] = [
        ExpressionFunction("jsonencode", "value", arity: 1...1) { call in
            // The size is a lower bound on the text's length: refuse before writing what cannot fit.
            let limit = call.budget.limits.maxStringBytes
            try call.ensureString(ValueSize.of(call[0], workCap: limit).work)
            return .string(call[0].plainJSONString())
        },
        ExpressionFunction("jsondecode", "string", arity: 1...1) { call in
            let text = try call.string(0)
            try call.ensureCollection(JSONText.valueCountBound(text))
            do {
                return try Value.parsePlainJSON(Data(text.utf8))
            } catch {
                throw call.error("the text is not valid JSON", argument: 0)
            }
        },
        ExpressionFunction("base64encode", "string", arity: 1...1) { call in
            let text = try call.string(0)
            try call.ensureString((text.utf8.count + 2) / 3 * 4)
            return .string(Data(text.utf8).base64EncodedString())
        },
        ExpressionFunction("base64decode", "string", arity: 1...1) { call in
            guard let data = Data(base64Encoded: try call.string(0)) else {
                throw call.error("the text is not valid base64", argument: 0)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw call.error("the decoded bytes are not UTF-8 text", argument: 0)
            }
            return .string(text)
        },
        ExpressionFunction("sha256", "string", arity: 1...1) { .string(Digest.sha256Hex(try $0.string(0))) },
    ]
}

enum JSONText {
    /// At most how many values the JSON `text` holds inside its outermost one: each is the first
    /// in its container (counted by the opening bracket) or follows a comma. Read outside strings,
    /// without decoding, so a huge document is refused before the decoder builds it.
    static func valueCountBound(_ text: String) -> Int {
        var count = 0
        var inString = false
        var escaped = false
        for byte in text.utf8 {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "{"): count += 1
            default: break
            }
        }
        return count
    }
}
