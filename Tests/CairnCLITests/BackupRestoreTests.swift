import Foundation
import Testing

/// restore and state rollback through the real binary.
@Suite struct BackupRestoreCLITests {
    func serial(_ sb: Sandbox) throws -> Int {
        let show = try sb.cairn(["show", "--json", "--stack", "stack"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        return try #require(doc["serial"] as? Int)
    }

    @Test func restoreRoundTripsTheStateAndMovesTheSerialOn() throws {
        let sb = try Sandbox().applied()
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        let backup = try #require(sb.backupFiles().first)
        let listed = try sb.cairn(["state", "list", "--stack", "stack"]).stdout
        let shownA = try sb.cairn(["state", "show", "a", "--stack", "stack"]).stdout

        #expect(try sb.cairn(["apply", "stack", "--auto-approve", "--var", "text=two"]).status == 0)
        #expect(try sb.cairn(["state", "rm", "b", "--stack", "stack"]).status == 0)
        #expect(try sb.cairn(["plan", "stack", "-o", "before-restore.plan", "--var", "text=two"]).status == 0)
        let serialBefore = try serial(sb)
        let backupsBefore = sb.backupFiles().count

        let restore = try sb.cairn(["restore", backup, "--stack", "stack"])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.contains("Verified"))
        #expect(restore.stdout.contains("Backed up state to"))
        #expect(restore.stdout.contains("Restored"))
        #expect(sb.backupFiles().count == backupsBefore + 1, "the replaced state is kept as a backup")

        #expect(try sb.cairn(["state", "list", "--stack", "stack"]).stdout == listed)
        #expect(try sb.cairn(["state", "show", "a", "--stack", "stack"]).stdout == shownA)
        #expect(try serial(sb) == serialBefore + 1)
        let history = try sb.cairn(["state", "history", "--stack", "stack"]).stdout
        #expect(history.split(separator: "\n").last?.hasSuffix("restore \(backup)") == true)

        // A plan saved against the replaced state no longer applies.
        let stale = try sb.cairn(["apply", "before-restore.plan"])
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("stale"))
    }

    @Test func anotherStacksBackupIsRefusedUnlessForced() throws {
        let sb = try Sandbox().applied()
        let other = try Sandbox()
        try other.write(
            "stack.yaml",
            """
            stack: test
            resources:
              elsewhere:
                type: local.file
                properties: { path: "${path.stack}/../out/elsewhere.txt", content: "x" }
            """)
        #expect(try other.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        #expect(try other.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        let foreign = try #require(other.backupFiles().first)

        let before = sb.stateBytes()
        let refused = try sb.cairn(["restore", foreign, "--stack", "stack"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is a backup of another state"))
        #expect(refused.stderr.contains("--force"))
        #expect(sb.stateBytes() == before)

        let forced = try sb.cairn(["restore", foreign, "--stack", "stack", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try sb.cairn(["state", "list", "--stack", "stack"]).stdout == "elsewhere\n")
        // The state it replaced was kept.
        let kept = try #require(sb.backupFiles().first)
        #expect(try sb.stateList(ofBackup: kept) == ["a", "b"])
    }

    @Test func aDamagedStateIsSetAsideOnlyWithForce() throws {
        let sb = try Sandbox().applied()
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        let backup = try #require(sb.backupFiles().first)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sb.statePath + suffix) }
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: sb.statePath))

        let refused = try sb.cairn(["restore", backup, "--stack", "stack"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cannot be used"))
        #expect(sb.file("state/test.sqlite") == "not a database")

        let forced = try sb.cairn(["restore", backup, "--stack", "stack", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("Moved the damaged state to"))
        #expect(try sb.cairn(["state", "list", "--stack", "stack"]).stdout == "a\nb\n")
        let aside = try FileManager.default.contentsOfDirectory(atPath: sb.backupsDir).filter { $0.hasSuffix(".damaged") }
        #expect(aside.count == 1)
        #expect(sb.file("state/backups/\(aside[0])") == "not a database")
        #expect(try serial(sb) == 2)
    }

    @Test func restoreIntoAMissingStateRecreatesIt() throws {
        let sb = try Sandbox().applied()
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        let backup = try #require(sb.backupFiles().first)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sb.statePath + suffix) }
        let restore = try sb.cairn(["restore", backup, "--stack", "stack"])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(try sb.cairn(["state", "list", "--stack", "stack"]).stdout == "a\nb\n")
        #expect(try sb.cairn(["plan", "stack", "--detailed-exitcode"]).status == 0)
    }

    @Test func rollbackMakesAnOldVersionCurrentAsANewVersion() throws {
        let sb = try Sandbox().applied()
        let atOne = try sb.cairn(["state", "show", "a", "--stack", "stack", "--json"]).stdout
        #expect(try sb.cairn(["apply", "stack", "--auto-approve", "--var", "text=two"]).status == 0)
        #expect(try sb.cairn(["state", "show", "a", "--stack", "stack", "--json"]).stdout != atOne)
        let versionsBefore = try sb.cairn(["state", "history", "--stack", "stack"]).stdout.split(separator: "\n").count

        let rollback = try sb.cairn(["state", "rollback", "1", "--stack", "stack"])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(rollback.stdout.contains("Backed up state to"))
        #expect(rollback.stdout.contains("as version 3"))
        #expect(try sb.cairn(["state", "show", "a", "--stack", "stack", "--json"]).stdout == atOne)
        #expect(try sb.cairn(["state", "show", "a", "--stack", "stack", "--json", "--serial", "1"]).stdout == atOne)
        let history = try sb.cairn(["state", "history", "--stack", "stack"]).stdout.split(separator: "\n")
        #expect(history.count == versionsBefore + 1)
        #expect(history.last?.hasSuffix("state rollback 1") == true)
        #expect(history.last?.contains("0/2/0") == true)

        // The files still say "two": the next plan shows the real change back to the configuration.
        let plan = try sb.cairn(["plan", "stack", "--var", "text=one"])
        #expect(plan.stdout.contains("~ a (local.file): content \"one\" → \"two\""), "\(plan.stdout)")
        #expect(plan.stdout.contains("~ a (local.file) will be updated in place"))

        let again = try sb.cairn(["state", "rollback", "1", "--stack", "stack"])
        #expect(again.stdout.contains("nothing to roll back"))
        let unknown = try sb.cairn(["state", "rollback", "42", "--stack", "stack"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no version 42"))
    }
}
