import CairnHTTP
import CairnProviderKit
import Foundation

/// `aws.s3_object`: one object whose text content Cairn manages.
enum S3Object: AWSResource {
    static let schema = ResourceSchema(
        description: "An object in an S3 bucket, with text content.",
        properties: [
            "bucket": .required(.string, forceNew: true, "Bucket holding the object."),
            "key": .required(.string, forceNew: true, "Object key (may contain /)."),
            "content": .required(.string, "The object's text, stored as UTF-8."),
            "content_type": PropertySchema(
                .string, computed: true, optional: true,
                description: "MIME type; S3 picks binary/octet-stream when unset."),
            "etag": .computed(.string, "The ETag S3 reports (MD5 of the content for simple uploads)."),
            "id": .computed(.string, "BUCKET/KEY."),
        ])

    /// New content means a new ETag.
    static func refine(_ planned: inout [String: Value], prior: ResourceObject) {
        let changed = ["content", "content_type"].contains { !sameValue(planned[$0], prior.attributes[$0]) }
        if changed { planned["etag"] = .unknown }
    }

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        try await put(p, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        try await put(p, aws)
    }

    private static func put(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let bucket = try p.string("bucket")
        let key = try p.string("key")
        var headers: [(String, String)] = []
        if let type = try p.optionalString("content_type") { headers.append(("Content-Type", type)) }
        try await aws.rest(
            .s3, "PutObject", method: "PUT", path: "/\(bucket)/\(key)", headers: headers, body: Data(try p.string("content").utf8))
        return try await readBack("\(bucket)/\(key)", p.values, aws)
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        let (bucket, key) = try split(current.id)
        let response: HTTPResponse
        do {
            (response, _) = try await aws.rest(.s3, "GetObject", method: "GET", path: "/\(bucket)/\(key)")
        } catch let error as AWSError where error.status == 404 {
            return nil
        }
        var attrs = current.attributes
        attrs["bucket"] = .string(bucket)
        attrs["key"] = .string(key)
        attrs["content"] = .string(String(decoding: response.body, as: UTF8.self))
        attrs["content_type"] = response.header("content-type").map { .string($0) } ?? .null
        attrs["etag"] = response.header("etag").map { .string($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) } ?? .null
        attrs["id"] = .string(current.id)
        return ResourceObject(id: current.id, attributes: attrs)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        let (bucket, key) = try split(current.id)
        do {
            try await aws.rest(.s3, "DeleteObject", method: "DELETE", path: "/\(bucket)/\(key)")
        } catch let error as AWSError where error.status == 404 {
            return
        }
    }

    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? {
        try await read(ResourceObject(id: "\(try p.string("bucket"))/\(try p.string("key"))", attributes: p.values), aws)
    }

    private static func split(_ id: String) throws -> (String, String) {
        guard let slash = id.firstIndex(of: "/"), slash != id.startIndex, id.index(after: slash) != id.endIndex else {
            throw ProviderError(
                "aws.s3_object id \"\(id)\" is not BUCKET/KEY", hint: "import an object as BUCKET/KEY, e.g. my-bucket/path/file.txt")
        }
        return (String(id[..<slash]), String(id[id.index(after: slash)...]))
    }
}

/// Equal as values, ignoring sensitive marks; unknown is never equal.
private func sameValue(_ a: Value?, _ b: Value?) -> Bool {
    let x = (a ?? .null).deepUnmarked
    let y = (b ?? .null).deepUnmarked
    if x.containsUnknown || y.containsUnknown { return false }
    return x == y
}
