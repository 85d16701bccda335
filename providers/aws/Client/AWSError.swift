import CairnHTTP
import CairnProviderKit
import Foundation

/// An error answer from an AWS API: its code and message, as the API sent them.
struct AWSError: Error, Sendable {
    var service: AWSService
    var action: String
    var status: Int
    var code: String
    var message: String
    /// Set when a request that changes something failed with a server error: AWS may have done it.
    var mayHaveHappened = false

    var isThrottling: Bool {
        [
            "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "SlowDown",
            "TooManyRequests", "TooManyRequestsException", "RequestThrottled", "RequestThrottledException",
            "PriorRequestNotComplete", "ProvisionedThroughputExceededException",
        ].contains(code)
    }

    var providerError: ProviderError {
        var error = ProviderError("\(service.rawValue) \(action) failed: \(code): \(message) (HTTP \(status))", hint: hint)
        error.outcomeUnknown = mayHaveHappened
        return error
    }

    private var hint: String? {
        switch code {
        case "InvalidClientTokenId", "SignatureDoesNotMatch", "AuthFailure", "InvalidAccessKeyId", "UnrecognizedClientException",
            "IncompleteSignature", "MissingAuthenticationToken":
            return
                "check the AWS credentials (access_key/secret_key, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or the profile) and the region"
        case "ExpiredToken", "ExpiredTokenException", "RequestExpired":
            return "the session token has expired: get fresh credentials; also check this machine's clock"
        case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation":
            return "the credentials lack permission for \(action); grant it in IAM"
        default:
            if status >= 500 { return "AWS kept failing after retries; try again later" }
            if isThrottling { return "AWS kept throttling after retries; lower --parallelism or try again later" }
            return nil
        }
    }

    /// Reads the code and message from any of AWS's error shapes: query/EC2/S3/Route53 XML
    /// or the JSON protocol's `__type` and `message`.
    static func parse(_ response: HTTPResponse, service: AWSService, action: String) -> AWSError {
        var code = ""
        var message = ""
        if let tree = XMLTree.parse(response.body) {
            let error = tree.name == "Error" ? tree : tree.find("Error")
            code = error?.string("Code") ?? ""
            message = error?.string("Message") ?? ""
        } else if let json = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] {
            code = (json["__type"] as? String ?? json["code"] as? String ?? "")
            if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
            message = json["message"] as? String ?? json["Message"] as? String ?? ""
        }
        if code.isEmpty, let header = response.header("x-amzn-errortype") {
            code = String(header.split(separator: ":").first ?? "")
        }
        if code.isEmpty {
            // HEAD answers (S3's HeadBucket) carry no body: name the usual meanings of their status.
            switch response.status {
            case 404: code = "NotFound"
            case 403:
                code = "AccessDenied"
                message = "access denied (the name may belong to another account)"
            case 301, 307:
                code = "PermanentRedirect"
                message = "the bucket is in region \(response.header("x-amz-bucket-region") ?? "another region"); set region to it"
            default: code = "HTTP\(response.status)"
            }
        }
        if message.isEmpty {
            let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            message = text.isEmpty ? "no message" : String(text.prefix(300))
        }
        return AWSError(service: service, action: action, status: response.status, code: code, message: message)
    }
}
