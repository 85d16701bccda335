import CairnProviderKit
import Foundation

/// Finds credentials the way AWS's own tools do: the provider block, then the AWS_* variables,
/// then the shared credentials file (`~/.aws/credentials`, or AWS_SHARED_CREDENTIALS_FILE) with
/// `profile`, AWS_PROFILE or "default".
struct CredentialChain {
    var accessKey: String? = nil
    var secretKey: String? = nil
    var token: String? = nil
    var profile: String? = nil
    var environment: [String: String]

    func resolve() throws -> (AWSCredentials, source: String) {
        if let accessKey = nonEmpty(accessKey) {
            guard let secretKey = nonEmpty(secretKey) else {
                throw ProviderError(
                    "aws: access_key is set but secret_key is not",
                    hint: "set both access_key and secret_key in the aws provider block, or neither")
            }
            return (AWSCredentials(accessKeyID: accessKey, secretAccessKey: secretKey, sessionToken: nonEmpty(token)), "provider settings")
        }
        if let id = nonEmpty(environment["AWS_ACCESS_KEY_ID"]) {
            guard let secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"]) else {
                throw ProviderError(
                    "aws: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
                    hint: "export AWS_SECRET_ACCESS_KEY too, or unset AWS_ACCESS_KEY_ID to use the credentials file")
            }
            return (
                AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"])),
                "environment"
            )
        }
        let file = credentialsFile
        let name = nonEmpty(profile) ?? nonEmpty(environment["AWS_PROFILE"]) ?? "default"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ProviderError(
                "aws: no credentials found (provider settings, AWS_ACCESS_KEY_ID, \(file))",
                hint: "set access_key and secret_key, export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or write \(file)")
        }
        let sections = Self.parseINI(text)
        guard let section = sections[name] else {
            throw ProviderError(
                "aws: profile \"\(name)\" is not in \(file)",
                hint: "profiles there: \(sections.keys.sorted().joined(separator: ", ")); choose one with profile or AWS_PROFILE")
        }
        guard let id = nonEmpty(section["aws_access_key_id"]), let secret = nonEmpty(section["aws_secret_access_key"]) else {
            throw ProviderError(
                "aws: profile \"\(name)\" in \(file) has no aws_access_key_id and aws_secret_access_key",
                hint: "add both keys to the [\(name)] section")
        }
        return (
            AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: nonEmpty(section["aws_session_token"])),
            "\(file) [\(name)]"
        )
    }

    var credentialsFile: String {
        if let path = nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"]) { return path }
        let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        return home + "/.aws/credentials"
    }

    /// `[section]` headers and `key = value` lines; `#` and `;` start comments.
    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("profile ") { name = String(name.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let current, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            sections[current]?[key] = value
        }
        return sections
    }
}

func nonEmpty(_ s: String?) -> String? {
    guard let s, !s.isEmpty else { return nil }
    return s
}
