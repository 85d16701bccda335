import COpenSSL
import CairnProviderKit
import Foundation

/// Hashes and random bytes through OpenSSL.
public enum Digest {
    public static func sha256(_ data: Data) -> Data {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        data.withUnsafeBytes { buf in
            _ = COpenSSL.SHA256(buf.baseAddress?.assumingMemoryBound(to: UInt8.self), buf.count, &out)
        }
        return Data(out)
    }

    public static func sha256Hex(_ data: Data) -> String { hex(sha256(data)) }
    public static func sha256Hex(_ text: String) -> String { sha256Hex(Data(text.utf8)) }

    public static func hmacSHA256(key: Data, data: Data) -> Data { hmac(EVP_sha256(), key: key, data: data) }

    public static func hmacSHA512(key: Data, data: Data) -> Data { hmac(EVP_sha512(), key: key, data: data) }

    private static func hmac(_ md: OpaquePointer?, key: Data, data: Data) -> Data {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var len: UInt32 = 0
        key.withUnsafeBytes { k in
            data.withUnsafeBytes { d in
                _ = HMAC(
                    md, k.baseAddress, Int32(k.count),
                    d.baseAddress?.assumingMemoryBound(to: UInt8.self), d.count, &out, &len)
            }
        }
        return Data(out.prefix(Int(len)))
    }

    /// Cryptographically secure random bytes.
    public static func randomBytes(_ count: Int) throws -> Data {
        var out = [UInt8](repeating: 0, count: count)
        guard count == 0 || RAND_bytes(&out, Int32(count)) == 1 else {
            throw ProviderError("OpenSSL could not produce random bytes")
        }
        return Data(out)
    }

    public static func hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(data.count * 2)
        for b in data {
            bytes.append(digits[Int(b >> 4)])
            bytes.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
