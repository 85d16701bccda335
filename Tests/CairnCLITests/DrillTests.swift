import Foundation
import Testing

/// `cairn drill` against real files.
@Suite struct DrillTests {
    func report(_ r: CLIResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)\(r.stderr)")
    }

    @Test func anIntactEnvironmentIsRecoveredExactly() throws {
        let sb = try Sandbox().applied()
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        let stateBefore = sb.stateBytes()

        let drill = try sb.cairn(["drill", "stack"])
        #expect(drill.status == 0, "\(drill.stdout)\(drill.stderr)")
        #expect(drill.stdout.contains("backup age (RPO)"))
        #expect(drill.stdout.contains("recovery (RTO)"))
        #expect(drill.stdout.contains("2 in backup, 2 found, 0 missing, 0 drifted"))
        #expect(drill.stdout.contains("Outcome: recovered exactly."))

        let json = try report(try sb.cairn(["drill", "stack", "--json"]))
        #expect(json["outcome"] as? String == "recovered")
        #expect(json["exit_code"] as? Int == 0)
        let resources = try #require(json["resources"] as? [String: Any])
        #expect(resources["in_backup"] as? Int == 2)
        #expect(resources["found"] as? Int == 2)
        #expect((json["rpo_seconds"] as? Double).map { $0 >= 0 } == true)
        #expect((json["rto_seconds"] as? Double).map { $0 > 0 } == true)
        #expect(sb.stateBytes() == stateBefore, "a drill never touches the live state")
        #expect(sb.backupFiles().count == 1, "nor adds backups")
    }

    @Test func aFileDeletedOutOfBandIsReportedMissingAndApplyRecoversIt() throws {
        let sb = try Sandbox().applied()
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        try FileManager.default.removeItem(atPath: sb.root.appendingPathComponent("out/a.txt").path)

        let drill = try sb.cairn(["drill", "stack"])
        #expect(drill.status == 2, "\(drill.stdout)\(drill.stderr)")
        #expect(drill.stdout.contains("2 in backup, 1 found, 1 missing, 0 drifted"))
        #expect(drill.stdout.contains("missing           a"))
        #expect(drill.stdout.contains("+ a (local.file) will be created"))
        #expect(drill.stdout.contains("Outcome: changes needed."))

        let json = try report(try sb.cairn(["drill", "stack", "--json"]))
        #expect(json["outcome"] as? String == "changes_needed")
        #expect(json["missing"] as? [String] == ["a"])
        let plan = try #require(json["plan"] as? [String: Any])
        let changes = try #require(plan["changes"] as? [[String: Any]])
        #expect(changes.map { $0["address"] as? String } == ["a"])

        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        #expect(sb.file("out/a.txt") == "one")
        #expect(try sb.cairn(["drill", "stack"]).status == 0)
    }

    @Test func driftIsReported() throws {
        let sb = try Sandbox().applied()
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        try "tampered".write(toFile: sb.root.appendingPathComponent("out/b.txt").path, atomically: true, encoding: .utf8)
        let json = try report(try sb.cairn(["drill", "stack", "--json"]))
        #expect(json["exit_code"] as? Int == 2)
        let drifted = try #require(json["drifted"] as? [[String: Any]])
        #expect(drifted.map { $0["address"] as? String } == ["b"])
        #expect((drifted.first?["changed"] as? [String])?.contains("content") == true)
    }

    @Test func usesTheNewestBackupOrTheOneGiven() throws {
        let sb = try Sandbox().applied()
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        let old = try #require(sb.backupFiles().first)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve", "--var", "text=two"]).status == 0)
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)

        let newest = try report(try sb.cairn(["drill", "stack", "--json", "--var", "text=two"]))
        #expect(newest["outcome"] as? String == "recovered")
        let fromOld = try sb.cairn(["drill", "stack", "--from", old, "--var", "text=two"])
        #expect(fromOld.status == 2)
        #expect(fromOld.stdout.contains(old))
        #expect(fromOld.stdout.contains("drifted           a (content"))
    }

    @Test func recoveryIsImpossibleWithoutAGoodBackup() throws {
        let sb = try Sandbox().applied()
        let none = try sb.cairn(["drill", "stack"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no backup of stack test"))

        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        try flipMiddleByte(try #require(sb.backupFiles().first))
        let damaged = try sb.cairn(["drill", "stack", "--json"])
        #expect(damaged.status == 1)
        let json = try report(damaged)
        #expect(json["outcome"] as? String == "impossible")
        #expect((json["error"] as? String)?.contains("checksum") == true)
    }

    @Test func aProviderErrorMakesRecoveryImpossible() throws {
        let sb = try Sandbox().applied()
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        let a = sb.root.appendingPathComponent("out/a.txt").path
        try FileManager.default.removeItem(atPath: a)
        try FileManager.default.createDirectory(atPath: a, withIntermediateDirectories: false)
        let drill = try sb.cairn(["drill", "stack"])
        #expect(drill.status == 1)
        #expect(drill.stderr.contains("no longer a regular file"))
    }
}
