import CairnAddresses
import CairnProviderKit

/// One instance of a resource block, with what `count.index` / `each.*` mean inside it.
struct InstanceSlot: Sendable {
    var key: InstanceKey
    var countIndex: Int?
    var each: (key: String, value: Value)?
}

enum InstanceExpansion {
    static let maxInstances = 1_000_000

    /// Evaluates count / for_each; both must be known while planning.
    static func expand(_ decl: ResourceDecl, scope: EvaluationScope) throws -> (InstanceValues.Mode, [InstanceSlot]) {
        if let c = decl.count {
            let v = try c.evaluate(in: scope)
            if v.containsUnknown {
                throw Diagnostic.error(
                    "count depends on a value known only after apply", at: c.location, address: decl.address.instance(),
                    hint: "count must be known when planning; use variables or apply the dependency first with --target")
            }
            guard let n = v.intValue, n >= 0, n <= maxInstances else {
                throw Diagnostic.error(
                    "count must be a whole number from 0 to \(maxInstances), not \(v.isSensitive ? "a sensitive value" : v.jsonString())",
                    at: c.location, address: decl.address.instance())
            }
            return (.count(n), (0..<n).map { InstanceSlot(key: .index($0), countIndex: $0) })
        }
        if let f = decl.forEach {
            let v = try f.evaluate(in: scope)
            if v.containsUnknown {
                throw Diagnostic.error(
                    "for_each depends on a value known only after apply", at: f.location, address: decl.address.instance(),
                    hint: "for_each must be known when planning")
            }
            if v.isSensitive {
                throw Diagnostic.error(
                    "for_each cannot use a sensitive value: its keys appear in addresses", at: f.location, address: decl.address.instance())
            }
            switch v.unmarked {
            case .map(let m):
                let keys = m.keys.sorted()
                return (.forEach(keys), keys.map { InstanceSlot(key: .key($0), each: ($0, m[$0]!)) })
            case .list(let items):
                var keys: [String] = []
                var seen: Set<String> = []
                for item in items {
                    guard let s = item.stringValue else {
                        throw Diagnostic.error(
                            "for_each over a list needs strings, found a \(item.kindName)", at: f.location,
                            address: decl.address.instance(), hint: "use a map to iterate over other values")
                    }
                    if seen.insert(s).inserted { keys.append(s) }
                }
                keys.sort()
                return (.forEach(keys), keys.map { InstanceSlot(key: .key($0), each: ($0, .string($0))) })
            default:
                throw Diagnostic.error(
                    "for_each must be a map or a list of strings, not a \(v.kindName)", at: f.location, address: decl.address.instance())
            }
        }
        return (.single, [InstanceSlot(key: .none)])
    }
}
