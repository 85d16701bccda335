import CairnAddresses
import CairnState

/// A rename recorded by a `moved:` entry, applied to state before anything else.
public struct PlannedMove: Sendable, Hashable {
    public var from: ResourceInstanceAddress
    public var to: ResourceInstanceAddress
}

/// Applies `moved:` entries to the state the plan works from: a bare name moves every instance,
/// an instance address moves one. Entries whose source is no longer in state were applied before.
enum Moves {
    static func apply(_ moved: [MovedDecl], to state: StateSnapshot) throws -> (StateSnapshot, [PlannedMove]) {
        var s = state
        var out: [PlannedMove] = []
        for m in moved {
            guard let (from, to) = m.addresses else {
                throw Diagnostic.error(
                    "moved entries need resource addresses (site, web[0], web[\"a\"]), not \"\(m.from)\" → \"\(m.to)\"",
                    at: m.location)
            }
            var pairs: [(ResourceInstanceAddress, ResourceInstanceAddress)] = []
            if s.resources[from] != nil {
                pairs = [(from, to)]
            } else if from.key == .none && to.key == .none {
                for address in s.resources.keys where address.resource == from.resource {
                    pairs.append((address, to.resource.instance(address.key)))
                }
            }
            for (old, new) in pairs.sorted(by: { $0.0 < $1.0 }) {
                if s.resources[new] != nil {
                    throw Diagnostic.error(
                        "cannot move \(old) to \(new): \(new) is already in state", at: m.location,
                        hint: "remove one of them with `cairn state rm`, or drop this moved entry")
                }
                var record = s.resources.removeValue(forKey: old)!
                record.address = new
                s.resources[new] = record
                out.append(PlannedMove(from: old, to: new))
            }
        }
        return (s, out)
    }
}
