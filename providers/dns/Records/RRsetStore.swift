/// What a record resource needs from a server, whichever kind it is.
protocol RRsetStore: Sendable {
    /// nil when the RRset (or its zone) does not exist.
    func read(_ key: RRsetKey) async throws -> RRset?
    /// Fails when the RRset exists already.
    func create(_ rrset: RRset) async throws
    func replace(_ rrset: RRset) async throws
    func delete(_ key: RRsetKey) async throws
}

extension RFC2136Client: RRsetStore {}
extension PowerDNSClient: RRsetStore {}
