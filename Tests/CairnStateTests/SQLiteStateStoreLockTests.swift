import CairnProviderKit
import Dispatch
import Foundation
import GRDB
import Testing

@testable import CairnState

@Suite struct SQLiteStateStoreLockTests {
    @Test func secondStoreOnTheSameFileSeesTheLock() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("cairn.db")
        let first = try SQLiteStateStore(path: path, key: testStateKey)
        let second = try SQLiteStateStore(path: path, key: testStateKey)
        #expect(try first.currentLock() == nil)

        let lock = try first.acquireLock(operation: "apply")
        #expect(lock.holder == LocalIdentity.userName())
        #expect(lock.host == LocalIdentity.hostName())
        #expect(lock.pid == getpid())
        #expect(lock.operation == "apply")
        #expect(UUID(uuidString: lock.id) != nil)
        #expect(try second.currentLock() == lock)

        let refused = try #require(throws: StateLockedError.self) { try second.acquireLock(operation: "destroy") }
        #expect(refused.lock == lock)
        #expect(refused.lock.holder == LocalIdentity.userName())
        #expect(refused.lock.host == LocalIdentity.hostName())
        #expect(refused.lock.pid == getpid())
        #expect(refused.description.contains("(lock ID \(lock.id))"))

        try second.releaseLock(id: "not-the-lock")
        #expect(try first.currentLock() == lock)
        try first.releaseLock(id: lock.id)
        #expect(try second.currentLock() == nil)

        let again = try second.acquireLock(operation: "destroy")
        #expect(again.id != lock.id)
        #expect(try first.currentLock()?.operation == "destroy")
    }

    @Test func forceUnlockNeedsTheRightID() throws {
        try withStore { store, _ in
            let notLocked = try #require(throws: StateError.self) { try store.forceUnlock(id: "abc") }
            #expect(notLocked.message == "no lock with ID abc (the state is not locked)")

            let lock = try store.acquireLock(operation: "apply")
            let wrong = try #require(throws: StateError.self) { try store.forceUnlock(id: "abc") }
            #expect(wrong.message.hasPrefix("no lock with ID abc (current lock is \(lock.id)"))
            #expect(try store.currentLock() == lock)

            try store.forceUnlock(id: lock.id)
            #expect(try store.currentLock() == nil)
        }
    }

    @Test func concurrentWritersFromManyThreadsAllLand() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("cairn.db")
        // Two stores mean two SQLite connections, which contend like two processes would.
        let stores = [try SQLiteStateStore(path: path, key: testStateKey), try SQLiteStateStore(path: path, key: testStateKey)]
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 16) { worker in
            do {
                let store = stores[worker % 2]
                let serial = try store.beginVersion(command: "apply \(worker)", user: "worker")
                try store.commit((0..<50).map { .upsert(sampleRecord("w\(worker)[\($0)]")) })
                try store.finishVersion(serial: serial, summary: ChangeSummary(added: 50), status: "complete")
            } catch {
                failures.append("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let snapshot = try stores[0].snapshot()
        #expect(snapshot.serial == 16)
        #expect(snapshot.resources.count == 16 * 50)
        let history = try stores[1].history()
        #expect(history.map(\.serial) == Array(1...16))
        #expect(history.allSatisfy { $0.status == "complete" && $0.summary.added == 50 })
    }

    @Test func aWriterWaitsForAnotherConnectionsShortTransaction() throws {
        try withStore { store, _ in
            let other = try DatabaseQueue(path: store.path)
            let holding = DispatchSemaphore(value: 0)
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                try? other.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    holding.signal()
                    Thread.sleep(forTimeInterval: 0.5)
                    try db.execute(sql: "COMMIT")
                }
                done.signal()
            }
            holding.wait()
            let serial = try store.beginVersion(command: "apply", user: "ana")
            done.wait()
            #expect(serial == 1)
        }
    }
}

/// Errors collected from concurrent workers.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func append(_ message: String) {
        lock.withLock { messages.append(message) }
    }

    var all: [String] {
        lock.withLock { messages }
    }
}
