import CairnDigest
import CairnProviderKit
import Foundation

/// A shared TSIG key (RFC 8945): its name, HMAC algorithm and secret.
struct TSIGKey: Sendable {
    enum Algorithm: String, Sendable, CaseIterable {
        case hmacSHA256 = "hmac-sha256"
        case hmacSHA512 = "hmac-sha512"

        /// The algorithm's domain name, as it appears in the TSIG record.
        var wireName: String { rawValue + "." }

        func mac(key: Data, data: [UInt8]) -> [UInt8] {
            switch self {
            case .hmacSHA256: return Array(Digest.hmacSHA256(key: key, data: Data(data)))
            case .hmacSHA512: return Array(Digest.hmacSHA512(key: key, data: Data(data)))
            }
        }
    }

    var name: String
    var algorithm: Algorithm
    var secret: Data

    /// `secret` is base64, as tsig-keygen prints it.
    init(name: String, algorithm: String, base64Secret: String) throws {
        guard let alg = Algorithm(rawValue: algorithm.lowercased()) else {
            throw ProviderError(
                "tsig_algorithm \"\(algorithm)\" is not supported",
                hint: "use one of: \(Algorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let secret = Data(base64Encoded: base64Secret.trimmingSpaces), !secret.isEmpty else {
            throw ProviderError(
                "tsig_secret is not valid base64",
                hint: "copy the secret from the key file tsig-keygen wrote (the text inside secret \"…\")")
        }
        guard (try? DNSName.labels(of: name))?.isEmpty == false else {
            throw ProviderError(
                "tsig_key_name \"\(name)\" is not a valid key name", hint: "use the name from the server's key \"…\" { } block")
        }
        self.name = DNSName.canonical(name)
        self.algorithm = alg
        self.secret = secret
    }
}
