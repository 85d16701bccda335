import CairnAddresses
import CairnState
import Foundation

extension StateConformance {
    static let lockChecks: [ConformanceCheck] = [
        ConformanceCheck("the lock refuses a second holder and names the one who holds it") { stores in
            let opened = try stores.new()
            let (first, second) = (opened.store, try opened.reopen())
            let start = Date()
            let lock = try first.acquireLock(operation: "apply")
            try expectEqual(lock.holder, LocalIdentity.userName(), "holder of the lock")
            try expectEqual(lock.host, LocalIdentity.hostName(), "host of the lock")
            try expectEqual(lock.pid, LocalIdentity.processID(), "pid of the lock")
            try expectEqual(lock.operation, "apply", "operation of the lock")
            try expect(UUID(uuidString: lock.id) != nil, "the lock ID is a UUID: \(lock.id)")
            try expect(abs(lock.since.timeIntervalSince(start)) < 60, "the lock is dated now, not \(lock.since)")
            try expectEqual(try second.currentLock(), lock, "the lock as another handle sees it")

            for handle in [first, second] {
                let refused = try expectThrows(StateLockedError.self, "taking a held lock") {
                    _ = try handle.acquireLock(operation: "destroy")
                }
                try expectEqual(refused.lock, lock, "the holder a refusal names")
                try expect(refused.description.contains("(lock ID \(lock.id))"), "the refusal gives the lock ID: \(refused)")
            }

            try second.releaseLock(id: "not-the-lock")
            try expectEqual(try first.currentLock(), lock, "the lock after releasing another ID")
            try first.releaseLock(id: lock.id)
            try expectEqual(try second.currentLock(), nil, "the lock after its release")

            let again = try second.acquireLock(operation: "destroy")
            try expect(again.id != lock.id, "a new lock gets a new ID")
            try expectEqual(try first.currentLock()?.operation, "destroy", "the new lock's operation")
        },

        ConformanceCheck("forceUnlock refuses an ID that is not the lock's") { stores in
            let opened = try stores.new()
            let store = opened.store
            let notLocked = try expectThrows(StateError.self, "breaking a lock when none is held") {
                try store.forceUnlock(id: "abc")
            }
            try expectEqual(notLocked.message, "no lock with ID abc (the state is not locked)", "the refusal")

            let lock = try store.acquireLock(operation: "apply")
            let wrong = try expectThrows(StateError.self, "breaking the lock with a wrong ID") {
                try opened.reopen().forceUnlock(id: "abc")
            }
            try expect(wrong.message.hasPrefix("no lock with ID abc (current lock is \(lock.id)"), "the refusal: \(wrong.message)")
            try expectEqual(try store.currentLock(), lock, "the lock after a refused break")

            try opened.reopen().forceUnlock(id: lock.id)
            try expectEqual(try store.currentLock(), nil, "the lock after it was broken")
        },
    ]
}
