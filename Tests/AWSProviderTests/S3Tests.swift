import AWSProvider
import CairnProviderKit
import Foundation
import TestServers
import Testing

@Suite struct S3Tests {
    @Test func bucketCreateTagsVersioningDriftAndDelete() async throws {
        try await withMoto { moto in
            let aws = try await moto.provider()
            let name = uniqueName("bkt")
            let props: [String: Value] = ["bucket": .string(name), "versioning": true, "force_destroy": false, "tags": ["env": "test"]]
            let bucket = try await aws.create(kind: "s3_bucket", properties: props)
            #expect(bucket.id == name)
            #expect(bucket.string("arn") == "arn:aws:s3:::\(name)")

            let tagging = try await moto.json(["s3api", "get-bucket-tagging", "--bucket", name])
            #expect((tagging["TagSet"] as? [[String: String]]) == [["Key": "env", "Value": "test"]])
            #expect(try await moto.json(["s3api", "get-bucket-versioning", "--bucket", name])["Status"] as? String == "Enabled")

            // Tags changed behind Cairn's back show on read, and update puts them back.
            try await moto.cli(["s3api", "put-bucket-tagging", "--bucket", name, "--tagging", "TagSet=[{Key=env,Value=hacked}]"])
            let drifted = try #require(try await aws.read(kind: "s3_bucket", current: bucket))
            #expect(drifted.attributes["tags"] == ["env": "hacked"])
            _ = try await aws.update(kind: "s3_bucket", prior: drifted, properties: props)
            let fixed = try await moto.json(["s3api", "get-bucket-tagging", "--bucket", name])
            #expect((fixed["TagSet"] as? [[String: String]]) == [["Key": "env", "Value": "test"]])

            let imported = try #require(try await aws.importResource(kind: "s3_bucket", id: name))
            #expect(imported.attributes["versioning"] == true)
            #expect(imported.attributes["tags"] == ["env": "test"])

            try await aws.delete(kind: "s3_bucket", current: bucket)
            #expect(try await moto.cli(["s3api", "head-bucket", "--bucket", name]).status != 0)
            #expect(try await aws.read(kind: "s3_bucket", current: bucket) == nil)
        }
    }

    @Test func objectContentDriftAndForceDestroy() async throws {
        try await withMoto { moto in
            let aws = try await moto.provider()
            let name = uniqueName("obj")
            let bucket = try await aws.create(
                kind: "s3_bucket", properties: ["bucket": .string(name), "versioning": false, "force_destroy": true])
            let props: [String: Value] = [
                "bucket": .string(name), "key": "dir/hello world.txt", "content": "hello\n", "content_type": "text/plain",
            ]
            let object = try await aws.create(kind: "s3_object", properties: props)
            #expect(object.id == "\(name)/dir/hello world.txt")
            let expectedETag = try Self.md5Hex("hello\n")
            #expect(object.string("etag") == expectedETag)

            let out = moto.directory.appendingPathComponent("got.txt").path
            let head = try await moto.json(["s3api", "get-object", "--bucket", name, "--key", "dir/hello world.txt", out])
            #expect(head["ContentType"] as? String == "text/plain")
            #expect(try String(contentsOfFile: out, encoding: .utf8) == "hello\n")

            // Someone overwrites the object: read shows the new content, update restores it.
            let other = moto.directory.appendingPathComponent("other.txt").path
            try "changed".write(toFile: other, atomically: true, encoding: .utf8)
            try await moto.cli([
                "s3api", "put-object", "--bucket", name, "--key", "dir/hello world.txt", "--body", other, "--content-type", "text/plain",
            ])
            let drifted = try #require(try await aws.read(kind: "s3_object", current: object))
            #expect(drifted.string("content") == "changed")
            _ = try await aws.update(kind: "s3_object", prior: drifted, properties: props)
            _ = try await moto.json(["s3api", "get-object", "--bucket", name, "--key", "dir/hello world.txt", out])
            #expect(try String(contentsOfFile: out, encoding: .utf8) == "hello\n")

            // force_destroy empties the bucket first.
            try await aws.delete(kind: "s3_bucket", current: bucket)
            #expect(try await moto.cli(["s3api", "head-bucket", "--bucket", name]).status != 0)
            #expect(try await aws.read(kind: "s3_object", current: object) == nil)
        }
    }

    /// MD5 through md5sum: S3's ETag of a simple upload.
    static func md5Hex(_ text: String) throws -> String {
        let r = try TestServers.run("md5sum", [], stdin: text)
        return String(r.stdout.prefix(32))
    }
}

@Suite struct S3PlanTests {
    @Test func newContentPlansAnUnknownETag() async throws {
        let aws = AWSProvider(environment: [:])
        let prior = ResourceObject(
            id: "b/k",
            attributes: ["bucket": "b", "key": "k", "content": "old", "content_type": "binary/octet-stream", "etag": "abc", "id": "b/k"])
        let changed = try await aws.plan(kind: "s3_object", prior: prior, proposed: ["bucket": "b", "key": "k", "content": "new"])
        #expect(changed.attributes["etag"] == .unknown)
        let same = try await aws.plan(kind: "s3_object", prior: prior, proposed: ["bucket": "b", "key": "k", "content": "old"])
        #expect(same.attributes["etag"] == "abc")
    }
}
