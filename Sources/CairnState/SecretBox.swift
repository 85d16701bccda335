import COpenSSL
import CairnDigest
import CairnProviderKit
import Foundation

/// AES-256-GCM sealing through OpenSSL. A sealed value is nonce (12 bytes) ‖ ciphertext ‖ tag (16).
public struct SecretBox: Sendable, Equatable {
    public static let keyLength = 32
    private let key: [UInt8]

    public init(key: Data) throws {
        guard key.count == Self.keyLength else {
            throw ProviderError("an encryption key must be \(Self.keyLength) bytes, not \(key.count)")
        }
        self.key = Array(key)
    }

    public static func generateKey() throws -> Data { try Digest.randomBytes(keyLength) }

    public func seal(_ plaintext: Data) throws -> Data {
        let nonce = Array(try Digest.randomBytes(12))
        guard let ctx = EVP_CIPHER_CTX_new() else { throw ProviderError("OpenSSL could not start AES-GCM") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var out = [UInt8](repeating: 0, count: plaintext.count + 16)
        var len: Int32 = 0
        var total = 0
        guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1 else { throw ProviderError("AES-GCM init failed") }
        let input = Array(plaintext)
        if !input.isEmpty {
            guard EVP_EncryptUpdate(ctx, &out, &len, input, Int32(input.count)) == 1 else { throw ProviderError("AES-GCM failed") }
            total = Int(len)
        }
        let finalOK = out.withUnsafeMutableBufferPointer { EVP_EncryptFinal_ex(ctx, $0.baseAddress! + total, &len) }
        guard finalOK == 1 else { throw ProviderError("AES-GCM failed") }
        total += Int(len)
        var tag = [UInt8](repeating: 0, count: 16)
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, &tag) == 1 else { throw ProviderError("AES-GCM tag failed") }
        return Data(nonce + out.prefix(total) + tag)
    }

    /// Throws when the data was not sealed with this key (or was altered).
    public func open(_ sealed: Data) throws -> Data {
        let bytes = Array(sealed)
        guard bytes.count >= 28 else { throw SecretBoxError.notSealedWithThisKey }
        let nonce = Array(bytes[0..<12])
        let tag = Array(bytes[(bytes.count - 16)...])
        let body = Array(bytes[12..<(bytes.count - 16)])
        guard let ctx = EVP_CIPHER_CTX_new() else { throw ProviderError("OpenSSL could not start AES-GCM") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var out = [UInt8](repeating: 0, count: body.count + 16)
        var len: Int32 = 0
        var total = 0
        guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce) == 1 else { throw ProviderError("AES-GCM init failed") }
        if !body.isEmpty {
            guard EVP_DecryptUpdate(ctx, &out, &len, body, Int32(body.count)) == 1 else { throw SecretBoxError.notSealedWithThisKey }
            total = Int(len)
        }
        var tagCopy = tag
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, &tagCopy) == 1 else { throw SecretBoxError.notSealedWithThisKey }
        let ok = out.withUnsafeMutableBufferPointer { EVP_DecryptFinal_ex(ctx, $0.baseAddress! + total, &len) }
        guard ok == 1 else { throw SecretBoxError.notSealedWithThisKey }
        total += Int(len)
        return Data(out.prefix(total))
    }
}

public enum SecretBoxError: Error, Sendable { case notSealedWithThisKey }

extension Value {
    /// Every sensitive value replaced by `{"$sealed": base64(AES-GCM(json))}`, for storage.
    public func sealed(with box: SecretBox) throws -> Value {
        switch self {
        case .sensitive(let inner):
            let data = try box.seal(Data(inner.jsonString().utf8))
            return .map(["$sealed": .string(data.base64EncodedString())])
        case .list(let items):
            return items.contains(where: \.containsSensitive) ? .list(try items.map { try $0.sealed(with: box) }) : self
        case .map(let m):
            guard m.values.contains(where: \.containsSensitive) else { return self }
            return .map(try m.mapValues { try $0.sealed(with: box) })
        default:
            return self
        }
    }

    /// The inverse of `sealed(with:)`: sealed maps become sensitive values again.
    public func unsealed(with box: SecretBox) throws -> Value {
        switch self {
        case .map(let m):
            if m.count == 1, case .string(let b64)? = m["$sealed"] {
                guard let data = Data(base64Encoded: b64) else { throw SecretBoxError.notSealedWithThisKey }
                let json = String(decoding: try box.open(data), as: UTF8.self)
                return .sensitive(try Value.parseJSON(json))
            }
            return .map(try m.mapValues { try $0.unsealed(with: box) })
        case .list(let items):
            return .list(try items.map { try $0.unsealed(with: box) })
        default:
            return self
        }
    }
}
