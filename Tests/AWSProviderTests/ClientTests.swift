import CairnHTTP
import CairnProviderKit
import Foundation
import Testing

@testable import AWSProvider

@Suite struct ClientTests {
    static let identity = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
        <Arn>arn:aws:iam::111122223333:user/me</Arn><UserId>AID</UserId><Account>111122223333</Account>
        </GetCallerIdentityResult></GetCallerIdentityResponse>
        """
    static let throttled =
        "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"
    static let ec2Throttled =
        "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors></Response>"

    static func client(_ url: String, attempts: Int = 6) -> AWSClient {
        AWSClient(
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"), region: "us-east-1",
            endpoint: url, timeout: 10, attempts: attempts, baseDelay: 0.01)
    }

    @Test func throttlingAnd5xxAreRetriedUntilTheyPass() async throws {
        let server = try await ScriptedServer.start([
            (400, Self.throttled), (400, Self.ec2Throttled), (503, "<Error><Code>SlowDown</Code><Message>busy</Message></Error>"),
            (500, ""), (200, Self.identity),
        ])
        let answer = try await Self.client(server.url).query(.sts, "GetCallerIdentity")
        #expect(answer.string("GetCallerIdentityResult/Account") == "111122223333")
        #expect(server.requests == 5)
    }

    @Test func persistentThrottlingEndsWithTheAPIsCodeAndMessage() async throws {
        let server = try await ScriptedServer.start([(400, Self.throttled)])
        do {
            _ = try await Self.client(server.url, attempts: 3).query(.sts, "GetCallerIdentity")
            Issue.record("a throttled call succeeded")
        } catch let error as AWSError {
            #expect(server.requests == 3)
            let shown = error.providerError
            #expect(shown.message == "sts GetCallerIdentity failed: Throttling: Rate exceeded (HTTP 400)")
            #expect(shown.hint?.contains("throttling") == true)
        }
    }

    /// A create that kept failing with 5xx may still have happened: the engine is told so and
    /// checks on the next plan. A failed read leaves no such doubt.
    @Test func serverErrorsOnChangesLeaveTheOutcomeOpen() async throws {
        let server = try await ScriptedServer.start([
            (500, "<Response><Errors><Error><Code>InternalError</Code><Message>boom</Message></Error></Errors></Response>")
        ])
        let client = Self.client(server.url, attempts: 2)
        do {
            _ = try await client.query(.ec2, "CreateVpc", [("CidrBlock", "10.0.0.0/16")])
            Issue.record("a failing create succeeded")
        } catch let error as AWSError {
            #expect(error.providerError.outcomeUnknown)
            #expect(error.providerError.message == "ec2 CreateVpc failed: InternalError: boom (HTTP 500)")
        }
        do {
            _ = try await client.query(.ec2, "DescribeVpcs")
            Issue.record("a failing describe succeeded")
        } catch let error as AWSError {
            #expect(!error.providerError.outcomeUnknown)
        }
    }

    @Test func otherClientErrorsAreNotRetried() async throws {
        let server = try await ScriptedServer.start([
            (
                403,
                "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>"
            )
        ])
        let aws = AWSProvider(environment: [:])
        try await aws.configure(["endpoint": .string(server.url), "access_key": "AKID", "secret_key": "bad"])
        do {
            _ = try await aws.readData(kind: "caller_identity", properties: [:])
            Issue.record("a rejected call succeeded")
        } catch let error as ProviderError {
            #expect(server.requests == 1)
            #expect(error.message.contains("InvalidClientTokenId: The security token included in the request is invalid."))
            #expect(error.hint?.contains("credentials") == true)
        }
    }

    @Test func errorShapesOfEveryProtocol() {
        func parse(_ status: Int, _ body: String, _ headers: [String: String] = [:]) -> AWSError {
            AWSError.parse(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)), service: .ec2, action: "X")
        }
        let ec2 = parse(
            400,
            "<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID 'vpc-1' does not exist</Message></Error></Errors><RequestID>r</RequestID></Response>"
        )
        #expect(ec2.code == "InvalidVpcID.NotFound" && ec2.message == "The vpc ID 'vpc-1' does not exist")
        let s3 = parse(
            404, "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>")
        #expect(s3.code == "NoSuchBucket")
        let json = parse(400, #"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#)
        #expect(json.code == "QueueDoesNotExist" && json.message == "The specified queue does not exist.")
        let empty = parse(404, "")
        #expect(empty.code == "NotFound")
        let elsewhere = parse(301, "", ["x-amz-bucket-region": "eu-west-1"])
        #expect(
            elsewhere.providerError.message
                == "ec2 X failed: PermanentRedirect: the bucket is in region eu-west-1; set region to it (HTTP 301)")
        #expect(parse(403, "").code == "AccessDenied")
    }

    @Test func xmlTreeReadsNestedListsWithoutNamespaces() throws {
        let tree = try #require(
            XMLTree.parse(Data("<a xmlns=\"x\"><b><member><c>1</c></member><member><c>2</c></member></b><d> t &amp; u </d></a>".utf8)))
        #expect(tree.list("b").compactMap { $0.string("c") } == ["1", "2"])
        #expect(tree.string("d") == "t & u")
        #expect(XMLTree.parse(Data("not xml".utf8)) == nil)
        #expect(xmlEscape("<a & 'b'>") == "&lt;a &amp; &apos;b&apos;&gt;")
    }
}
