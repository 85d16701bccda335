import CairnPluginHost
import CairnProviderKit
import Foundation
import Testing

extension PythonPlugins {
    /// Calls to a plugin suspend while the plugin works; they do not hold a thread each. Swift's shared
    /// pool has one thread per core, so a host that blocked a thread per call would run only that many
    /// at a time.
    @Suite struct ConcurrentCallsTests {
        /// A plugin that answers `plan` after a second, on a thread of its own per call, so calls overlap
        /// inside it; answers are written whole under a lock.
        static let slowPlanner = """
            import threading
            write_lock = threading.Lock()
            def send(obj):
                with write_lock:
                    sys.stdout.write(json.dumps(obj) + "\\n"); sys.stdout.flush()
            def on_plan(req):
                def later():
                    time.sleep(1)
                    name = req["params"]["proposed"]["name"]
                    reply(req, {"attributes": {"id": "planned-" + name}, "requires_replace": []})
                threading.Thread(target=later).start()
            """

        @Test func slowCallsOverlapInsteadOfQueueingForThreads() async throws {
            let scratch = try Scratch()
            let path = try scratch.pythonPlugin("slow", Self.slowPlanner)
            let provider = try await PluginExecutable.load(path: path, expectedName: "slow", options: fastOptions(timeout: 30))
                .makeProvider()
            try await provider.configure([:])
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let calls = max(16, 4 * cores)
            let start = ContinuousClock.now
            let planned = try await withThrowingTaskGroup(of: Value?.self) { group in
                for i in 0..<calls {
                    group.addTask {
                        try await provider.plan(PlanRequest(kind: "thing", prior: nil, proposed: ["name": .string("n\(i)"), "size": 1]))
                            .attributes["id"]
                    }
                }
                var ids: [Value?] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            let elapsed = ContinuousClock.now - start
            // Every answer came from the plugin (a failed plan would fall back to an unknown id).
            #expect(Set(planned) == Set((0..<calls).map { Value.string("planned-n\($0)") }))
            // Blocking a pool thread per call would take calls / cores seconds: 4 at the least.
            #expect(elapsed < .seconds(3), "\(calls) one-second calls took \(elapsed) with \(cores) cores")
        }
    }
}
