import CairnAddresses
import CairnProviderKit
import CairnState
import Foundation

extension StateConformance {
    static let versionChecks: [ConformanceCheck] = [
        ConformanceCheck("a new state is empty, with a lineage of its own") { stores in
            let a = try stores.new().store
            let b = try stores.new().store
            let snapshot = try a.snapshot()
            try expectEqual(snapshot.serial, 0, "serial of a new state")
            try expect(!snapshot.lineage.isEmpty, "a new state has a lineage")
            try expect(
                snapshot.resources.isEmpty && snapshot.outputs.isEmpty && snapshot.pending.isEmpty,
                "a new state has no resources, outputs or intents")
            try expectEqual(try a.history(), [], "history of a new state")
            try expectEqual(try a.currentLock(), nil, "lock of a new state")
            try expect(try b.snapshot().lineage != snapshot.lineage, "two new states have different lineages")
        },

        ConformanceCheck("beginVersion bumps the serial; the lineage stays") { stores in
            let opened = try stores.new()
            let lineage = try opened.store.snapshot().lineage
            var serials: [Int] = []
            for command in ["apply", "destroy", "refresh"] {
                serials.append(try opened.store.beginVersion(command: command, user: "ana"))
            }
            try expectEqual(serials, [1, 2, 3], "serials returned by beginVersion")
            for handle in [opened.store, try opened.reopen()] {
                let snapshot = try handle.snapshot()
                try expectEqual(snapshot.serial, 3, "serial after three versions")
                try expectEqual(snapshot.lineage, lineage, "lineage after three versions")
            }
        },

        ConformanceCheck("finishVersion records the status and summary; history lists versions oldest first") { stores in
            let opened = try stores.new()
            let store = opened.store
            let start = Date()
            let first = try store.beginVersion(command: "apply", user: "ana")
            try expectEqual(try store.history().map(\.status), ["running"], "status of a version being written")
            try store.finishVersion(serial: first, summary: ChangeSummary(added: 3), status: "complete")
            let second = try store.beginVersion(command: "destroy", user: "bo")
            try store.finishVersion(serial: second, summary: ChangeSummary(changed: 1, destroyed: 2), status: "failed")
            _ = try store.beginVersion(command: "apply --target site", user: "ana")

            let history = try opened.reopen().history()
            try expectEqual(history.map(\.serial), [1, 2, 3], "serials in history")
            try expectEqual(history.map(\.command), ["apply", "destroy", "apply --target site"], "commands in history")
            try expectEqual(history.map(\.user), ["ana", "bo", "ana"], "users in history")
            try expectEqual(history.map(\.status), ["complete", "failed", "running"], "statuses in history")
            try expectEqual(
                history.map(\.summary),
                [ChangeSummary(added: 3), ChangeSummary(changed: 1, destroyed: 2), ChangeSummary()],
                "summaries in history")
            for entry in history {
                try expect(abs(entry.time.timeIntervalSince(start)) < 60, "version \(entry.serial) is dated now, not \(entry.time)")
            }
        },

        ConformanceCheck("finishing a version that does not exist writes nothing") { stores in
            let store = try stores.new().store
            let serial = try store.beginVersion(command: "apply", user: "ana")
            try store.finishVersion(
                serial: serial, summary: ChangeSummary(added: 2), status: "complete",
                outputs: ["url": "kept"])
            let error = try expectThrows(StateError.self, "finishing version 42") {
                try store.finishVersion(serial: 42, summary: ChangeSummary(), status: "complete", outputs: ["url": "changed"])
            }
            try expect(error.message.contains("no version 42"), "the error names the version: \(error.message)")
            try expectEqual(try store.snapshot().outputs, ["url": "kept"], "outputs after a refused finish")
            try expectEqual(try store.history().map(\.status), ["complete"], "history after a refused finish")
        },

        ConformanceCheck("a version left running is marked interrupted when the next one begins") { stores in
            let store = try stores.new().store
            _ = try store.beginVersion(command: "apply", user: "ana") // the run is killed here
            _ = try store.beginVersion(command: "apply", user: "ana")
            try expectEqual(try store.history().map(\.status), ["interrupted", "running"], "statuses after a killed run")
        },

        ConformanceCheck("a failed version keeps what it committed") { stores in
            let opened = try stores.new()
            let store = opened.store
            let a = Samples.record("a")
            let b = Samples.record("b")
            let first = try store.beginVersion(command: "apply", user: "ana")
            try store.commit([.upsert(a)])
            try store.finishVersion(serial: first, summary: ChangeSummary(added: 1), status: "failed")
            let second = try store.beginVersion(command: "apply", user: "ana")
            try store.commit([.upsert(b)])
            try store.finishVersion(serial: second, summary: ChangeSummary(added: 1), status: "complete")
            try expectEqual(try opened.reopen().snapshot().resources, ["a": a, "b": b], "resources after a failed then a complete version")
            try expectEqual(try store.history().map(\.status), ["failed", "complete"], "statuses")
            try expectEqual(try store.resources(atSerial: first), ["a": a], "resources as the failed version left them")
        },
    ]
}
