/// An AWS API Cairn talks to: the name it signs with and where it lives.
enum AWSService: String, Sendable {
    case s3
    case ec2
    case iam
    case sqs
    case sts
    case route53
    case elb = "elasticloadbalancing"

    /// Global services sign for us-east-1 whatever the configured region.
    var isGlobal: Bool { self == .iam || self == .route53 }

    /// API version for the query protocol.
    var queryVersion: String {
        switch self {
        case .ec2: return "2016-11-15"
        case .iam: return "2010-05-08"
        case .sts: return "2011-06-15"
        case .elb: return "2015-12-01"
        case .sqs: return "2012-11-05"
        case .s3, .route53: return ""
        }
    }

    /// The public endpoint in `region` (path-style for S3).
    func publicEndpoint(region: String) -> String {
        switch self {
        case .iam: return "https://iam.amazonaws.com"
        case .route53: return "https://route53.amazonaws.com"
        default: return "https://\(rawValue).\(region).amazonaws.com"
        }
    }
}
