import Foundation
import Testing

/// The repository's own demo stack (stacks/demo) works end to end.
@Suite struct DemoStackTests {
    /// Copies stacks/demo into `stack/` of a fresh sandbox, without any output or state a local
    /// run of the demo may have left in the repository.
    func demoSandbox() throws -> Sandbox {
        let source = RepoRoot.url.appendingPathComponent("stacks/demo")
        try #require(
            FileManager.default.fileExists(atPath: source.appendingPathComponent("stack.yaml").path),
            "no demo stack at \(source.path)")
        let sb = try Sandbox()
        try FileManager.default.copyItem(at: source, to: URL(fileURLWithPath: sb.stackDir))
        for leftover in ["stack/out", "stack/state"] where sb.exists(leftover) { try sb.remove(leftover) }
        return sb
    }

    /// Regular files anywhere under `relative`.
    func files(_ sb: Sandbox, under relative: String) -> [String] {
        let base = sb.root.appendingPathComponent(relative)
        guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return e.compactMap { item -> String? in
            guard let url = item as? URL, (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { return nil }
            return url.path
        }
    }

    @Test func applyPlanOutputDestroy() throws {
        let sb = try demoSandbox()
        let validate = try sb.cairn(["validate", "stack"])
        #expect(validate.status == 0, "\(validate.both)")

        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        #expect(apply.stdout.contains("Apply complete!"), "\(apply.stdout)")
        #expect(!files(sb, under: "stack/out").isEmpty, "the demo renders files")
        #expect(sb.file("stack/out/dev/worker-0.conf")?.contains("queue = \"priority\"") == true)
        #expect(sb.file("stack/out/dev/worker-1.conf")?.contains("queue = \"bulk\"") == true)
        #expect(
            sb.file("stack/out/dev/api.env")?.contains("LISTEN=10.20.1.10:8080") == true, "\(sb.file("stack/out/dev/api.env") ?? "nil")")

        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.both)")
        #expect(plan.stdout.contains("No changes."), "\(plan.stdout)")

        let password = try sb.cairn(["output", "db_password", "--raw", "--stack", "stack"])
        #expect(password.status == 0, "\(password.both)")
        let pw = password.stdout.trimmingCharacters(in: .newlines)
        #expect(pw.count == 24, "\(pw.count) characters")
        #expect(pw.allSatisfy { $0.isLetter || $0.isNumber }, "special: false")
        #expect(sb.file("stack/out/dev/database.env")?.contains("DB_PASSWORD=\(pw)") == true)
        // Masked everywhere else.
        let outputs = try sb.cairn(["output", "--stack", "stack"])
        #expect(outputs.stdout.contains("db_password = (sensitive)"), "\(outputs.stdout)")
        #expect(!outputs.stdout.contains(pw))
        #expect(!apply.stdout.contains(pw))
        let show = try sb.cairn(["show", "--stack", "stack"])
        #expect(!show.stdout.contains(pw))

        let destroy = try sb.cairn(["destroy", "stack", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.both)")
        #expect(destroy.stdout.contains("Destroy complete!"), "\(destroy.stdout)")
        #expect(files(sb, under: "stack/out").isEmpty, "left behind: \(files(sb, under: "stack/out"))")
        #expect(try sb.stateList().isEmpty)
    }

    @Test func demoValidationsRejectBadInputs() throws {
        let sb = try demoSandbox()
        let env = try sb.cairn(["plan", "stack", "--var", "env=qa"])
        #expect(env.status == 1, "\(env.both)")
        #expect(env.stderr.contains("must be one of dev, staging, prod"), "\(env.stderr)")
        let workers = try sb.cairn(["plan", "stack", "--var", "workers=9"])
        #expect(workers.status == 1, "\(workers.both)")
        #expect(workers.stderr.contains("must be between 1 and 8"), "\(workers.stderr)")
    }

    @Test func demoScalesWorkers() throws {
        let sb = try demoSandbox()
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let plan = try sb.cairn(["plan", "stack", "--var", "workers=3", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("+ worker_config[2] (local.file) will be created"), "\(plan.stdout)")
        let apply = try sb.cairn(["apply", "stack", "--var", "workers=3", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        #expect(sb.exists("stack/out/dev/worker-2.conf"))
        #expect(try sb.cairn(["plan", "stack", "--var", "workers=3", "--detailed-exitcode"]).status == 0)
    }
}
