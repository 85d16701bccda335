import CairnProviderKit
import Foundation
import CairnDigest

enum EncodingFunctions {
    static let all: [ExpressionFunction] = [
        ExpressionFunction("jsonencode", "value", arity: 1...1) { .string($0[0].plainJSONString()) },
        ExpressionFunction("jsondecode", "string", arity: 1...1) { call in
            let text = try call.string(0)
            do {
                return try Value.parsePlainJSON(Data(text.utf8))
            } catch {
                throw call.error("the text is not valid JSON", argument: 0)
            }
        },
        ExpressionFunction("base64encode", "string", arity: 1...1) { call in
            .string(Data(try call.string(0).utf8).base64EncodedString())
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
