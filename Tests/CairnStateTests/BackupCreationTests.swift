import CairnAddresses
import CairnDigest
import CairnProviderKit
import Foundation
import GRDB
import StateConformance
import Testing

@testable import CairnState

/// A store with two versions: a and b at serial 1, then b changed and c added at serial 2.
func populatedStore(_ folder: TemporaryFolder, name: String = "state/test.sqlite") throws -> SQLiteStateStore {
    let store = try SQLiteStateStore(path: folder.path(name), key: testStateKey)
    let first = try store.beginVersion(command: "apply", user: "ana")
    try store.commit([.upsert(sampleRecord("a")), .upsert(sampleRecord("b", content: "one"))])
    try store.setOutputs(["greeting": "hello"])
    try store.finishVersion(serial: first, summary: ChangeSummary(added: 2), status: "complete")
    let second = try store.beginVersion(command: "apply", user: "ana")
    try store.commit([.upsert(sampleRecord("b", content: "two")), .upsert(sampleRecord("c"))])
    try store.finishVersion(serial: second, summary: ChangeSummary(added: 1, changed: 1), status: "complete")
    return store
}

@Suite struct BackupCreationTests {
    @Test func writesAPrivateSelfContainedCopyWithAManifest() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try populatedStore(folder)
        let time = Date(timeIntervalSince1970: 1_700_000_000.25)
        let entry = try store.createBackup(stack: "test", folder: folder.path("state/backups"), cairnVersion: "9.9", now: time)

        #expect(entry.path == folder.path("state/backups/test-2-20231114T221320Z.sqlite"))
        #expect(try permissions(of: entry.path) == 0o600)
        #expect(try permissions(of: folder.path("state/backups/test-2-20231114T221320Z.json")) == 0o600)
        // One file: no WAL beside it that a copy could leave behind.
        #expect(!FileManager.default.fileExists(atPath: entry.path + "-wal"))
        let manifest = try BackupManifest.decode(
            try Data(contentsOf: URL(fileURLWithPath: folder.path("state/backups/test-2-20231114T221320Z.json"))))
        #expect(manifest == entry.manifest)
        #expect(manifest.stack == "test")
        #expect(manifest.serial == 2)
        #expect(manifest.lineage == (try store.snapshot().lineage))
        #expect(manifest.resourceCount == 3)
        #expect(manifest.cairnVersion == "9.9")
        #expect(manifest.time == time)
        #expect(manifest.sha256 == Digest.sha256Hex(try Data(contentsOf: URL(fileURLWithPath: entry.path))))
    }

    @Test func theCopyCarriesNoLockAndTheLiveLockStays() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try populatedStore(folder)
        let lock = try store.acquireLock(operation: "state rm")
        let entry = try store.createBackup(stack: "test", folder: folder.path("backups"), cairnVersion: "1")
        #expect(try store.currentLock() == lock)
        let scratch = try TemporaryFolder()
        defer { scratch.remove() }
        let verified = try BackupVerifier.verify(entry.path, scratchFolder: scratch.path(""), key: { _ in testStateKey })
        #expect(try verified.store.currentLock() == nil)
        #expect(verified.snapshot == (try store.snapshot()))
    }

    @Test func twoBackupsInOneSecondGetDistinctNames() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try populatedStore(folder)
        let now = Date()
        let first = try store.createBackup(stack: "test", folder: folder.path("b"), cairnVersion: "1", now: now)
        let second = try store.createBackup(stack: "test", folder: folder.path("b"), cairnVersion: "1", now: now)
        #expect(first.path != second.path)
        #expect(second.path.hasSuffix("-2.sqlite"))
        #expect(try BackupFolder(path: folder.path("b")).contents().backups.count == 2)
    }

    @Test func retentionKeepsTheNewestOfThatStackOnly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try populatedStore(folder)
        let other = try populatedStore(folder, name: "state/other.sqlite")
        let backups = BackupFolder(path: folder.path("b"))
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        var made: [String] = []
        for i in 0..<5 {
            made.append(
                try store.createBackup(
                    stack: "test", folder: backups.path, cairnVersion: "1",
                    now: start.addingTimeInterval(Double(i) * 60)
                ).path)
        }
        let foreign = try other.createBackup(stack: "other", folder: backups.path, cairnVersion: "1", now: start)
        let removed = try backups.prune(stack: "test", keep: 2)
        #expect(Set(removed) == Set(made.prefix(3)))
        let left = try backups.contents().backups
        #expect(left.map(\.path) == [made[4], made[3], foreign.path])
        for path in made.prefix(3) {
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(!FileManager.default.fileExists(atPath: BackupNaming.manifestPath(forBackup: path)))
        }
        #expect(try backups.newest(stack: "test")?.path == made[4])
        #expect(try backups.newest(stack: "other")?.path == foreign.path)
    }

    @Test func aBackupWithoutManifestIsAnOrphan() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try populatedStore(folder)
        let entry = try store.createBackup(stack: "test", folder: folder.path("b"), cairnVersion: "1")
        try FileManager.default.removeItem(atPath: BackupNaming.manifestPath(forBackup: entry.path))
        let contents = try BackupFolder(path: folder.path("b")).contents()
        #expect(contents.backups.isEmpty)
        #expect(contents.orphans == [entry.path])
    }

    @Test func resourcesAtSerialRebuildsEveryPastVersion() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try populatedStore(folder)
        let third = try store.beginVersion(command: "state rm a", user: "ana")
        try store.commit([.remove(address: "a")])
        try store.finishVersion(serial: third, summary: ChangeSummary(destroyed: 1), status: "complete")

        #expect(try store.resources(atSerial: 0).isEmpty)
        #expect(try store.resources(atSerial: 1) == ["a": sampleRecord("a"), "b": sampleRecord("b", content: "one")])
        #expect(
            try store.resources(atSerial: 2)
                == ["a": sampleRecord("a"), "b": sampleRecord("b", content: "two"), "c": sampleRecord("c")])
        #expect(try store.resources(atSerial: 3) == (try store.snapshot().resources))
        for serial in 1...3 {
            for address: ResourceInstanceAddress in ["a", "b", "c"] {
                #expect(try store.resources(atSerial: serial)[address] == (try store.resource(address: address, atSerial: serial)))
            }
        }
    }
}
