import CairnProviderKit
import Foundation
import Testing

@testable import AWSProvider

/// Lists longer than one page are read to the end, each page asking with the token the last one
/// gave. Moto would need thousands of objects to paginate, so a scripted server plays the pages.
@Suite struct PaginationTests {
    static func client(_ url: String) -> AWSClient {
        AWSClient(
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"), region: "us-east-1",
            endpoint: url, timeout: 10, attempts: 2, baseDelay: 0.01)
    }

    @Test func ec2DescribeFollowsNextToken() async throws {
        let server = try await ScriptedServer.start([
            (
                200,
                "<DescribeAvailabilityZonesResponse><availabilityZoneInfo><item><zoneName>us-east-1a</zoneName></item></availabilityZoneInfo><nextToken>tok1</nextToken></DescribeAvailabilityZonesResponse>"
            ),
            (
                200,
                "<DescribeAvailabilityZonesResponse><availabilityZoneInfo><item><zoneName>us-east-1b</zoneName></item></availabilityZoneInfo></DescribeAvailabilityZonesResponse>"
            ),
        ])
        let zones = try await AvailabilityZones.read(PropertyReader([:], context: "t"), Self.client(server.url))
        #expect(zones["names"] == ["us-east-1a", "us-east-1b"])
        let log = server.requestLog
        #expect(log.count == 2)
        #expect(log.last?.contains("NextToken=tok1") == true)
    }

    @Test func elbDescribeFollowsNextMarker() async throws {
        let page = { (name: String, marker: String) in
            "<DescribeTargetGroupsResponse><DescribeTargetGroupsResult><TargetGroups><member><TargetGroupName>\(name)</TargetGroupName></member></TargetGroups>"
                + (marker.isEmpty ? "" : "<NextMarker>\(marker)</NextMarker>")
                + "</DescribeTargetGroupsResult></DescribeTargetGroupsResponse>"
        }
        let server = try await ScriptedServer.start([(200, page("a", "m1")), (200, page("b", "m2")), (200, page("c", ""))])
        let groups = try await ELB.describe(Self.client(server.url), "DescribeTargetGroups", [], list: "TargetGroups", notFound: [])
        #expect(groups?.compactMap { $0.string("TargetGroupName") } == ["a", "b", "c"])
        #expect(server.requestLog.dropFirst().map { $0.contains("Marker=m1") || $0.contains("Marker=m2") } == [true, true])
    }

    @Test func iamTagsFollowMarkerWhileTruncated() async throws {
        let page = { (key: String, truncated: Bool) in
            "<ListRoleTagsResponse><ListRoleTagsResult><Tags><member><Key>\(key)</Key><Value>v</Value></member></Tags>"
                + "<IsTruncated>\(truncated)</IsTruncated>" + (truncated ? "<Marker>next-\(key)</Marker>" : "")
                + "</ListRoleTagsResult></ListRoleTagsResponse>"
        }
        let server = try await ScriptedServer.start([(200, page("a", true)), (200, page("b", false))])
        let tags = try await IAMRole.listTags("r", Self.client(server.url))
        #expect(tags == ["a": "v", "b": "v"])
        #expect(server.requestLog.last?.contains("Marker=next-a") == true)
    }

    @Test func s3VersionsFollowKeyAndVersionMarkers() async throws {
        let server = try await ScriptedServer.start([
            (
                200,
                "<ListVersionsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k1</NextKeyMarker><NextVersionIdMarker>v1</NextVersionIdMarker><Version><Key>k1</Key><VersionId>v1</VersionId></Version></ListVersionsResult>"
            ),
            (
                200,
                "<ListVersionsResult><IsTruncated>false</IsTruncated><DeleteMarker><Key>k2</Key><VersionId>v2</VersionId></DeleteMarker></ListVersionsResult>"
            ),
        ])
        let versions = try await S3Bucket.listVersions("b", Self.client(server.url))
        #expect(versions.map { "\($0.key)@\($0.version)" } == ["k1@v1", "k2@v2"])
        #expect(server.requestLog.last?.contains("key-marker=k1") == true)
        #expect(server.requestLog.last?.contains("version-id-marker=v1") == true)
    }
}
