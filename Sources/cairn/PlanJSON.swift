import CairnCore
import CairnProviderKit

/// The machine-readable plan (`plan --json`, `show PLANFILE --json`): no sensitive value, no
/// stack sources or variable values.
enum PlanJSON {
    /// The version of this document's layout (not of plan files, see `PlanFileFormat`).
    static let formatVersion = 1

    static func document(_ plan: Plan) -> Value {
        func attrs(_ a: [String: Value]?) -> Value { a.map { ValueFormatter.redacted(.map($0)) } ?? .null }
        let changes: [Value] = plan.changes.map { c in
            .map([
                "address": .string(c.address.description), "action": .string(c.action.rawValue), "type": .string(c.type.description),
                "provider": .string(c.providerKey), "changed": .list(c.changed.map { .string($0) }),
                "forced_by": .list(c.forcedBy.map { .string($0) }), "before": attrs(c.before), "after": attrs(c.after),
                "unknown_after_apply": .list((c.after ?? [:]).filter { $0.value.containsUnknown }.keys.sorted().map { .string($0) }),
                "reason": c.reason.map { .string($0) } ?? .null,
            ])
        }
        let drift: [Value] = plan.drift.map { d in
            .map([
                "address": .string(d.address.description), "type": .string(d.type.description), "deleted": .bool(d.deleted),
                "changed": .list(d.changed.map { .string($0) }),
            ])
        }
        var outputs: [String: Value] = [:]
        for (k, o) in plan.outputs {
            outputs[k] = .map([
                "before": o.before.map { o.sensitive ? .string("(sensitive)") : ValueFormatter.redacted($0) } ?? .null,
                "after": o.after.map { o.sensitive ? .string("(sensitive)") : ValueFormatter.redacted($0) } ?? .null,
                "sensitive": .bool(o.sensitive), "changed": .bool(o.changed),
            ])
        }
        let s = plan.summary
        return .map([
            "format_version": .number(Double(formatVersion)), "cairn_version": .string(plan.cairnVersion),
            "stack": .string(plan.stack), "lineage": .string(plan.lineage), "serial": .number(Double(plan.serial)),
            "destroy": .bool(plan.destroy), "changes": .list(changes), "drift": .list(drift), "outputs": .map(outputs),
            "summary": .map([
                "add": .number(Double(s.added)), "change": .number(Double(s.changed)), "destroy": .number(Double(s.destroyed)),
            ]),
            "has_changes": .bool(plan.hasChanges),
            "moved": .list(plan.moves.map { .map(["from": .string($0.from.description), "to": .string($0.to.description)]) }),
            "recovered": .list(
                plan.recovered.map { r in
                    .map(["address": .string(r.address.description), "action": .string(r.action), "outcome": .string(r.outcome.rawValue)])
                }),
        ])
    }
}
