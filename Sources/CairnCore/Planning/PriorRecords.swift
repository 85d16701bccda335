import CairnAddresses
import CairnState

/// What state holds for an instance before this plan: `current` as refresh left it (nil when
/// refresh found it gone), `original` as stored.
struct PriorRecords: Sendable {
    let refreshed: [ResourceInstanceAddress: ResourceRecord?]
    let stored: [ResourceInstanceAddress: ResourceRecord]

    func current(_ address: ResourceInstanceAddress) -> ResourceRecord? {
        if !refreshed.isEmpty, let r = refreshed[address] { return r }
        return stored[address]
    }

    func original(_ address: ResourceInstanceAddress) -> ResourceRecord? { stored[address] }

    /// Whether refresh changed the record (so `current` may differ from `original`).
    func wasRefreshed(_ address: ResourceInstanceAddress) -> Bool { !refreshed.isEmpty && refreshed[address] != nil }
}
