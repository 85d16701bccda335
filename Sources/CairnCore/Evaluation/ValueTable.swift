import CairnAddresses
import CairnProviderKit
import Foundation

/// The values of a resource's or data source's instances, as references see them.
struct InstanceValues: Sendable {
    enum Mode: Sendable {
        case single
        case count(Int)
        case forEach([String])
    }
    var mode: Mode
    /// The instance keyed `.none` (a block without count or for_each) is kept apart from the
    /// others: the usual block then needs no dictionary to make, hash into or free.
    private var unkeyed: Value?
    private var keyed: [InstanceKey: Value] = [:]
    /// The value a reference to the whole resource gets; rebuilt after any instance changes.
    var cached: Value?

    init(mode: Mode) { self.mode = mode }

    subscript(key: InstanceKey) -> Value? {
        get { key == .none ? unkeyed : keyed[key] }
        set {
            if key == .none { unkeyed = newValue } else { keyed[key] = newValue }
        }
    }

    func build() -> Value {
        switch mode {
        case .single: return self[.none] ?? .unknown
        case .count(let n): return .list((0..<n).map { self[.index($0)] ?? .unknown })
        case .forEach(let keys):
            var m: [String: Value] = [:]
            for k in keys { m[k] = self[.key(k)] ?? .unknown }
            return .map(m)
        }
    }

    /// The whole-resource value, built once and cached until an instance changes.
    mutating func whole() -> Value {
        if let c = cached { return c }
        let v = build()
        cached = v
        return v
    }
}

/// Everything references can resolve to while a plan or apply runs. Shared by concurrent steps
/// and by the workers of a parallel plan walk, so access is locked: each resource, data source
/// and local the configuration declares has its own lock, made when the table is, so workers on
/// different parts of the graph never wait for each other (one lock for the whole table was
/// contended on every reference). Names not known up front share one locked dictionary.
final class ValueTable: Sendable {
    let variables: [String: Value]
    /// Name → slot, built once in `init` and never changed: read without a lock.
    private let resourceIndex: [String: Int]
    private let resourceSlots: LockedSlots<InstanceValues?>
    private let localIndex: [String: Int]
    private let localSlots: LockedSlots<Value?>
    private let others = Locked<(locals: [String: Value], resources: [String: InstanceValues])>(([:], [:]))

    /// `config` names the resources (`NAME`), data sources (`data.NAME`) and locals that get a
    /// slot of their own.
    init(variables: [String: Value], config: StackConfig? = nil) {
        self.variables = variables
        var resources: [String: Int] = [:]
        var locals: [String: Int] = [:]
        if let config {
            resources.reserveCapacity(config.resources.count + config.dataSources.count)
            for name in config.resources.keys { resources[name] = resources.count }
            for decl in config.dataSources.values { resources[decl.qualifiedName] = resources.count }
            locals.reserveCapacity(config.locals.count)
            for name in config.locals.keys { locals[name] = locals.count }
        }
        resourceIndex = resources
        resourceSlots = LockedSlots(count: resources.count, initial: nil)
        localIndex = locals
        localSlots = LockedSlots(count: locals.count, initial: nil)
    }

    func local(_ name: String) -> Value? {
        if let i = localIndex[name] { return localSlots.withLock(i) { $0 } }
        return others.withLock { $0.locals[name] }
    }

    func setLocal(_ name: String, _ v: Value) {
        if let i = localIndex[name] { return localSlots.withLock(i) { $0 = v } }
        others.withLock { $0.locals[name] = v }
    }

    func clearLocals() {
        for i in 0..<localSlots.count { localSlots.withLock(i) { $0 = nil } }
        others.withLock { $0.locals.removeAll() }
    }

    /// Declares a resource (or `data.NAME`) and how its instances are keyed.
    func declare(_ name: String, mode: InstanceValues.Mode) {
        if let i = resourceIndex[name] { return resourceSlots.withLock(i) { $0 = InstanceValues(mode: mode) } }
        others.withLock { $0.resources[name] = InstanceValues(mode: mode) }
    }

    func isDeclared(_ name: String) -> Bool {
        if let i = resourceIndex[name] { return resourceSlots.withLock(i) { $0 != nil } }
        return others.withLock { $0.resources[name] != nil }
    }

    func set(_ name: String, _ key: InstanceKey, _ value: Value) {
        func store(_ r: inout InstanceValues) {
            r[key] = value
            r.cached = nil
        }
        if let i = resourceIndex[name] {
            return resourceSlots.withLock(i) { r in
                if r == nil { r = InstanceValues(mode: .single) }
                store(&r!)
            }
        }
        others.withLock { store(&$0.resources[name, default: InstanceValues(mode: .single)]) }
    }

    func instance(_ name: String, _ key: InstanceKey) -> Value? {
        if let i = resourceIndex[name] { return resourceSlots.withLock(i) { $0?[key] } }
        return others.withLock { $0.resources[name]?[key] }
    }

    func resource(_ name: String) -> Value? {
        if let i = resourceIndex[name] { return resourceSlots.withLock(i) { $0?.whole() } }
        return others.withLock { $0.resources[name]?.whole() }
    }
}
