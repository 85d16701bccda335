import CairnAddresses
import CairnProviderKit
import CairnState

extension StateConformance {
    static let outputChecks: [ConformanceCheck] = [
        ConformanceCheck("outputs are replaced whole and keep every kind of value") { stores in
            let opened = try stores.new()
            let store = opened.store
            try store.setOutputs(["stale": "gone soon"])
            try store.setOutputs(Samples.outputs)
            try expectEqual(try opened.reopen().snapshot().outputs, Samples.outputs, "outputs read back")
            try store.setOutputs([:])
            try expectEqual(try store.snapshot().outputs, [:], "outputs after setting none")
        },

        ConformanceCheck("finishVersion replaces the outputs only when given them") { stores in
            let opened = try stores.new()
            let store = opened.store
            let first = try store.beginVersion(command: "apply", user: "ana")
            try store.finishVersion(serial: first, summary: ChangeSummary(added: 1), status: "complete", outputs: Samples.outputs)
            try expectEqual(try opened.reopen().snapshot().outputs, Samples.outputs, "outputs written with the version")
            let second = try store.beginVersion(command: "apply --target a", user: "ana")
            try store.finishVersion(serial: second, summary: ChangeSummary(), status: "complete")
            try expectEqual(try store.snapshot().outputs, Samples.outputs, "outputs after a version finished without them")
            try expectEqual(try store.history().map(\.status), ["complete", "complete"], "statuses")
        },
    ]
}
