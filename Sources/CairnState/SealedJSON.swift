import CairnProviderKit
import Foundation

/// Reads stored JSON and opens any sealed (encrypted) values in it with the state key.
enum SealedJSON {
    static func value(_ data: Data, _ box: SecretBox) throws -> Value {
        let (v, mayHoldSealed) = try ValueJSONReader.valueNoticingSeals(from: data)
        // Most values hold no secret; skip the walk unless the reader met a sealed object.
        guard mayHoldSealed else { return v }
        do {
            return try v.unsealed(with: box)
        } catch {
            throw StateKeyError()
        }
    }

    static func map(_ data: Data, _ box: SecretBox) throws -> [String: Value] {
        guard case .map(let m) = try value(data, box) else {
            throw ValueJSONReadError(message: "expected a JSON object", offset: 0)
        }
        return m
    }
}

/// Sealed values in the state don't open with the key given.
public struct StateKeyError: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "the state key does not match the key this state's secrets were sealed with" }
}
