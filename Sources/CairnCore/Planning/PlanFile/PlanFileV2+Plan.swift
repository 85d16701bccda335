import CairnAddresses
import CairnProviderKit
import CairnState
import Foundation

/// The one place where the in-memory plan and format 2 meet. Every value passes through `seal`
/// on the way out and `open` on the way in; every address is printed and parsed here.
extension PlanFileV2 {
    init(_ plan: Plan, seal: (Value) throws -> Value) throws {
        func values(_ m: [String: Value]) throws -> [String: Value] {
            m.values.contains(where: \.containsSensitive) ? try m.mapValues(seal) : m
        }
        func record(_ r: ResourceRecord) throws -> Record {
            Record(
                address: r.address.description, type: r.type.description, provider: r.provider, id: r.id,
                inputs: try values(r.inputs), attributes: try values(r.attributes),
                dependencies: r.dependencies.map(\.description), status: r.status.rawValue)
        }
        self.init(
            formatVersion: PlanFileFormat.current,
            cairnVersion: plan.cairnVersion,
            createdAt: plan.createdAt.formatted(.iso8601),
            stack: plan.stack,
            directory: plan.directory,
            sources: plan.sources,
            variables: try values(plan.variables),
            state: StateVersion(lineage: plan.lineage, serial: plan.serial),
            destroy: plan.destroy,
            targets: plan.targets.map(\.description),
            changes: try plan.changes.map { c in
                Change(
                    action: c.action.rawValue, address: c.address.description, type: c.type.description, provider: c.providerKey,
                    priorID: c.priorID, before: try c.before.map(values), after: try c.after.map(values),
                    inputs: try c.inputs.map(values), changed: c.changed, forcedBy: c.forcedBy,
                    dependencies: c.dependencies.map(\.description),
                    createBeforeDestroy: c.createBeforeDestroy, reason: c.reason)
            },
            drift: try plan.drift.map { d in
                DriftEntry(
                    address: d.address.description, type: d.type.description, changed: d.changed, deleted: d.deleted,
                    before: try values(d.before), after: try d.after.map(values))
            },
            outputs: try plan.outputs.mapValues { o in
                Output(before: try o.before.map(seal), after: try o.after.map(seal), sensitive: o.sensitive)
            },
            data: Dictionary(uniqueKeysWithValues: try plan.data.map { ($0.key.description, try values($0.value)) }),
            refreshed: try plan.refreshed.map(record),
            recovered: try plan.recovered.map { r in
                Recovered(
                    intentID: r.intentID, address: r.address.description, action: r.action, outcome: r.outcome.rawValue,
                    record: try r.record.map(record))
            },
            moves: plan.moves.map { Move(from: $0.from.description, to: $0.to.description) },
            forgotten: plan.forgotten.map(\.description))
    }

    /// The plan the file describes. Throws `PlanFileFormat.Damage` when a field holds something
    /// this format never writes.
    /// `open` is nil when the file holds nothing sealed.
    func plan(open: ((Value) throws -> Value)?) throws -> Plan {
        func values(_ m: [String: Value]) throws -> [String: Value] {
            guard let open else { return m }
            return try m.mapValues(open)
        }
        func value(_ v: Value) throws -> Value { try open?(v) ?? v }
        func record(_ r: Record) throws -> ResourceRecord {
            ResourceRecord(
                address: try Self.instance(r.address), type: try Self.type(r.type), provider: r.provider, id: r.id,
                inputs: try values(r.inputs), attributes: try values(r.attributes),
                dependencies: try r.dependencies.map(Self.resource),
                status: try Self.known(ResourceStatus(rawValue: r.status), r.status, "resource status"))
        }
        guard let created = try? Date(createdAt, strategy: .iso8601) else {
            throw PlanFileFormat.Damage("created_at \"\(createdAt)\" is not a date")
        }
        var plan = Plan(
            cairnVersion: cairnVersion, createdAt: created, stack: stack, directory: directory, sources: sources,
            variables: try values(variables), lineage: state.lineage, serial: state.serial, destroy: destroy,
            targets: try targets.map(Self.target),
            changes: try changes.map { c in
                PlannedChange(
                    action: try Self.known(PlannedChange.Action(rawValue: c.action), c.action, "change action"),
                    address: try Self.instance(c.address), type: try Self.type(c.type),
                    providerKey: c.provider, priorID: c.priorID, before: try c.before.map(values), after: try c.after.map(values),
                    inputs: try c.inputs.map(values), changed: c.changed, forcedBy: c.forcedBy,
                    dependencies: try c.dependencies.map(Self.resource),
                    createBeforeDestroy: c.createBeforeDestroy, reason: c.reason)
            },
            drift: try drift.map { d in
                Drift(
                    address: try Self.instance(d.address), type: try Self.type(d.type), changed: d.changed, deleted: d.deleted,
                    before: try values(d.before), after: try d.after.map(values))
            },
            outputs: try outputs.mapValues { o in
                OutputChange(before: try o.before.map(value), after: try o.after.map(value), sensitive: o.sensitive)
            },
            data: Dictionary(try data.map { (try Self.instance($0.key), try values($0.value)) }, uniquingKeysWith: { a, _ in a }),
            refreshed: try refreshed.map(record))
        plan.recovered = try recovered.map { r in
            RecoveredOperation(
                intentID: r.intentID, address: try Self.instance(r.address), action: r.action,
                outcome: try Self.known(RecoveredOperation.Outcome(rawValue: r.outcome), r.outcome, "recovery outcome"),
                record: try r.record.map(record))
        }
        plan.moves = try moves.map { PlannedMove(from: try Self.instance($0.from), to: try Self.instance($0.to)) }
        plan.forgotten = try forgotten.map(Self.instance)
        return plan
    }

    // Addresses and types are text in the file; these are the only places they are parsed.
    private static func instance(_ text: String) throws -> ResourceInstanceAddress {
        do { return try ResourceInstanceAddress.parse(text) } catch { throw PlanFileFormat.Damage(error.description) }
    }

    private static func resource(_ text: String) throws -> ResourceAddress {
        do { return try ResourceAddress.parse(text) } catch { throw PlanFileFormat.Damage(error.description) }
    }

    private static func target(_ text: String) throws -> AddressTarget {
        do { return try AddressTarget.parse(text) } catch { throw PlanFileFormat.Damage(error.description) }
    }

    private static func type(_ text: String) throws -> ResourceType {
        do { return try ResourceType.parse(text) } catch { throw PlanFileFormat.Damage(error.description) }
    }

    private static func known<T>(_ value: T?, _ text: String, _ what: String) throws -> T {
        guard let value else { throw PlanFileFormat.Damage("\"\(text)\" is not a \(what)") }
        return value
    }

}
