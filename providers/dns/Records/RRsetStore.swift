/// What a record resource needs from a server, whichever kind it is.
protocol RRsetStore: Sendable {
    /// nil when the RRset (or its zone) does not exist.
    func read(_ key: RRsetKey) async throws -> RRset?
    /// Fails when the RRset exists already.
    func create(_ rrset: RRset) async throws
    func replace(_ rrset: RRset) async throws
    func delete(_ key: RRsetKey) async throws
    /// For import: the RRset as the whole zone shows it.
    func readFromZone(_ key: RRsetKey) async throws -> RRset?
}

extension PowerDNSClient {
    /// The API's zone read already is the whole zone.
    func readFromZone(_ key: RRsetKey) async throws -> RRset? { try await read(key) }
}

extension RFC2136Client: RRsetStore {}
extension PowerDNSClient: RRsetStore {}
