import AWSProvider
import CairnDigest
import CairnProviderKit
import Foundation
import Testing

@Suite struct SigV4Tests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// 2015-08-30T12:36:00Z
    static let date = Date(timeIntervalSince1970: 1_440_938_160)

    static func sign(_ v: SigV4Vector) -> SigV4.Signed {
        var creds = credentials
        creds.sessionToken = v.sessionToken
        return SigV4.sign(
            SigV4.Request(
                method: v.method, host: "example.amazonaws.com", path: v.path, query: v.query,
                headers: v.headers, payloadHash: v.payloadHash),
            credentials: creds, region: "us-east-1", service: "service", date: date)
    }

    @Test(arguments: sigV4Vectors.map(\.name))
    func publishedVectorCanonicalRequestStringToSignAndSignature(_ name: String) throws {
        let v = try #require(sigV4Vectors.first { $0.name == name })
        let signed = Self.sign(v)
        #expect(signed.canonicalRequest == v.canonicalRequest)
        #expect(signed.stringToSign == v.stringToSign)
        #expect(signed.signature == v.signature)
        let signedHeaders =
            v.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last.map(String.init) ?? ""
        #expect(
            signed.authorization == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=\(signedHeaders), Signature=\(v.signature)")
        let sent = Dictionary(signed.headers.map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { a, _ in a })
        #expect(sent["x-amz-date"] == "20150830T123600Z")
        #expect(sent["authorization"] == signed.authorization)
        #expect(sent["x-amz-security-token"] == v.sessionToken)
    }

    @Test(arguments: sigV4SignatureOnlyVectors.map(\.name))
    func publishedVectorSignature(_ name: String) throws {
        let v = try #require(sigV4SignatureOnlyVectors.first { $0.name == name })
        let signed = SigV4.sign(
            SigV4.Request(
                method: v.method, host: "example.amazonaws.com", path: "/", query: v.query,
                headers: v.headers, payloadHash: Digest.sha256Hex(v.body)),
            credentials: Self.credentials, region: "us-east-1", service: "service", date: Self.date)
        #expect(signed.signature == v.signature)
    }

    /// The worked example in AWS's SigV4 documentation publishes the derived key itself.
    @Test func signingKeyMatchesTheDocumentedDerivation() {
        let key = SigV4.signingKey(secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", day: "20150830", region: "us-east-1", service: "iam")
        #expect(Digest.hex(key) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    }

    @Test func s3SigningAddsTheSignedContentHash() {
        let body = Data("hello".utf8)
        let signed = SigV4.sign(
            SigV4.Request(method: "PUT", host: "127.0.0.1:9000", path: "/bucket/a b.txt", payloadHash: Digest.sha256Hex(body)),
            credentials: Self.credentials, region: "us-east-1", service: "s3", date: Self.date, includeContentHash: true)
        let lines = signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1] == "/bucket/a%20b.txt")
        #expect(lines.contains("host:127.0.0.1:9000"))
        #expect(lines.contains("x-amz-content-sha256:\(Digest.sha256Hex(body))"))
        #expect(lines[lines.count - 2] == "host;x-amz-content-sha256;x-amz-date")
        #expect(signed.headers.contains { $0.0 == "X-Amz-Content-Sha256" && $0.1 == Digest.sha256Hex(body) })
    }

    @Test func amzDateIsUTC() {
        #expect(SigV4.amzDate(Self.date) == "20150830T123600Z")
    }
}
