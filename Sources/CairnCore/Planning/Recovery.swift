import CairnAddresses
import CairnProviderKit
import CairnState

/// What the plan found about an operation a killed run left in flight, and what it does about it.
public struct RecoveredOperation: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        /// The create happened: the object is adopted into state.
        case adopted
        /// The create did not happen (or can't be found): it is planned again.
        case notCreated
        /// The delete happened: the object leaves state.
        case deleted
        /// The delete did not happen: the object stays in state.
        case stillExists
        /// An update: the object is read back and diffed like any other.
        case reread
    }

    public var intentID: String
    public var address: ResourceInstanceAddress
    public var action: String
    public var outcome: Outcome
    /// The record to write (adopted), or nil.
    public var record: ResourceRecord?

    public var summary: String {
        switch outcome {
        case .adopted: return "the interrupted create of \(address) happened; the object is adopted into state"
        case .notCreated: return "the interrupted create of \(address) did not happen; it is planned again"
        case .deleted: return "the interrupted delete of \(address) happened; it is removed from state"
        case .stillExists: return "the interrupted delete of \(address) did not happen; the object is still there"
        case .reread: return "the interrupted update of \(address) is resolved by reading the object back"
        }
    }
}

/// Resolves intents left by a run that was killed, by asking the providers what really exists.
struct Recovery {
    let providers: ProviderSet

    func resolve(_ pending: [PendingOperation], state: StateSnapshot) async throws -> [RecoveredOperation] {
        var out: [RecoveredOperation] = []
        var bag = DiagnosticBag()
        for op in pending {
            do {
                out.append(try await resolve(op, state: state))
            } catch let e as ProviderError {
                bag.append(
                    .error(
                        "cannot tell whether the interrupted \(op.action.rawValue) happened: \(e.message)",
                        address: op.address, hint: e.hint ?? "fix the provider's access and plan again"))
            } catch {
                bag.add(error)
            }
        }
        try bag.throwIfErrors()
        return out
    }

    private func resolve(_ op: PendingOperation, state: StateSnapshot) async throws -> RecoveredOperation {
        let kind = op.type.kind
        let provider = try await providers.provider(key: op.provider, providerName: op.type.provider)
        func result(_ outcome: RecoveredOperation.Outcome, _ record: ResourceRecord? = nil) -> RecoveredOperation {
            RecoveredOperation(intentID: op.id, address: op.address, action: op.action.rawValue, outcome: outcome, record: record)
        }
        switch op.action {
        case .create:
            guard let obj = try await provider.adopt(AdoptRequest(kind: kind, properties: op.inputs.deepUnmarked)).object else {
                return result(.notCreated)
            }
            let schema = provider.schema.resources[kind] ?? ResourceSchema(properties: [:])
            let record = ResourceRecord(
                address: op.address, type: op.type, provider: op.provider, id: obj.id, inputs: op.inputs,
                attributes: Differ.markSensitive(obj.attributes, schema: schema, proposed: op.inputs),
                dependencies: op.dependencies)
            return result(.adopted, record)
        case .delete:
            let attrs = state.resources[op.address]?.attributes ?? [:]
            let current = ResourceObject(id: op.priorID ?? "", attributes: attrs.deepUnmarked)
            return result(try await provider.read(ReadRequest(kind: kind, current: current)).object == nil ? .deleted : .stillExists)
        case .update:
            return result(.reread)
        }
    }

    /// The state as the plan should see it once the resolutions are applied.
    static func apply(_ recovered: [RecoveredOperation], to state: StateSnapshot) -> StateSnapshot {
        var s = state
        for r in recovered {
            switch r.outcome {
            case .adopted: if let rec = r.record { s.resources[r.address] = rec }
            case .deleted: s.resources[r.address] = nil
            default: break
            }
        }
        s.pending = []
        return s
    }
}
