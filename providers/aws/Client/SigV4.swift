import CairnDigest
import Foundation

/// Keys that sign AWS requests. `sessionToken` is set for temporary credentials.
public struct AWSCredentials: Sendable, Hashable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

/// AWS Signature Version 4 for the Authorization header.
///
/// Paths and query parameters are given unencoded; the signer encodes them (RFC 3986 unreserved
/// characters kept, everything else as %XX of its UTF-8 bytes), which is also how they must go on
/// the wire: use `encodedPath` and `encodedQuery` to build the URL. The path is encoded once and
/// not normalised, as S3 wants; Cairn's other services only use plain paths, where once and twice
/// are the same.
public enum SigV4 {
    public struct Request: Sendable {
        public var method: String
        /// Host as sent, with `:port` when it is not the scheme's default.
        public var host: String
        public var path: String
        public var query: [(String, String)]
        /// Extra headers to sign and send (content-type, x-amz-target, ...).
        public var headers: [(String, String)]
        /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
        public var payloadHash: String

        public init(
            method: String, host: String, path: String, query: [(String, String)] = [],
            headers: [(String, String)] = [], payloadHash: String
        ) {
            self.method = method
            self.host = host
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    public struct Signed: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var authorization: String
        /// Every header to send: the request's own, plus x-amz-date, the session token, the
        /// content hash when asked for, and Authorization. Host is left to the HTTP client.
        public var headers: [(String, String)]
    }

    public static let emptyPayloadHash = Digest.sha256Hex(Data())

    /// Signs `request` for `service` in `region` at `date`. `includeContentHash` adds the signed
    /// x-amz-content-sha256 header, which S3 requires.
    public static func sign(
        _ request: Request, credentials: AWSCredentials, region: String, service: String,
        date: Date, includeContentHash: Bool = false
    ) -> Signed {
        let stamp = amzDate(date)
        let day = String(stamp.prefix(8))
        var headers = request.headers.filter { !["host", "x-amz-date", "authorization"].contains($0.0.lowercased()) }
        headers.append(("X-Amz-Date", stamp))
        if includeContentHash, !headers.contains(where: { $0.0.lowercased() == "x-amz-content-sha256" }) {
            headers.append(("X-Amz-Content-Sha256", request.payloadHash))
        }
        if let token = credentials.sessionToken, !token.isEmpty {
            headers.append(("X-Amz-Security-Token", token))
        }
        let (canonicalHeaders, signedHeaders) = canonicalize(headers: headers + [("Host", request.host)])
        let canonicalRequest = [
            request.method.uppercased(),
            encodedPath(request.path),
            encodedQuery(request.query),
            canonicalHeaders,
            signedHeaders,
            request.payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, Digest.sha256Hex(canonicalRequest)].joined(separator: "\n")
        let key = signingKey(secret: credentials.secretAccessKey, day: day, region: region, service: service)
        let signature = Digest.hex(Digest.hmacSHA256(key: key, data: Data(stringToSign.utf8)))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return Signed(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            authorization: authorization, headers: headers + [("Authorization", authorization)])
    }

    /// The key derived from the secret for one day, region and service.
    public static func signingKey(secret: String, day: String, region: String, service: String) -> Data {
        var key = Data("AWS4\(secret)".utf8)
        for part in [day, region, service, "aws4_request"] {
            key = Digest.hmacSHA256(key: key, data: Data(part.utf8))
        }
        return key
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    public static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// Lowercased names sorted, values trimmed with inner runs of spaces collapsed, repeated
    /// names joined with commas in the order given. Returns the header block (ending in a newline)
    /// and the signed-headers list.
    static func canonicalize(headers: [(String, String)]) -> (String, String) {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            merged[name.lowercased(), default: []].append(normalize(value))
        }
        let names = merged.keys.sorted()
        let block = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    private static func normalize(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// The path with each segment percent-encoded; `/` kept, empty means `/`.
    public static func encodedPath(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        return uriEncode(path, keepSlash: true)
    }

    /// Query parameters encoded and sorted by name, then value.
    public static func encodedQuery(_ query: [(String, String)]) -> String {
        let pairs: [(String, String)] = query.map { (uriEncode($0.0, keepSlash: false), uriEncode($0.1, keepSlash: false)) }
        let sorted = pairs.sorted { (a: (String, String), b: (String, String)) -> Bool in
            a.0 == b.0 ? a.1 < b.1 : a.0 < b.0
        }
        return sorted.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// RFC 3986 encoding as SigV4 defines it: A-Z a-z 0-9 - . _ ~ stay, the rest becomes %XX
    /// (upper-case hex) of each UTF-8 byte.
    public static func uriEncode(_ text: String, keepSlash: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
