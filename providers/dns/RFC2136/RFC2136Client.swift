import CairnProviderKit
import Foundation

/// Talks to one DNS server: signed queries to read RRsets, signed UPDATEs to change them.
struct RFC2136Client: Sendable {
    let transport: DNSTransport
    let signer: TSIGSigner?

    var errors: ResponseErrors { ResponseErrors(server: transport.server, keyName: signer?.key.name) }

    /// The RRset at `key`, read by a normal query; nil when the name or the type has no records.
    func read(_ key: RRsetKey) async throws -> RRset? {
        let id = UInt16.random(in: 0...UInt16.max)
        let query = DNSMessage(id: id, questions: [DNSQuestion(name: key.fqdn, type: key.type)])
        let reply = try await send(query, subject: key.description, zone: key.zone, isUpdate: false, allow: [DNSRcode.nxDomain])
        if reply.rcode == DNSRcode.nxDomain { return nil }
        let isOurs = { (r: DNSRecord) in DNSName.canonical(r.name) == key.fqdn && r.type == key.type }
        var matching = reply.answers.filter(isOurs)
        // NS records below the apex are a delegation: they come back as a referral, in authority.
        if matching.isEmpty && key.type == RRType.ns && key.fqdn != key.zone { matching = reply.authority.filter(isOurs) }
        guard !matching.isEmpty else { return nil }
        let records = try matching.map { r -> String in
            do { return try RData.decode(type: key.type, r.rdata) } catch {
                throw ProviderError("\(transport.server) returned a \(key.typeName) record for \(key.fqdn) that cannot be read: \(error)")
            }
        }
        return RRset(key: key, ttl: matching.map(\.ttl).min() ?? 0, records: records)
    }

    func create(_ rrset: RRset) async throws {
        let id = UInt16.random(in: 0...UInt16.max)
        _ = try await send(try UpdateBuilder.create(id: id, rrset), subject: rrset.key.description, zone: rrset.key.zone, isUpdate: true)
        try await confirm(rrset)
    }

    func replace(_ rrset: RRset) async throws {
        let id = UInt16.random(in: 0...UInt16.max)
        _ = try await send(try UpdateBuilder.replace(id: id, rrset), subject: rrset.key.description, zone: rrset.key.zone, isUpdate: true)
        try await confirm(rrset)
    }

    /// RFC 2136 §3.4.2 has servers ignore some additions without an error (a CNAME where other
    /// records exist, other records where a CNAME is): read back, so that shows as a failure
    /// rather than as a create planned again on every run.
    private func confirm(_ rrset: RRset) async throws {
        let live = try await read(rrset.key)
        guard let live, Set(live.records) == Set(rrset.records) else {
            let found = live.map { "it holds \($0.records.joined(separator: ", "))" } ?? "it holds nothing"
            throw ProviderError(
                "\(transport.server) accepted the update of \(rrset.key) but did not apply it: \(found)",
                hint: rrset.key.type == RRType.cname
                    ? "a CNAME cannot share its name with other records: remove them or use another name"
                    : "a name that has a CNAME cannot hold other records; the server's log may say more")
        }
    }

    func delete(_ key: RRsetKey) async throws {
        let id = UInt16.random(in: 0...UInt16.max)
        _ = try await send(UpdateBuilder.delete(id: id, key), subject: key.description, zone: key.zone, isUpdate: true)
    }

    /// Signs (when a key is set), sends, checks the reply's ID, signature and response code.
    private func send(
        _ message: DNSMessage, subject: String, zone: String, isUpdate: Bool,
        allow: Set<UInt16> = []
    ) async throws -> DNSMessage {
        let signer = signer
        let macs = Locked<[UInt8]>([]) // the MAC of the last signed send, handed out of the transport's build closure
        let build: @Sendable () throws -> [UInt8] = {
            guard let signer else { return try message.encode() }
            let signed = try signer.sign(message)
            macs.set(signed.mac)
            return signed.bytes
        }
        let bytes: [UInt8]
        do {
            do {
                (bytes, _) = try await transport.exchange(id: message.id, build)
            } catch let e as ProviderError where !isUpdate && e.message.contains("did not answer in time") {
                // A lost UDP datagram is normal on real networks; a query is safe to ask twice.
                (bytes, _) = try await transport.exchange(id: message.id, build)
            }
        } catch var e as ProviderError where isUpdate && e.message.contains("did not answer in time") {
            // The server may have applied the update and only its reply was lost: let the
            // engine keep the intent and look at the server on the next plan.
            e.outcomeUnknown = true
            throw e
        }
        let reply: DNSMessage
        do { reply = try DNSMessage.decode(bytes) } catch {
            throw ProviderError("\(transport.server) sent a reply that is not a valid DNS message: \(error)")
        }
        guard reply.id == message.id, reply.isResponse else {
            throw ProviderError("\(transport.server) sent a reply that does not match the request")
        }
        if let signer {
            if reply.tsigOffset != nil, let record = reply.additional.last, let tsig = try? TSIGRecord.parse(record.rdata), tsig.error != 0
            {
                // BADSIG and BADKEY replies carry no MAC (RFC 8945 §5.2.1): nothing to verify.
                throw errors.tsig(tsig.error)
            }
            if reply.tsigOffset == nil, reply.rcode != DNSRcode.noError {
                throw errors.rcode(reply.rcode, subject: subject, zone: zone, isUpdate: isUpdate)
            }
            do throws(TSIGSigner.Failure) {
                _ = try signer.verify(response: bytes, decoded: reply, requestMAC: macs.value)
            } catch {
                throw errors.signature(error)
            }
        }
        guard reply.rcode == DNSRcode.noError || allow.contains(reply.rcode) else {
            throw errors.rcode(reply.rcode, subject: subject, zone: zone, isUpdate: isUpdate)
        }
        return reply
    }
}
