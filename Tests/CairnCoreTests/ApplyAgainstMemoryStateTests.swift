import CairnProviderKit
import CairnState
import Foundation
import Testing

@testable import CairnCore

/// The Planner, Applier and StepRunner against the in-memory store, with a scripted provider.
@Suite(.timeLimit(.minutes(2))) struct ApplyAgainstMemoryStateTests {
    typealias Thing = ScriptedStack.Thing

    /// What the provider's objects and the state's records must agree on after a run: one object
    /// per name, each recorded under its name with its id, nothing pending.
    private func expectConverged(_ store: InMemoryStateStore, _ provider: ScriptedProvider, names: Set<String>) throws {
        let objects = provider.objectsByName
        #expect(Set(objects.keys) == names, "objects that exist")
        for (name, made) in objects { #expect(made.count == 1, "\(name) exists \(made.count) times") }
        let snapshot = try store.snapshot()
        #expect(addressTexts(snapshot.resources.keys) == names, "recorded resources")
        for record in snapshot.resources.values {
            #expect(objects[record.attributes["name"]?.stringValue ?? ""]?.first?.id == record.id, "\(record.address) records its object")
        }
        #expect(snapshot.pending.isEmpty, "intents left: \(snapshot.pending.map(\.address))")
    }

    @Test func aFailureMidGraphSkipsItsDependentsAndKeepsEverythingElse() async throws {
        let provider = ScriptedProvider()
        provider.script("b", .init(failing: [.create]))
        let stack = try ScriptedStack(
            [Thing("a"), Thing("b", up: "a"), Thing("c", up: "b"), Thing("x"), Thing("y", up: "x")],
            provider: provider)
        let store = InMemoryStateStore()

        let result = try await stack.converge(store)
        #expect(!result.succeeded)
        #expect(result.added == 3)
        #expect(addressTexts(result.skipped) == ["c"])
        #expect(result.failures.count == 1)
        #expect(result.failures.first?.message.contains("scripted create failure of b") == true)
        #expect(!provider.calls.contains { $0.name == "c" }, "a skipped step never reaches the provider")
        try expectConverged(store, provider, names: ["a", "x", "y"])
        let version = try #require(try store.history().last)
        #expect(version.status == "failed")
        #expect(version.summary == ChangeSummary(added: 3))

        // Once the provider works again, the next run creates only what is missing.
        provider.script("b", .init())
        let second = try await stack.converge(store)
        #expect(second.succeeded && second.added == 2)
        try expectConverged(store, provider, names: ["a", "b", "c", "x", "y"])
        #expect(try store.history().map(\.status) == ["failed", "complete"])
    }

    @Test func aRunKilledAtAnyWriteIsFinishedByTheNextOne() async throws {
        let before = [Thing("a"), Thing("b", up: "a"), Thing("old")]
        let after = [Thing("a"), Thing("b", up: "a", size: 2), Thing("c", up: "b"), Thing("d"), Thing("e", up: "d")]
        var cut = 1
        while true {
            let provider = ScriptedProvider()
            let committed = InMemoryStateStore()
            #expect(try await ScriptedStack(before, provider: provider).converge(committed).succeeded)
            let stack = try ScriptedStack(after, provider: provider)

            let killed = KilledStore(committed, allowedWrites: cut)
            let plan = try await stack.plan(killed)
            _ = try? await stack.apply(plan, to: killed, parallelism: 2)
            if !killed.wasKilled { break } // every write before the end has been a cut point

            let left = Set(try committed.snapshot().pending.map(\.id))
            let next = try await stack.plan(committed)
            #expect(Set(next.recovered.map(\.intentID)) == left, "cut \(cut): the next plan resolves every intent left")
            #expect(try await stack.apply(next, to: committed).succeeded, "cut \(cut)")
            try expectConverged(committed, provider, names: ["a", "b", "c", "d", "e"])
            #expect(provider.objectsByName["b"]?.first?.attributes["size"] == 2, "cut \(cut): b was updated")
            #expect(!(try await stack.plan(committed).needsApply), "cut \(cut): nothing is left to do")
            cut += 1
            try #require(cut < 50, "the apply never finished")
        }
        #expect(cut > 3, "the apply wrote \(cut - 1) times")
    }

    @Test func neverMoreProviderCallsAtOnceThanTheParallelismAndAsManyAsTheGraphAllows() async throws {
        for parallelism in [1, 3, 5] {
            let provider = ScriptedProvider()
            let names = (0..<12).map { "t\($0)" }
            for name in names { provider.script(name, .init(delay: .milliseconds(100))) }
            let stack = try ScriptedStack(names.map { Thing($0) }, provider: provider)
            #expect(try await stack.converge(InMemoryStateStore(), parallelism: parallelism).succeeded)
            #expect(provider.mostAtOnce == parallelism, "12 independent creates with parallelism \(parallelism)")
        }

        let provider = ScriptedProvider()
        let chain = (0..<5).map { Thing("c\($0)", up: $0 == 0 ? nil : "c\($0 - 1)") }
        for t in chain { provider.script(t.name, .init(delay: .milliseconds(20))) }
        let stack = try ScriptedStack(chain, provider: provider)
        #expect(try await stack.converge(InMemoryStateStore(), parallelism: 4).succeeded)
        #expect(provider.mostAtOnce == 1, "a chain runs one step at a time")
        #expect(provider.calls.map(\.name) == chain.map(\.name), "a chain runs in its order")
    }

    @Test func everyProviderCallIsJournaledBeforeItIsSentAndClearedAfter() async throws {
        let store = InMemoryStateStore()
        let missing = Locked<[String]>([])
        let provider = ScriptedProvider { call, name in
            // The intent must already be committed when the provider is called.
            let pending = (try? store.snapshot().pending) ?? []
            let action: PendingOperation.Action = call == .create ? .create : call == .update ? .update : .delete
            if !pending.contains(where: { "\($0.address)" == name && $0.action == action }) {
                missing.withLock { $0.append("\(call.rawValue) \(name)") }
            }
        }
        #expect(try await ScriptedStack([Thing("a"), Thing("b"), Thing("gone")], provider: provider).converge(store).succeeded)
        let goneID = try #require(provider.objectsByName["gone"]?.first?.id)

        provider.script("c", .init(unknownOutcome: [.create]))
        let stack = try ScriptedStack([Thing("a", size: 3), Thing("b"), Thing("c")], provider: provider)
        let result = try await stack.converge(store)
        #expect(missing.withLock { $0 }.isEmpty, "calls sent without a recorded intent: \(missing.withLock { $0 })")
        #expect(
            provider.calls.filter { $0.call != .read }.map { "\($0.call.rawValue) \($0.name)" }.sorted()
                == ["create a", "create b", "create c", "create gone", "delete gone", "update a"])
        #expect(provider.objectsByName["gone"] == nil)

        // Every intent is cleared with its result, except the create whose outcome is unknown.
        #expect(!result.succeeded)
        let pending = try store.snapshot().pending
        #expect(pending.map { "\($0.address)" } == ["c"])
        #expect(pending.first?.action == .create)
        #expect(try store.resource(address: "gone", atSerial: 1)?.id == goneID, "history keeps what was deleted")
        #expect(!addressTexts(try store.snapshot().resources.keys).contains("gone"))

        // The next plan finds that c was made, adopts it, and clears the intent.
        provider.script("c", .init())
        let next = try await stack.plan(store)
        #expect(next.recovered.map(\.outcome) == [.adopted])
        #expect(!next.hasChanges)
        #expect(try await stack.apply(next, to: store).succeeded)
        try expectConverged(store, provider, names: ["a", "b", "c"])
    }
}
