import CairnProviderKit
import Foundation

/// The values of a resource's or data source's instances, as references see them.
struct InstanceValues: Sendable {
    enum Mode: Sendable { case single, count(Int), forEach([String]) }
    var mode: Mode
    var instances: [InstanceKey: Value] = [:]
    /// The value a reference to the whole resource gets; rebuilt after any instance changes.
    var cached: Value?

    func build() -> Value {
        switch mode {
        case .single: return instances[.none] ?? .unknown
        case .count(let n): return .list((0..<n).map { instances[.index($0)] ?? .unknown })
        case .forEach(let keys):
            var m: [String: Value] = [:]
            for k in keys { m[k] = instances[.key(k)] ?? .unknown }
            return .map(m)
        }
    }
}

/// Everything references can resolve to while a plan or apply runs. Shared by concurrent steps,
/// so access is locked; whole-resource values are cached so repeated references stay cheap.
final class ValueTable: @unchecked Sendable {
    private let lock = NSLock()
    let variables: [String: Value]
    private var locals: [String: Value] = [:]
    private var resources: [String: InstanceValues] = [:]

    init(variables: [String: Value]) { self.variables = variables }

    func local(_ name: String) -> Value? { lock.withLock { locals[name] } }
    func setLocal(_ name: String, _ v: Value) { lock.withLock { locals[name] = v } }
    func clearLocals() { lock.withLock { locals.removeAll() } }

    /// Declares a resource (or `data.NAME`) and how its instances are keyed.
    func declare(_ name: String, mode: InstanceValues.Mode) {
        lock.withLock { resources[name] = InstanceValues(mode: mode) }
    }

    func isDeclared(_ name: String) -> Bool { lock.withLock { resources[name] != nil } }

    func set(_ name: String, _ key: InstanceKey, _ value: Value) {
        lock.withLock {
            resources[name, default: InstanceValues(mode: .single)].instances[key] = value
            resources[name]!.cached = nil
        }
    }

    func instance(_ name: String, _ key: InstanceKey) -> Value? {
        lock.withLock { resources[name]?.instances[key] }
    }

    func resource(_ name: String) -> Value? {
        lock.withLock {
            guard var r = resources[name] else { return nil }
            if let c = r.cached { return c }
            let v = r.build()
            r.cached = v
            resources[name] = r
            return v
        }
    }
}
