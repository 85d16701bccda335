/// Numbers from the DNS RFCs (1035, 2136, 8945) that the wire code uses by name.
enum DNSClass {
    static let internet: UInt16 = 1
    /// RFC 2136: "RRset does not exist" prerequisites and delete-one-RR updates.
    static let none: UInt16 = 254
    /// RFC 2136 delete-RRset updates and TSIG records.
    static let any: UInt16 = 255
}

enum DNSOpcode {
    static let query: UInt8 = 0
    static let update: UInt8 = 5
}

/// Type codes of the record types Cairn manages, plus the ones it reads (SOA) or uses (TSIG, AXFR).
enum RRType {
    static let a: UInt16 = 1
    static let ns: UInt16 = 2
    static let cname: UInt16 = 5
    static let soa: UInt16 = 6
    static let ptr: UInt16 = 12
    static let mx: UInt16 = 15
    static let txt: UInt16 = 16
    static let aaaa: UInt16 = 28
    static let srv: UInt16 = 33
    static let tsig: UInt16 = 250
    static let axfr: UInt16 = 252
    static let caa: UInt16 = 257

    /// The types a `dns.record` may hold, by mnemonic.
    static let managed: [String: UInt16] = [
        "A": a, "AAAA": aaaa, "CNAME": cname, "TXT": txt, "MX": mx, "SRV": srv, "NS": ns, "PTR": ptr, "CAA": caa,
    ]

    static func mnemonic(_ code: UInt16) -> String {
        if let m = managed.first(where: { $0.value == code })?.key { return m }
        if code == soa { return "SOA" }
        return "TYPE\(code)"
    }
}

/// Response codes, including the extended TSIG error codes carried in the TSIG record (RFC 8945).
enum DNSRcode {
    static let noError: UInt16 = 0
    static let formErr: UInt16 = 1
    static let servFail: UInt16 = 2
    static let nxDomain: UInt16 = 3
    static let notImp: UInt16 = 4
    static let refused: UInt16 = 5
    static let yxDomain: UInt16 = 6
    static let yxRRset: UInt16 = 7
    static let nxRRset: UInt16 = 8
    static let notAuth: UInt16 = 9
    static let notZone: UInt16 = 10
    static let badSig: UInt16 = 16
    static let badKey: UInt16 = 17
    static let badTime: UInt16 = 18
    static let badTrunc: UInt16 = 22

    static func name(_ code: UInt16) -> String {
        switch code {
        case noError: return "NOERROR"
        case formErr: return "FORMERR"
        case servFail: return "SERVFAIL"
        case nxDomain: return "NXDOMAIN"
        case notImp: return "NOTIMP"
        case refused: return "REFUSED"
        case yxDomain: return "YXDOMAIN"
        case yxRRset: return "YXRRSET"
        case nxRRset: return "NXRRSET"
        case notAuth: return "NOTAUTH"
        case notZone: return "NOTZONE"
        case badSig: return "BADSIG"
        case badKey: return "BADKEY"
        case badTime: return "BADTIME"
        case badTrunc: return "BADTRUNC"
        default: return "RCODE\(code)"
        }
    }
}
