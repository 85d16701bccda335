import CairnAddresses
import CairnProviderKit
import CairnState
import Dispatch
import Foundation

extension StateConformance {
    static let writeChecks: [ConformanceCheck] = [
        ConformanceCheck("a commit is visible as soon as it returns, to every handle") { stores in
            let opened = try stores.new()
            let store = opened.store
            let a = Samples.record("a", dependencies: ["b"])
            let b = Samples.record(#"b["eu \"west\""]"#, id: "")
            var tainted = Samples.record("c", id: "c-1")
            tainted.status = .tainted
            _ = try store.beginVersion(command: "apply", user: "ana")
            try store.commit([.upsert(a), .upsert(b), .upsert(tainted)])
            for handle in [store, try opened.reopen()] {
                try expectEqual(try handle.snapshot().resources, ["a": a, b.address: b, "c": tainted], "resources after a commit")
            }
            try expectEqual(try store.snapshot().resources["c"]?.status, .tainted, "status of a tainted record")

            let replacement = ResourceRecord(
                address: "a", type: "local.file", provider: "local.alt", id: "id-2",
                inputs: [:], attributes: ["only": true], dependencies: ["z"])
            try store.commit([.upsert(replacement), .remove(address: "c"), .remove(address: "never-existed")])
            for handle in [store, try opened.reopen()] {
                try expectEqual(
                    try handle.snapshot().resources, ["a": replacement, b.address: b],
                    "resources after an upsert replaced a record whole and a remove")
            }
            try store.commit([])
            try expectEqual(try store.snapshot().resources.count, 2, "an empty commit changes nothing")
        },

        ConformanceCheck("an intent is recorded, then resolved in the same transaction as its commit") { stores in
            let opened = try stores.new()
            let store = opened.store
            let serial = try store.beginVersion(command: "apply", user: "ana")
            let create = Samples.intent("a", id: "intent-a", serial: serial)
            let delete = Samples.intent("b", id: "intent-b", serial: serial, action: .delete, startedAtMillisecond: 1_700_000_000_100)
            try store.recordIntent(create)
            try store.recordIntent(delete)
            for handle in [store, try opened.reopen()] {
                try expectEqual(try handle.snapshot().pending, [delete, create], "pending intents, oldest first")
            }

            let a = Samples.record("a")
            try store.commit([.upsert(a)], resolving: [create.id])
            let after = try opened.reopen().snapshot()
            try expectEqual(after.pending, [delete], "pending intents after the create's commit")
            try expectEqual(after.resources, ["a": a], "resources after the create's commit")
            try store.commit([], resolving: [delete.id])
            try expectEqual(try store.snapshot().pending, [], "pending intents once all are resolved")
        },

        ConformanceCheck("a batch is one transaction: when one write is refused, none lands") { stores in
            let store = try stores.new().store
            let serial = try store.beginVersion(command: "apply", user: "ana")
            let first = Samples.intent("a", id: "intent-a", serial: serial)
            let second = Samples.intent("b", id: "intent-b", serial: serial)
            try store.write([.intent(first), .intent(second)])

            // The commit would resolve `first`, but the batch also records `second` again.
            try expectThrows(StateError.self, "a batch recording an intent ID already pending") {
                try store.write([.commit([.upsert(Samples.record("a"))], resolving: [first.id]), .intent(second)])
            }
            var snapshot = try store.snapshot()
            try expectEqual(snapshot.resources, [:], "resources after a refused batch")
            try expectEqual(snapshot.pending.map(\.id), ["intent-a", "intent-b"], "intents after a refused batch")

            try expectThrows(StateError.self, "one batch recording the same intent twice") {
                try store.write([
                    .intent(Samples.intent("c", id: "twice", serial: serial)),
                    .intent(Samples.intent("c", id: "twice", serial: serial)),
                ])
            }
            snapshot = try store.snapshot()
            try expectEqual(snapshot.pending.map(\.id), ["intent-a", "intent-b"], "intents after a second refused batch")

            // An intent resolved earlier in a batch may be recorded again later in it.
            let again = Samples.intent("a", id: "intent-a", serial: serial, action: .update)
            try store.write([.commit([], resolving: [first.id]), .intent(again)])
            try expectEqual(
                try store.snapshot().pending.first(where: { $0.id == "intent-a" })?.action, .update,
                "an intent recorded again after it was resolved in the same batch")
        },

        ConformanceCheck("batched intents and commits land as if written one by one") { stores in
            let opened = try stores.new()
            let store = opened.store
            let serial = try store.beginVersion(command: "apply", user: "ana")
            let intents = (0..<3).map { Samples.intent("r[\($0)]", id: "i\($0)", serial: serial) }
            let records = (0..<3).map { Samples.record("r[\($0)]", id: "id-\($0)") }
            try store.write(intents.map(StateWrite.intent))
            try expectEqual(try store.snapshot().pending.count, 3, "intents recorded in one batch")
            try store.write(
                zip(intents, records).map { .commit([.upsert($1)], resolving: [$0.id]) }
                    + [.intent(Samples.intent("r[9]", id: "i9", serial: serial))])
            let snapshot = try opened.reopen().snapshot()
            try expectEqual(snapshot.pending.map(\.id), ["i9"], "intents after a batch of commits")
            try expectEqual(snapshot.resources.count, 3, "records after a batch of commits")
            for record in records {
                try expectEqual(
                    try store.resource(address: record.address, atSerial: serial), record,
                    "history of \(record.address) written in a batch")
            }
            try store.write([])
            try expectEqual(try store.snapshot(), snapshot, "state after an empty batch")
        },

        ConformanceCheck("writes from many threads at once all land") { stores in
            let store = try stores.new().store
            let serial = try store.beginVersion(command: "apply", user: "ana")
            let failures = FailureList()
            DispatchQueue.concurrentPerform(iterations: 16) { worker in
                do {
                    for i in 0..<20 {
                        let intent = Samples.intent("w\(worker)[\(i)]", id: "w\(worker)-\(i)", serial: serial)
                        try store.recordIntent(intent)
                        try store.commit([.upsert(Samples.record("w\(worker)[\(i)]"))], resolving: [intent.id])
                    }
                } catch {
                    failures.append("\(error)")
                }
            }
            try expectEqual(failures.all, [], "errors from concurrent writers")
            let snapshot = try store.snapshot()
            try expectEqual(snapshot.resources.count, 16 * 20, "records written concurrently")
            try expectEqual(snapshot.pending, [], "intents left by concurrent writers")
        },
    ]
}

/// Errors collected from concurrent workers.
final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func append(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
