import CairnProviderKit

/// Turns a DNS server's refusal into an error that says what to fix.
struct ResponseErrors {
    let server: ServerAddress
    let keyName: String?

    /// A TSIG error code from the reply's TSIG record (RFC 8945 §5.2).
    func tsig(_ code: UInt16) -> ProviderError {
        let key = keyName.map { "TSIG key \($0.dropLast())" } ?? "the TSIG key"
        switch code {
        case DNSRcode.badSig:
            return ProviderError(
                "\(key) was rejected by \(server) (BADSIG): the signature did not verify",
                hint: "check tsig_secret (and tsig_algorithm): they must match the key on the server")
        case DNSRcode.badKey:
            return ProviderError(
                "\(key) was rejected by \(server) (BADKEY): the server has no key of that name and algorithm",
                hint: "check tsig_key_name and tsig_algorithm against the server's key \"…\" { } block")
        case DNSRcode.badTime:
            return ProviderError(
                "\(key) was rejected by \(server) (BADTIME): the clocks of this machine and the server differ too much",
                hint: "synchronise both clocks (NTP); TSIG allows 300 seconds")
        default:
            return ProviderError(
                "\(key) was rejected by \(server) (\(DNSRcode.name(code)))",
                hint: "check tsig_key_name, tsig_algorithm and tsig_secret")
        }
    }

    /// A response code other than NOERROR, for an operation on `subject` in `zone`.
    func rcode(_ code: UInt16, subject: String, zone: String, isUpdate: Bool) -> ProviderError {
        let name = DNSRcode.name(code)
        let zoneName = zone.dropLast()
        switch code {
        case DNSRcode.refused:
            return ProviderError(
                "\(server) refused the \(isUpdate ? "update" : "query") of \(subject) (REFUSED)",
                hint: isUpdate
                    ? "the zone \(zoneName) must allow updates with this key (allow-update { key \(keyName.map { String($0.dropLast()) } ?? "NAME"); }) and the provider must set tsig_key_name and tsig_secret; "
                        + "if it does, the server's own checks refused the records (BIND refuses an MX or NS whose target inside the zone has no A/AAAA record): its log says which"
                    : "check that \(server) serves the zone \(zoneName) and allows queries from here")
        case DNSRcode.notAuth:
            return ProviderError(
                "\(server) is not authoritative for the zone \(zoneName) (NOTAUTH)",
                hint: "check the zone property and that the provider's address points at the zone's primary server")
        case DNSRcode.notZone:
            return ProviderError(
                "\(subject) is not inside the zone \(zoneName) (NOTZONE)",
                hint: "the record's name must be in its zone: use a name relative to the zone, or a FQDN ending in \(zoneName).")
        case DNSRcode.servFail:
            return ProviderError(
                "\(server) failed to handle the \(isUpdate ? "update" : "query") of \(subject) (SERVFAIL)",
                hint: "check the server's log; the zone \(zoneName) may not be loaded or its file may not be writable")
        case DNSRcode.yxRRset:
            return ProviderError(
                "\(subject) already exists in the zone \(zoneName) (YXRRSET)",
                hint:
                    "adopt it with `cairn import ADDRESS \(zoneName)./\(subject.split(separator: " ").joined(separator: "/"))`, or remove it from the zone first"
            )
        case DNSRcode.nxRRset:
            return ProviderError("\(subject) does not exist in the zone \(zoneName) (NXRRSET)")
        case DNSRcode.formErr:
            return ProviderError(
                "\(server) could not parse the \(isUpdate ? "update" : "query") of \(subject) (FORMERR)",
                hint: "check the record values; the server's log says more")
        case DNSRcode.notImp:
            return ProviderError(
                "\(server) does not implement \(isUpdate ? "dynamic updates (RFC 2136)" : "this query") (NOTIMP)",
                hint: "use a server with dynamic updates, or server: powerdns")
        default:
            return ProviderError("\(server) answered \(name) to the \(isUpdate ? "update" : "query") of \(subject)")
        }
    }

    func signature(_ failure: TSIGSigner.Failure) -> ProviderError {
        switch failure {
        case .unsigned:
            return ProviderError(
                "the reply from \(server) carries no TSIG signature although the request was signed",
                hint:
                    "make sure the server knows the key \(keyName.map { String($0.dropLast()) } ?? ""); an unsigned reply cannot be trusted"
            )
        case .wrongKey(let name):
            return ProviderError(
                "the reply from \(server) is signed with another key or algorithm (\(name))",
                hint: "check tsig_key_name and tsig_algorithm")
        case .badMAC:
            return ProviderError(
                "the TSIG signature of the reply from \(server) does not verify: the reply was altered or the server holds another secret",
                hint: "check tsig_secret; if it is right, something between here and the server changes DNS messages")
        case .badTime(let serverTime, let ourTime):
            return ProviderError(
                "the reply from \(server) was signed at \(serverTime), \(Int64(ourTime) - Int64(serverTime)) seconds from this machine's clock (BADTIME)",
                hint: "synchronise both clocks (NTP); TSIG allows 300 seconds")
        case .malformed(let why):
            return ProviderError("the TSIG record of the reply from \(server) is malformed: \(why)")
        }
    }
}
