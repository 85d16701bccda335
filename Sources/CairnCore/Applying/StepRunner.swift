import CairnAddresses
import CairnProviderKit
import CairnState
import Foundation

/// Executes one step: the provider call, then the state commit, then the progress event.
final class StepRunner: Sendable {
    let config: StackConfig
    let plan: Plan
    let providers: ProviderSet
    let table: ValueTable
    let scope: EvaluationScope
    let serial: Int
    let events: @Sendable (ApplyEvent) -> Void
    private let failed = Locked<[Diagnostic]>([])
    private let committer: GroupCommitter

    init(
        config: StackConfig, plan: Plan, store: any StateWriter, providers: ProviderSet, table: ValueTable,
        scope: EvaluationScope, serial: Int, events: @escaping @Sendable (ApplyEvent) -> Void
    ) {
        self.serial = serial
        self.committer = GroupCommitter(store: store)
        self.config = config
        self.plan = plan
        self.providers = providers
        self.table = table
        self.scope = scope
        self.events = events
    }

    func failures() async -> [Diagnostic] { failed.value }

    static func actionName(_ step: StepGraph.Step, _ action: PlannedChange.Action) -> String {
        switch (action, step.part) {
        case (.replace, .destroy): return "destroy"
        case (.replace, _): return "create"
        default: return action == .delete ? "destroy" : action.rawValue
        }
    }

    /// What a step needs once it has a slot: its provider, its inputs and its durable intent — or
    /// the error that will fail it when it runs.
    struct Prepared: Sendable {
        struct Work: Sendable {
            var provider: any Provider
            var kind: String
            var schema: ResourceSchema
            var inputs: [String: Value]
            var intent: String
        }
        var work: Result<Work, any Error>
    }

    /// Resolves the step's inputs and journals its intent. Runs once the step's dependencies are
    /// done but possibly before it gets a slot, so a freed slot starts the provider call at once.
    func prepare(_ step: StepGraph.Step) async -> Prepared {
        let change = plan.changes[step.change]
        do {
            let kind = change.type.kind
            let provider = try await providers.provider(key: change.providerKey, providerName: change.type.provider)
            let schema = provider.schema.resources[kind] ?? ResourceSchema(properties: [:])
            let inputs: [String: Value]
            let action: PendingOperation.Action
            switch step.part {
            case .destroy: (inputs, action) = (change.before ?? [:], .delete)
            case .create: (inputs, action) = (try resolvedInputs(change, schema: schema), .create)
            case .update: (inputs, action) = (try resolvedInputs(change, schema: schema), .update)
            }
            let intent = try await recordIntent(action, change, inputs: inputs)
            return Prepared(work: .success(.init(provider: provider, kind: kind, schema: schema, inputs: inputs, intent: intent)))
        } catch {
            return Prepared(work: .failure(error))
        }
    }

    /// A prepared step that will not start (the apply is stopping): its intent is cleared, since
    /// nothing was sent. Should that fail, the next plan resolves the intent like a killed run's.
    func abandon(_ prepared: Prepared) async {
        guard case .success(let work) = prepared.work else { return }
        try? await committer.submit(.commit([], resolving: [work.intent]))
    }

    /// Runs the prepared step; false when it failed (its dependents are then skipped). `releaseSlot`
    /// is called once the provider call has returned: committing its result is no provider work, so
    /// the next step may start meanwhile; dependents still wait until this returns.
    func run(_ step: StepGraph.Step, _ prepared: Prepared, releaseSlot: @escaping @Sendable () -> Void = {}) async -> Bool {
        let change = plan.changes[step.change]
        let action = Self.actionName(step, change.action)
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        EngineLog.logger.debug("step started", metadata: ["address": "\(change.address)", "action": "\(action)"])
        events(.started(address: change.address, action: action))
        do {
            let id = try await execute(step, change, prepared.work.get(), releaseSlot: releaseSlot)
            EngineLog.logger.debug(
                "step committed",
                metadata: [
                    "address": "\(change.address)", "action": "\(action)",
                    "seconds": "\(elapsed())",
                ])
            events(.finished(address: change.address, action: action, elapsed: elapsed(), id: id))
            return true
        } catch {
            let d = Self.diagnostic(error, change: change, action: action)
            failed.withLock { $0.append(d) }
            EngineLog.logger.info(
                "step failed", metadata: ["address": "\(change.address)", "action": "\(action)", "error": "\(d.message)"])
            events(
                .failed(
                    address: change.address, action: action, elapsed: elapsed(),
                    message: error is StateError ? d.message : Self.reason(error, action: action)))
            return false
        }
    }

    private func execute(
        _ step: StepGraph.Step, _ change: PlannedChange, _ work: Prepared.Work,
        releaseSlot: @escaping @Sendable () -> Void
    ) async throws -> String? {
        let (provider, kind, schema, inputs, intent) = (work.provider, work.kind, work.schema, work.inputs, work.intent)
        switch step.part {
        case .destroy:
            let current = ResourceObject(id: change.priorID ?? "", attributes: (change.before ?? [:]).deepUnmarked)
            try await guarded(intent, releaseSlot) { _ = try await provider.delete(DeleteRequest(kind: kind, current: current)) }
            // With create_before_destroy the address already holds the new object.
            let keep = change.action == .replace && change.createBeforeDestroy
            try await committer.submit(.commit(keep ? [] : [.remove(address: change.address)], resolving: [intent]))
            return change.priorID
        case .create, .update:
            let properties = inputs.deepUnmarked
            let object: ResourceObject
            if step.part == .create {
                object = try await guarded(intent, releaseSlot) {
                    try await provider.create(CreateRequest(kind: kind, properties: properties)).object
                }
            } else {
                let prior = ResourceObject(id: change.priorID ?? "", attributes: (change.before ?? [:]).deepUnmarked)
                object = try await guarded(intent, releaseSlot) {
                    try await provider.update(UpdateRequest(kind: kind, prior: prior, properties: properties)).object
                }
            }
            let attrs = Differ.markSensitive(object.attributes, schema: schema, proposed: inputs)
            let record = ResourceRecord(
                address: change.address, type: change.type, provider: change.providerKey, id: object.id,
                inputs: inputs, attributes: attrs, dependencies: change.dependencies)
            try await committer.submit(.commit([.upsert(record)], resolving: [intent]))
            var value = attrs
            value["id"] = .string(object.id)
            table.set(change.address.resource.localName, change.address.key, .map(value))
            return object.id
        }
    }

    /// Records what is about to be sent, committed before the provider sees it.
    private func recordIntent(_ action: PendingOperation.Action, _ change: PlannedChange, inputs: [String: Value]) async throws -> String {
        let op = PendingOperation(
            serial: serial, address: change.address, action: action, type: change.type,
            provider: change.providerKey, priorID: change.priorID, inputs: inputs,
            dependencies: change.dependencies)
        try await committer.submit(.intent(op))
        return op.id
    }

    /// Runs a provider call, then frees the step's slot; when the provider reports failure, nothing
    /// happened, so the intent is cleared. (A kill leaves it for the next plan to resolve.)
    private func guarded<T>(
        _ intent: String, _ releaseSlot: @Sendable () -> Void,
        _ call: () async throws -> T
    ) async throws -> T {
        do {
            let result = try await call()
            releaseSlot()
            return result
        } catch let e as ProviderError where e.outcomeUnknown {
            releaseSlot()
            throw e // the intent stays: the next plan finds out what really happened
        } catch {
            releaseSlot()
            try? await committer.submit(.commit([], resolving: [intent]))
            throw error
        }
    }

    /// The planned inputs; any value that was unknown at plan time is evaluated now that the
    /// steps it depends on have finished.
    private func resolvedInputs(_ change: PlannedChange, schema: ResourceSchema) throws -> [String: Value] {
        let planned = change.inputs ?? [:]
        guard planned.values.contains(where: \.containsUnknown) else { return planned }
        guard let decl = config.resource(at: change.address.resource) else { return planned }
        var s = scope
        switch change.address.key {
        case .index(let i): s.countIndex = i
        case .key(let k):
            let forEach = try decl.forEach.map { try $0.evaluate(in: scope) }
            s.each = (k, forEach?.mapValue?[k] ?? .string(k))
        case .none: break
        }
        var now = try PropertyEvaluator.evaluate(decl, scope: s, schema: schema, facts: Differ.Facts(schema), address: change.address)
        // What the plan already knew is applied exactly as planned; only unknown values come from now.
        for (k, v) in planned where !v.containsUnknown { now[k] = v }
        if let unknown = now.first(where: { $0.value.containsUnknown }) {
            throw Diagnostic.error(
                "property \"\(unknown.key)\" is still unknown when applying", address: change.address,
                hint: "a value it depends on was not produced; check the steps before it")
        }
        return now
    }

    /// The error's own words, without the "create failed:" that the progress line and the
    /// diagnostic put before them (nor one the error itself already starts with).
    static func reason(_ error: any Error, action: String) -> String {
        var text: String
        switch error {
        case let e as ProviderError: text = e.message
        case let d as Diagnostic: text = d.message
        case let e as StateError: text = e.message
        default: text = "\(error)"
        }
        let prefix = "\(action) failed: "
        while text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        return text
    }

    static func diagnostic(_ error: any Error, change: PlannedChange, action: String) -> Diagnostic {
        switch error {
        case let e as ProviderError:
            return .error("\(action) failed: \(reason(e, action: action))", address: change.address, hint: e.hint)
        case let d as Diagnostic:
            var d = d
            d.address = d.address ?? change.address
            return d
        case let e as StateError:
            return .error("\(action) succeeded but recording it in state failed: \(e.message)", address: change.address, hint: e.hint)
        default:
            return .error("\(action) failed: \(reason(error, action: action))", address: change.address)
        }
    }
}
