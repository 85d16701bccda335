import CairnProviderKit
import Foundation

/// AXFR (RFC 5936) over TCP, every message's TSIG verified, for reading a whole zone.
extension RFC2136Client {
    /// Every record of the zone, the closing SOA left out.
    func transfer(zone: String) async throws -> [DNSRecord] {
        let id = UInt16.random(in: 0...UInt16.max)
        let request = DNSMessage(id: id, questions: [DNSQuestion(name: zone, type: RRType.axfr)])
        var requestMAC: [UInt8] = []
        var bytes = try request.encode()
        if let signer {
            let signed = try signer.sign(request)
            bytes = signed.bytes
            requestMAC = signed.mac
        }
        let server = transport.server
        // The transfer ends with the message that holds the second SOA (the first opens it).
        let soas = Locked(0) // SOA records seen so far, counted from the transport's read loop
        let replies = try await transport.stream(bytes) { reply in
            // A message that does not decode ends the read; the loop below reports it.
            guard let m = try? DNSMessage.decode(reply), m.rcode == DNSRcode.noError else { return true }
            let seen = m.answers.filter { $0.type == RRType.soa }.count
            return soas.withLock { count in
                count += seen
                return count
            } >= 2
        }
        var records: [DNSRecord] = []
        var previousMAC = requestMAC
        var unsigned: [UInt8] = []
        for (index, raw) in replies.enumerated() {
            let m: DNSMessage
            do { m = try DNSMessage.decode(raw) } catch {
                throw ProviderError("\(server) sent a zone transfer message that is not valid DNS: \(error)")
            }
            guard m.id == id, m.isResponse else {
                throw ProviderError("\(server) sent a zone transfer message that does not match the request")
            }
            if let signer {
                if m.tsigOffset != nil, let t = m.additional.last, let tsig = try? TSIGRecord.parse(t.rdata), tsig.error != 0 {
                    throw errors.tsig(tsig.error)
                }
                if m.tsigOffset == nil {
                    if m.rcode != DNSRcode.noError { throw errors.rcode(m.rcode, subject: "zone transfer", zone: zone, isUpdate: false) }
                    // RFC 8945 §5.3.1 lets up to 99 messages go unsigned between signed ones; the
                    // next signature covers them. The first and the last must be signed.
                    guard index > 0, index < replies.count - 1, unsigned.count < 99 * 65535 else { throw errors.signature(.unsigned) }
                    unsigned += raw
                } else {
                    do throws(TSIGSigner.Failure) {
                        let tsig = try signer.verify(
                            response: raw, decoded: m, requestMAC: previousMAC, unsignedBefore: unsigned, timersOnly: index > 0)
                        previousMAC = tsig.mac
                        unsigned = []
                    } catch {
                        throw errors.signature(error)
                    }
                }
            }
            guard m.rcode == DNSRcode.noError else { throw errors.rcode(m.rcode, subject: "zone transfer", zone: zone, isUpdate: false) }
            records += m.answers
        }
        guard records.first?.type == RRType.soa, records.count >= 2, records.last?.type == RRType.soa else {
            throw ProviderError("the zone transfer of \(zone.dropLast()) from \(server) ended early")
        }
        return Array(records.dropLast())
    }

    /// For import: the RRset as the zone transfer shows it, so delegations and glue are read as
    /// the zone holds them. A server that does not allow transfers is asked with a query instead.
    func readFromZone(_ key: RRsetKey) async throws -> RRset? {
        let all: [DNSRecord]
        do {
            all = try await transfer(zone: key.zone)
        } catch let e as ProviderError
            where e.message.contains("(REFUSED)") || e.message.contains("(NOTAUTH)") && !e.message.contains("TSIG")
        {
            return try await read(key)
        }
        let matching = all.filter { DNSName.canonical($0.name) == key.fqdn && $0.type == key.type }
        guard !matching.isEmpty else { return nil }
        return RRset(
            key: key, ttl: matching.map(\.ttl).min() ?? 0, records: try matching.map { try RData.decode(type: key.type, $0.rdata) })
    }
}
