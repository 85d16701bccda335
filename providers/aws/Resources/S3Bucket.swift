import CairnDigest
import CairnProviderKit
import Foundation

/// `aws.s3_bucket`: a bucket (path-style), its versioning and tags.
enum S3Bucket: AWSResource {
    static let schema = ResourceSchema(
        description: "An S3 bucket with its versioning and tags.",
        properties: [
            "bucket": .required(.string, forceNew: true, "Bucket name, unique across AWS."),
            "versioning": .optional(.bool, default: false, "Keep every version of every object."),
            "force_destroy": .optional(
                .bool, default: false, "Delete every object (and every version of it) left in the bucket when destroying it."),
            "tags": tagsProperty,
            "arn": .computed(.string, "arn:aws:s3:::BUCKET."),
            "id": .computed(.string, "The bucket name."),
        ])

    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    /// S3's naming rules, checked before anything is sent.
    static func validate(_ properties: [String: Value]) -> [ProviderIssue] {
        guard let name = properties["bucket"]?.stringValue else { return [] }
        let allowed = name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
        let edges = name.first.map { $0.isLetter || $0.isNumber } == true && name.last.map { $0.isLetter || $0.isNumber } == true
        if !(3...63).contains(name.count) || !allowed || !edges || name.contains("..") {
            return [
                ProviderIssue(
                    property: "bucket", message: "\"\(name)\" is not a valid S3 bucket name",
                    hint: "3 to 63 characters: lower-case letters, digits, hyphens and dots, starting and ending with a letter or digit")
            ]
        }
        return []
    }

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let bucket = try p.string("bucket")
        var body = Data()
        if aws.region != "us-east-1" {
            body = Data(
                "<CreateBucketConfiguration xmlns=\"\(namespace)\"><LocationConstraint>\(xmlEscape(aws.region))</LocationConstraint></CreateBucketConfiguration>"
                    .utf8)
        }
        try await aws.rest(.s3, "CreateBucket", method: "PUT", path: "/\(bucket)", body: body)
        return try await apply(p, bucket: bucket, old: nil, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        try await apply(p, bucket: prior.id, old: prior, aws)
    }

    /// Sets versioning and tags where they differ from `old`, then reads the bucket back.
    private static func apply(_ p: PropertyReader, bucket: String, old: ResourceObject?, _ aws: AWSClient) async throws -> ResourceObject {
        let versioning = try p.bool("versioning", default: false)
        let wasVersioned = old?.attributes["versioning"]?.boolValue ?? false
        if versioning != wasVersioned {
            let status = versioning ? "Enabled" : "Suspended"
            let xml = "<VersioningConfiguration xmlns=\"\(namespace)\"><Status>\(status)</Status></VersioningConfiguration>"
            try await aws.rest(
                .s3, "PutBucketVersioning", method: "PUT", path: "/\(bucket)", query: [("versioning", "")],
                headers: checksum(xml), body: Data(xml.utf8))
        }
        let tags = try p.stringMap("tags")
        let oldTags = (try? PropertyReader(old?.attributes ?? [:], context: "").stringMap("tags")) ?? [:]
        if tags != oldTags {
            try await putTags(tags, path: "/\(bucket)", aws)
        }
        return try await readBack(bucket, p.values, aws)
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        let bucket = current.id
        do {
            try await aws.rest(.s3, "HeadBucket", method: "HEAD", path: "/\(bucket)")
        } catch let error as AWSError where error.status == 404 {
            return nil
        }
        let (_, versioning) = try await aws.rest(.s3, "GetBucketVersioning", method: "GET", path: "/\(bucket)", query: [("versioning", "")])
        let tags = try await getTags(path: "/\(bucket)", aws)
        var attrs = current.attributes
        attrs["bucket"] = .string(bucket)
        attrs["versioning"] = .bool(versioning?.string("Status") == "Enabled")
        attrs["force_destroy"] = current.attributes["force_destroy"] ?? .bool(false)
        attrs["tags"] = .stringMap(tags)
        attrs["arn"] = .string("arn:aws:s3:::\(bucket)")
        attrs["id"] = .string(bucket)
        return ResourceObject(id: bucket, attributes: attrs)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        let bucket = current.id
        do {
            if current.attributes["force_destroy"]?.boolValue == true {
                for (key, version) in try await listVersions(bucket, aws) {
                    try await aws.rest(.s3, "DeleteObject", method: "DELETE", path: "/\(bucket)/\(key)", query: [("versionId", version)])
                }
            }
            try await aws.rest(.s3, "DeleteBucket", method: "DELETE", path: "/\(bucket)")
        } catch let error as AWSError where error.code == "NoSuchBucket" {
            return
        } catch let error as AWSError where error.code == "BucketNotEmpty" {
            throw ProviderError(
                "s3 DeleteBucket failed: BucketNotEmpty: \(error.message)",
                hint: "delete the objects first, or set force_destroy = true to let Cairn delete them")
        }
    }

    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? {
        try await read(ResourceObject(id: try p.string("bucket"), attributes: p.values), aws)
    }

    /// Every object version and delete marker in the bucket, page by page (ListObjectVersions
    /// with key and version-id markers); an unversioned object has version "null".
    static func listVersions(_ bucket: String, _ aws: AWSClient) async throws -> [(key: String, version: String)] {
        var found: [(key: String, version: String)] = []
        var marker: (key: String, version: String)?
        repeat {
            var query = [("versions", "")]
            if let marker { query += [("key-marker", marker.key), ("version-id-marker", marker.version)] }
            let (_, page) = try await aws.rest(.s3, "ListObjectVersions", method: "GET", path: "/\(bucket)", query: query)
            for entry in (page?.all("Version") ?? []) + (page?.all("DeleteMarker") ?? []) {
                if let key = entry.string("Key") { found.append((key, entry.string("VersionId") ?? "null")) }
            }
            if page?.string("IsTruncated") == "true", let key = nonEmpty(page?.string("NextKeyMarker")) {
                marker = (key, page?.string("NextVersionIdMarker") ?? "")
            } else {
                marker = nil
            }
        } while marker != nil
        return found
    }

    /// Tags of a bucket (`/bucket`) or object (`/bucket/key`); none is an empty map.
    static func getTags(path: String, _ aws: AWSClient) async throws -> [String: String] {
        do {
            let (_, tree) = try await aws.rest(.s3, "GetTagging", method: "GET", path: path, query: [("tagging", "")])
            var tags: [String: String] = [:]
            for tag in tree?.list("TagSet", item: "Tag") ?? [] {
                if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
            }
            return tags
        } catch let error as AWSError where error.code == "NoSuchTagSet" || error.code == "NoSuchTagSetError" {
            return [:]
        }
    }

    static func putTags(_ tags: [String: String], path: String, _ aws: AWSClient) async throws {
        if tags.isEmpty {
            try await aws.rest(.s3, "DeleteTagging", method: "DELETE", path: path, query: [("tagging", "")])
            return
        }
        let set = tags.keys.sorted().map { "<Tag><Key>\(xmlEscape($0))</Key><Value>\(xmlEscape(tags[$0]!))</Value></Tag>" }.joined()
        let xml = "<Tagging xmlns=\"\(namespace)\"><TagSet>\(set)</TagSet></Tagging>"
        try await aws.rest(
            .s3, "PutTagging", method: "PUT", path: path, query: [("tagging", "")], headers: checksum(xml), body: Data(xml.utf8))
    }

    /// S3 wants an integrity checksum on some configuration writes; SHA-256 is accepted in place of MD5.
    static func checksum(_ body: String) -> [(String, String)] {
        [("Content-Type", "application/xml"), ("x-amz-checksum-sha256", Digest.sha256(Data(body.utf8)).base64EncodedString())]
    }
}
