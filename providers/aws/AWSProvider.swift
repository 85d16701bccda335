import CairnProviderKit
import Foundation

/// The built-in `aws` provider: S3, SQS, IAM, EC2, Route53 and ELBv2 through AWS's own APIs,
/// signed with SigV4.
public struct AWSProvider: Provider {
    static let kinds = ResourceKinds<any AWSResource.Type>(
        provider: "aws",
        handlers: [
            "s3_bucket": S3Bucket.self,
            "s3_object": S3Object.self,
            "sqs_queue": SQSQueue.self,
            "iam_role": IAMRole.self,
            "vpc": VPC.self,
            "subnet": Subnet.self,
            "security_group": SecurityGroup.self,
            "instance": Instance.self,
            "route53_zone": Route53Zone.self,
            "route53_record": Route53Record.self,
            "lb": LoadBalancer.self,
            "lb_target_group": TargetGroup.self,
            "lb_target_group_attachment": TargetGroupAttachment.self,
            "lb_listener": Listener.self,
        ], schema: { $0.schema })
    static let dataKinds = ResourceKinds<any AWSDataSource.Type>(
        provider: "aws", .dataSources,
        handlers: [
            "caller_identity": CallerIdentity.self,
            "availability_zones": AvailabilityZones.self,
        ], schema: { $0.schema })

    private let session: AWSSession
    private let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        session = AWSSession()
    }

    public var schema: ProviderSchema { Self.providerSchema }

    static let providerSchema = ProviderSchema(
        name: "aws", version: "0.1.0",
        config: [
            "region": .optional(.string, "AWS region; default AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1."),
            "endpoint": .optional(
                .string, "One endpoint for every service (an emulator such as moto); default AWS_ENDPOINT_URL, then AWS's public endpoints."
            ),
            "access_key": .optional(.string, sensitive: true, "Access key id; default AWS_ACCESS_KEY_ID, then the credentials file."),
            "secret_key": .optional(
                .string, sensitive: true, "Secret access key; default AWS_SECRET_ACCESS_KEY, then the credentials file."),
            "token": .optional(.string, sensitive: true, "Session token for temporary credentials; default AWS_SESSION_TOKEN."),
            "profile": .optional(
                .string, "Profile in ~/.aws/credentials (or AWS_SHARED_CREDENTIALS_FILE); default AWS_PROFILE, then default."),
        ],
        resources: kinds.schemas,
        dataSources: dataKinds.schemas)

    public func configure(_ request: ConfigureRequest) async throws -> ConfigureResponse {
        session.configure(request.config, environment: environment)
        return ConfigureResponse()
    }

    public func validate(_ request: ValidateRequest) async throws -> ValidateResponse {
        Self.kinds.validate(request) { $0.validate(request.properties) }
    }

    public func plan(_ request: PlanRequest) async throws -> PlanResponse {
        var planned = defaultPlan(request)
        if let prior = request.prior, let type = Self.kinds[request.kind] { type.refine(&planned.attributes, prior: prior) }
        return planned
    }

    public func create(_ request: CreateRequest) async throws -> CreateResponse {
        let type = try Self.kinds.handler(request.kind)
        let reader = PropertyReader(request.properties, context: "aws.\(request.kind)")
        if let issue = type.validate(request.properties).first {
            throw ProviderError("\(issue.property.map { "\($0): " } ?? "")\(issue.message)", hint: issue.hint)
        }
        return CreateResponse(object: try await run { try await type.create(reader, $0) })
    }

    public func read(_ request: ReadRequest) async throws -> ReadResponse {
        let type = try Self.kinds.handler(request.kind)
        return ReadResponse(object: try await run { try await type.read(request.current, $0) })
    }

    public func update(_ request: UpdateRequest) async throws -> UpdateResponse {
        let type = try Self.kinds.handler(request.kind)
        let reader = PropertyReader(request.properties, context: "aws.\(request.kind)")
        return UpdateResponse(object: try await run { try await type.update(request.prior, reader, $0) })
    }

    public func delete(_ request: DeleteRequest) async throws -> DeleteResponse {
        let type = try Self.kinds.handler(request.kind)
        try await run { try await type.delete(request.current, $0) }
        return DeleteResponse()
    }

    public func importResource(_ request: ImportRequest) async throws -> ImportResponse {
        let type = try Self.kinds.handler(request.kind)
        return ImportResponse(object: try await run { try await type.importResource(id: request.id, $0) })
    }

    public func adopt(_ request: AdoptRequest) async throws -> AdoptResponse {
        let type = try Self.kinds.handler(request.kind)
        let reader = PropertyReader(request.properties, context: "aws.\(request.kind)")
        return AdoptResponse(object: try await run { try await type.adopt(reader, $0) })
    }

    public func readData(_ request: ReadDataRequest) async throws -> ReadDataResponse {
        let type = try Self.dataKinds.handler(request.kind)
        let reader = PropertyReader(request.properties, context: "data aws.\(request.kind)")
        return ReadDataResponse(attributes: try await run { try await type.read(reader, $0) })
    }

    /// Runs `body` with the configured client, turning AWS error answers into provider errors.
    private func run<T>(_ body: (AWSClient) async throws -> T) async throws -> T {
        let client = try session.client()
        do {
            return try await body(client)
        } catch {
            throw asProviderError(error)
        }
    }
}

/// A read-only look-up of the aws provider.
protocol AWSDataSource: Sendable {
    static var schema: ResourceSchema { get }
    static func read(_ p: PropertyReader, _ aws: AWSClient) async throws -> [String: Value]
}

/// The provider instance's settings and the client made from them on first use, so a missing
/// credential is reported by the first resource that needs it rather than by every command.
final class AWSSession: Sendable {
    private struct State {
        var config: [String: Value] = [:]
        var environment: [String: String] = ProcessInfo.processInfo.environment
        var made: AWSClient?
    }
    private let state = Locked(State())

    func configure(_ config: [String: Value], environment: [String: String]) {
        state.withLock { s in
            s.config = config
            s.environment = environment
            s.made = nil
        }
    }

    func client() throws -> AWSClient {
        try state.withLock { s in try Self.client(&s) }
    }

    private static func client(_ s: inout State) throws -> AWSClient {
        if let made = s.made { return made }
        let config = s.config
        let environment = s.environment
        let setting = { (name: String) in nonEmpty(config[name]?.stringValue) }
        let chain = CredentialChain(
            accessKey: setting("access_key"), secretKey: setting("secret_key"), token: setting("token"),
            profile: setting("profile"), environment: environment)
        let (credentials, _) = try chain.resolve()
        let region = setting("region") ?? nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"]) ?? "us-east-1"
        let endpoint = setting("endpoint") ?? nonEmpty(environment["AWS_ENDPOINT_URL"])
        if let endpoint, URLComponents(string: endpoint)?.host == nil {
            throw ProviderError("aws: endpoint \"\(endpoint)\" is not a URL", hint: "write it as http://HOST:PORT or https://HOST")
        }
        let client = AWSClient(credentials: credentials, region: region, endpoint: endpoint)
        s.made = client
        return client
    }
}
