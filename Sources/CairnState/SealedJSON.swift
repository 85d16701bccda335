import CairnProviderKit
import Foundation

/// Reads stored JSON and opens any sealed (encrypted) values in it with the state key.
enum SealedJSON {
    private static let marker = Array("$sealed".utf8)

    static func value(_ data: Data, _ box: SecretBox) throws -> Value {
        let v = try ValueJSONReader.value(from: data)
        // Most values hold no secret; skip the walk unless the marker is in the bytes.
        guard contains(marker, in: data) else { return v }
        do {
            return try v.unsealed(with: box)
        } catch {
            throw StateKeyError()
        }
    }

    /// A plain byte search: Data.range(of:) goes through NSData on Linux, which cost a sixth of
    /// reading a state whose values hold no secret.
    static func contains(_ needle: [UInt8], in data: Data) -> Bool {
        guard let first = needle.first else { return true }
        return data.withUnsafeBytes { haystack in
            guard needle.count <= haystack.count else { return false }
            for start in 0...(haystack.count - needle.count) where haystack[start] == first {
                var matched = 1
                while matched < needle.count, haystack[start + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            return false
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
