import CairnState

/// What state holds for an instance before this plan: `current` as refresh left it (nil when
/// refresh found it gone), `original` as stored.
struct PriorRecords: Sendable {
    let refreshed: [String: ResourceRecord?]
    let stored: [String: ResourceRecord]

    func current(_ address: String) -> ResourceRecord? {
        if !refreshed.isEmpty, let r = refreshed[address] { return r }
        return stored[address]
    }

    func original(_ address: String) -> ResourceRecord? { stored[address] }

    /// Whether refresh changed the record (so `current` may differ from `original`).
    func wasRefreshed(_ address: String) -> Bool { !refreshed.isEmpty && refreshed[address] != nil }
}
