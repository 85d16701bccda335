import CairnProviderKit
import Foundation
import Testing

@testable import AWSProvider

@Suite struct CredentialChainTests {
    func credentialsFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aws-credentials-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let file = """
        # shared credentials
        [default]
        aws_access_key_id = DEFAULTKEY
        aws_secret_access_key = defaultsecret

        [work]
        aws_access_key_id=WORKKEY
        aws_secret_access_key=worksecret
        aws_session_token=worktoken
        """

    @Test func providerSettingsWinOverEnvironmentAndFile() throws {
        let path = try credentialsFile(Self.file)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let chain = CredentialChain(
            accessKey: "CFGKEY", secretKey: "cfgsecret", token: "cfgtoken", profile: nil,
            environment: ["AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SHARED_CREDENTIALS_FILE": path])
        let (creds, source) = try chain.resolve()
        #expect(creds == AWSCredentials(accessKeyID: "CFGKEY", secretAccessKey: "cfgsecret", sessionToken: "cfgtoken"))
        #expect(source == "provider settings")
    }

    @Test func environmentWinsOverTheFile() throws {
        let path = try credentialsFile(Self.file)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let chain = CredentialChain(environment: [
            "AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "envsecret",
            "AWS_SESSION_TOKEN": "envtoken", "AWS_SHARED_CREDENTIALS_FILE": path,
        ])
        #expect(try chain.resolve().0 == AWSCredentials(accessKeyID: "ENVKEY", secretAccessKey: "envsecret", sessionToken: "envtoken"))
    }

    @Test func fileProfileFromSettingThenAWSProfileThenDefault() throws {
        let path = try credentialsFile(Self.file)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let byDefault = CredentialChain(environment: ["AWS_SHARED_CREDENTIALS_FILE": path])
        #expect(try byDefault.resolve().0.accessKeyID == "DEFAULTKEY")
        let byVariable = CredentialChain(environment: ["AWS_SHARED_CREDENTIALS_FILE": path, "AWS_PROFILE": "work"])
        #expect(
            try byVariable.resolve().0 == AWSCredentials(accessKeyID: "WORKKEY", secretAccessKey: "worksecret", sessionToken: "worktoken"))
        let bySetting = CredentialChain(profile: "default", environment: ["AWS_SHARED_CREDENTIALS_FILE": path, "AWS_PROFILE": "work"])
        #expect(try bySetting.resolve().0.accessKeyID == "DEFAULTKEY")
    }

    @Test func homeCredentialsFileIsTheFallback() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try Self.file.write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        #expect(try CredentialChain(environment: ["HOME": home.path]).resolve().0.accessKeyID == "DEFAULTKEY")
    }

    @Test func missingPiecesAreExplained() throws {
        let path = try credentialsFile(Self.file)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ProviderError.self) { try CredentialChain(accessKey: "K", environment: [:]).resolve() }
        do {
            _ = try CredentialChain(profile: "nope", environment: ["AWS_SHARED_CREDENTIALS_FILE": path]).resolve()
            Issue.record("an unknown profile resolved")
        } catch let error as ProviderError {
            #expect(error.message.contains("profile \"nope\" is not in \(path)"))
            #expect(error.hint?.contains("default, work") == true)
        }
        do {
            _ = try CredentialChain(environment: ["AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials"]).resolve()
            Issue.record("no credentials resolved")
        } catch let error as ProviderError {
            #expect(error.message.contains("no credentials found"))
        }
    }

    @Test func secretsAreSensitiveInTheSchema() {
        let config = AWSProvider(environment: [:]).schema.config
        #expect(config["access_key"]?.sensitive == true)
        #expect(config["secret_key"]?.sensitive == true)
        #expect(config["token"]?.sensitive == true)
    }
}
