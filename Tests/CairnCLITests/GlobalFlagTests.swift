import Foundation
import Testing

/// The flags every command takes work before the command as well as after it.
@Suite struct GlobalFlagTests {
    static let stack = """
        stack: test
        resources:
          a:
            type: local.file
            properties: { path: "${path.stack}/../out/a.txt", content: "one" }
        """

    @Test func logLevelBeforeTheCommandIsTheSameAsAfterIt() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let before = try sb.cairn(["--log-level", "debug", "plan", "stack"])
        let after = try sb.cairn(["plan", "stack", "--log-level", "debug"])
        #expect(before.status == 0, "\(before.both)")
        #expect(before.stdout == after.stdout)
        // Debug logging is on: the engine's debug lines reach stderr.
        #expect(!before.stderr.isEmpty && before.stderr.contains(" DEBUG "), "\(before.stderr)")
        let quiet = try sb.cairn(["plan", "stack"])
        #expect(!quiet.stderr.contains(" DEBUG "))
    }

    @Test func everyGlobalFlagWorksBeforeNestedCommands() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let apply = try sb.cairn(["--no-color", "--state=\(sb.path)/elsewhere.sqlite", "apply", "stack", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        #expect(FileManager.default.fileExists(atPath: "\(sb.path)/elsewhere.sqlite"))
        let list = try sb.cairn(["--state", "\(sb.path)/elsewhere.sqlite", "--log-format", "json", "state", "list"])
        #expect(list.status == 0, "\(list.both)")
        #expect(list.stdout.contains("a"), "\(list.stdout)")
        let wrong = try sb.cairn(["--log-level", "loud", "plan", "stack"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("--log-level must be one of"), "\(wrong.stderr)")
    }
}
