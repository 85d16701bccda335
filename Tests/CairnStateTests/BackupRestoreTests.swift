import CairnAddresses
import CairnDigest
import CairnProviderKit
import Foundation
import GRDB
import StateConformance
import Testing

@testable import CairnState

/// Flips one byte of a file in place.
func flipByte(of path: String, at offset: Int) throws {
    var data = try Data(contentsOf: URL(fileURLWithPath: path))
    data[offset] ^= 0xFF
    try data.write(to: URL(fileURLWithPath: path))
}

/// Makes the manifest vouch for the file as it is now, so the later checks are reached.
func resealManifest(of path: String) throws {
    let manifestPath = BackupNaming.manifestPath(forBackup: path)
    var manifest = try BackupManifest.decode(try Data(contentsOf: URL(fileURLWithPath: manifestPath)))
    manifest.sha256 = Digest.sha256Hex(try Data(contentsOf: URL(fileURLWithPath: path)))
    try manifest.encoded().write(to: URL(fileURLWithPath: manifestPath))
}

func expectInvalid(_ file: String, _ check: BackupInvalidError.Check, in scratch: TemporaryFolder) {
    do {
        _ = try BackupVerifier.verify(file, scratchFolder: scratch.path(""), key: { _ in testStateKey })
        Issue.record("\(file) verified, expected the \(check) check to fail")
    } catch let error as BackupInvalidError {
        #expect(error.check == check, "\(error)")
    } catch {
        Issue.record("unexpected \(error)")
    }
}

@Suite struct BackupVerificationTests {
    @Test func aFlippedByteFailsTheChecksum() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let entry = try populatedStore(folder).createBackup(stack: "test", folder: folder.path("b"), cairnVersion: "1")
        _ = try BackupVerifier.verify(entry.path, scratchFolder: folder.path(""), key: { _ in testStateKey })
        try flipByte(of: entry.path, at: Int(entry.size) / 2)
        expectInvalid(entry.path, .checksum, in: folder)
        // Through the manifest's path too.
        expectInvalid(BackupNaming.manifestPath(forBackup: entry.path), .checksum, in: folder)
    }

    @Test func damagedPagesFailTheIntegrityCheckEvenWithAMatchingChecksum() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let entry = try populatedStore(folder).createBackup(stack: "test", folder: folder.path("b"), cairnVersion: "1")
        // Page 2 onwards holds tables; cutting the file in half loses pages the header still counts.
        let data = try Data(contentsOf: URL(fileURLWithPath: entry.path))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: entry.path))
        try resealManifest(of: entry.path)
        expectInvalid(entry.path, .integrity, in: folder)
    }

    @Test func aForeignDatabaseFailsTheStateCheck() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let entry = try populatedStore(folder).createBackup(stack: "test", folder: folder.path("b"), cairnVersion: "1")
        try FileManager.default.removeItem(atPath: entry.path)
        let queue = try DatabaseQueue(path: entry.path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
        try queue.close()
        try resealManifest(of: entry.path)
        expectInvalid(entry.path, .state, in: folder)
    }

    @Test func aMissingManifestOrFileFailsTheManifestCheck() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try populatedStore(folder)
        let noManifest = try store.createBackup(stack: "test", folder: folder.path("b"), cairnVersion: "1")
        try FileManager.default.removeItem(atPath: BackupNaming.manifestPath(forBackup: noManifest.path))
        expectInvalid(noManifest.path, .manifest, in: folder)
        let noFile = try store.createBackup(stack: "test", folder: folder.path("b"), cairnVersion: "1")
        try FileManager.default.removeItem(atPath: noFile.path)
        expectInvalid(BackupNaming.manifestPath(forBackup: noFile.path), .manifest, in: folder)
    }
}

@Suite struct BackupRestoreTests {
    @Test func restoreBringsBackTheBackupAsANewerVersionAndKeepsTheLock() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try populatedStore(folder)
        let backedUp = try store.snapshot()
        let entry = try store.createBackup(stack: "test", folder: folder.path("b"), cairnVersion: "1")
        // Later changes the restore must undo.
        let third = try store.beginVersion(command: "apply", user: "ana")
        try store.commit([.remove(address: "a"), .upsert(sampleRecord("c", content: "new")), .upsert(sampleRecord("d"))])
        try store.setOutputs(["greeting": "changed"])
        try store.finishVersion(serial: third, summary: ChangeSummary(), status: "complete")

        let lock = try store.acquireLock(operation: "restore")
        let verified = try BackupVerifier.verify(entry.path, scratchFolder: folder.path(""), key: { _ in testStateKey })
        let result = try store.restoreContents(from: verified.store, command: "restore x", user: "bo")

        #expect(
            result
                == RestoreResult(
                    previousSerial: 3, backupSerial: 2, serial: 4, lineage: backedUp.lineage,
                    summary: ChangeSummary(added: 1, changed: 1, destroyed: 1)))
        let now = try store.snapshot()
        #expect(now.resources == backedUp.resources)
        #expect(now.outputs == backedUp.outputs)
        #expect(now.serial == 4)
        #expect(try store.currentLock() == lock)
        let history = try store.history()
        #expect(history.map(\.serial) == [1, 2, 4])
        #expect(history.last?.command == "restore x")
        #expect(history.last?.user == "bo")
        #expect(try store.resources(atSerial: 4) == backedUp.resources)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func restoreTakesTheBackupsLineage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let source = try populatedStore(folder, name: "one.sqlite")
        let target = try SQLiteStateStore(path: folder.path("two.sqlite"), key: testStateKey)
        let entry = try source.createBackup(stack: "one", folder: folder.path("b"), cairnVersion: "1")
        let verified = try BackupVerifier.verify(entry.path, scratchFolder: folder.path(""), key: { _ in testStateKey })
        let result = try target.restoreContents(from: verified.store, command: "restore", user: "bo")
        #expect(result.lineage == (try source.snapshot().lineage))
        #expect(try target.snapshot().lineage == (try source.snapshot().lineage))
        #expect(try target.snapshot().resources == (try source.snapshot().resources))
        #expect(result.serial == 3)
    }

    @Test func aRestoreThatFailsPartWayChangesNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try populatedStore(folder)
        let entry = try store.createBackup(stack: "test", folder: folder.path("b"), cairnVersion: "1")
        let third = try store.beginVersion(command: "apply", user: "ana")
        try store.commit([.remove(address: "a")])
        try store.finishVersion(serial: third, summary: ChangeSummary(destroyed: 1), status: "complete")
        let before = try store.snapshot()
        let historyBefore = try store.history()

        let verified = try BackupVerifier.verify(entry.path, scratchFolder: folder.path(""), key: { _ in testStateKey })
        // `versions` sorts after meta, outputs and resources: they are replaced before the copy fails.
        try verified.store.dbQueue.write { db in try db.execute(sql: "DROP TABLE versions") }
        #expect(throws: StateError.self) {
            try store.restoreContents(from: verified.store, command: "restore", user: "bo")
        }
        #expect(try store.snapshot() == before)
        #expect(try store.history() == historyBefore)
    }
}
