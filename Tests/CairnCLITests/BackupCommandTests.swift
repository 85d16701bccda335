import Foundation
import Testing

/// Shared by the backup, restore and drill tests.
enum BackupFixture {
    static let stack = """
        stack: test
        variables:
          text: { type: string, default: one }
        resources:
          a:
            type: local.file
            properties: { path: "${path.stack}/../out/a.txt", content: "${var.text}" }
          b:
            type: local.file
            properties: { path: "${path.stack}/../out/b.txt", content: "b of ${a.sha256}" }
        """
}

extension Sandbox {
    var backupsDir: String { root.appendingPathComponent("state/backups").path }

    /// Backup files (not manifests) in state/backups, sorted by name.
    func backupFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: backupsDir)) ?? []
        return names.filter { $0.hasSuffix(".sqlite") }.sorted().map { backupsDir + "/" + $0 }
    }

    func manifest(of backup: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: String(backup.dropLast(".sqlite".count)) + ".json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// `state list` of a backup, read from a copy: opening a file as state may convert it.
    func stateList(ofBackup backup: String) throws -> [Substring] {
        let copy = root.appendingPathComponent("inspect-\(UUID().uuidString.prefix(6)).sqlite").path
        try FileManager.default.copyItem(atPath: backup, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let key = root.appendingPathComponent("state/test.key").path
        return try cairn(["state", "list", "--state", copy], env: ["CAIRN_STATE_KEY_FILE": key]).stdout.split(separator: "\n")
    }

    func applied() throws -> Sandbox {
        try write("stack.yaml", BackupFixture.stack)
        let r = try cairn(["apply", "stack", "--auto-approve"])
        #expect(r.status == 0, "\(r.stderr)")
        return self
    }
}

func flipMiddleByte(_ path: String) throws {
    var data = try Data(contentsOf: URL(fileURLWithPath: path))
    data[data.count / 2] ^= 0xFF
    try data.write(to: URL(fileURLWithPath: path))
}

@Suite struct BackupCommandTests {
    @Test func createWritesAPrivateBackupAndManifestThatVerify() throws {
        let sb = try Sandbox().applied()
        let create = try sb.cairn(["backup", "create", "--stack", "stack"])
        #expect(create.status == 0, "\(create.stderr)")
        let file = try #require(sb.backupFiles().first)
        #expect(create.stdout.contains("Backed up state (serial 1, 2 resources) to \(file)"))
        #expect(
            URL(fileURLWithPath: file).lastPathComponent.range(of: #"^test-1-\d{8}T\d{6}Z\.sqlite$"#, options: .regularExpression) != nil)
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let manifest = try sb.manifest(of: file)
        #expect(manifest["stack"] as? String == "test")
        #expect(manifest["serial"] as? Int == 1)
        #expect(manifest["resource_count"] as? Int == 2)
        #expect((manifest["sha256"] as? String)?.count == 64)
        #expect(manifest["cairn_version"] is String)
        #expect(manifest["lineage"] is String)
        #expect(manifest["time"] is String)

        let verify = try sb.cairn(["backup", "verify", file])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("is good"))
        #expect(try sb.stateList(ofBackup: file) == ["a", "b"])
    }

    @Test func aFlippedByteIsRefusedByVerifyAndRestore() throws {
        let sb = try Sandbox().applied()
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        let file = try #require(sb.backupFiles().first)
        try flipMiddleByte(file)

        let verify = try sb.cairn(["backup", "verify", file])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("failed the checksum check"))
        let json = try sb.cairn(["backup", "verify", file, "--json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains(#""failed_check":"checksum""#))
        #expect(json.stdout.contains(#""ok":false"#))

        let before = sb.stateBytes()
        let restore = try sb.cairn(["restore", file, "--stack", "stack", "--force"])
        #expect(restore.status == 1)
        #expect(restore.stderr.contains("failed the checksum check"))
        #expect(sb.stateBytes() == before)
        #expect(sb.backupFiles().count == 1, "a refused restore takes no backup")

        let list = try sb.cairn(["backup", "list", "--stack", "stack"])
        #expect(list.stdout.contains("NO (checksum"))
    }

    @Test func listShowsEachBackupVerified() throws {
        let sb = try Sandbox().applied()
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve", "--var", "text=two"]).status == 0)
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0)
        let list = try sb.cairn(["backup", "list", "--stack", "stack"])
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("FILE") == true)
        #expect(lines[1].contains("test-2-") && lines[1].hasSuffix("yes"), "newest first")
        #expect(lines[2].contains("test-1-") && lines[2].hasSuffix("yes"))

        let json = try sb.cairn(["backup", "list", "--stack", "stack", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0["verified"] as? Bool == true })
        #expect(rows.compactMap { ($0["manifest"] as? [String: Any])?["serial"] as? Int } == [2, 1])
    }

    @Test func retentionKeepsOnlyTheNewestN() throws {
        let sb = try Sandbox().applied()
        for _ in 0..<4 { #expect(try sb.cairn(["backup", "create", "--stack", "stack"]).status == 0) }
        #expect(sb.backupFiles().count == 4)
        let kept = try sb.cairn(["backup", "create", "--stack", "stack", "--keep", "2"])
        #expect(kept.stdout.contains("Removed 3 old backups"))
        #expect(sb.backupFiles().count == 2)
        #expect(try sb.cairn(["backup", "create", "--stack", "stack"], env: ["CAIRN_BACKUP_KEEP": "1"]).status == 0)
        #expect(sb.backupFiles().count == 1)
        let manifests = try FileManager.default.contentsOfDirectory(atPath: sb.backupsDir).filter { $0.hasSuffix(".json") }
        #expect(manifests.count == 1)
        let bad = try sb.cairn(["backup", "create", "--stack", "stack"], env: ["CAIRN_BACKUP_KEEP": "none"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("CAIRN_BACKUP_KEEP"))
    }

    @Test func createRefusesWhileAnApplyHoldsTheLock() throws {
        let sb = try Sandbox()
        let (locked, apply, _) = try sb.whileLockedByASlowApply(["backup", "create", "--stack", "stack"])
        #expect(apply.status == 0)
        let r = try #require(locked)
        #expect(r.stderr.contains("state is locked by"))
    }

    @Test func stateRmAndMvBackUpFirst() throws {
        let sb = try Sandbox().applied()
        let mv = try sb.cairn(["state", "mv", "a", "renamed", "--stack", "stack"])
        #expect(mv.status == 0, "\(mv.stderr)")
        let first = try #require(sb.backupFiles().first)
        #expect(mv.stdout.hasPrefix("Backed up state to \(first)\n"))
        #expect(try sb.manifest(of: first)["serial"] as? Int == 1)
        #expect(try sb.stateList(ofBackup: first) == ["a", "b"])

        let rm = try sb.cairn(["state", "rm", "b", "--stack", "stack"])
        #expect(rm.status == 0, "\(rm.stderr)")
        let second = try #require(sb.backupFiles().first { $0 != first })
        #expect(rm.stdout.hasPrefix("Backed up state to \(second)\n"))
        #expect(try sb.manifest(of: second)["serial"] as? Int == 2)
        #expect(try sb.stateList(ofBackup: second) == ["b", "renamed"])
        #expect(try sb.cairn(["state", "list", "--stack", "stack"]).stdout == "renamed\n")

        // Nothing to change, nothing backed up.
        #expect(try sb.cairn(["state", "rm", "missing", "--stack", "stack"]).status == 1)
        #expect(sb.backupFiles().count == 2)
    }
}
