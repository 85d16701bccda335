import CairnProviderKit

/// What `cairn providers dns` shows: settings and the two resource types.
enum DNSSchema {
    static let config: [String: PropertySchema] = [
        "server": .required(.string, "Which kind of server: powerdns (its HTTP API) or rfc2136 (dynamic updates, e.g. BIND)."),
        "api_url": .optional(.string, "powerdns: base URL of the API, like http://127.0.0.1:8081."),
        "api_key": .optional(.string, sensitive: true, "powerdns: the server's api-key."),
        "server_id": .optional(.string, default: "localhost", "powerdns: the server id in API paths."),
        "address": .optional(.string, "rfc2136: HOST:PORT of the zone's primary server (port 53 when left out)."),
        "tsig_key_name": .optional(.string, "rfc2136: name of the TSIG key that signs every message."),
        "tsig_algorithm": .optional(.string, default: "hmac-sha256", "rfc2136: hmac-sha256 or hmac-sha512."),
        "tsig_secret": .optional(.string, sensitive: true, "rfc2136: the key's secret, base64 as tsig-keygen prints it."),
        "timeout": .optional(.number, default: 5, "Seconds to wait for each answer from the server."),
    ]

    static let record = ResourceSchema(
        description: "One RRset: every record of one name and type in a zone.",
        properties: [
            "zone": .required(.string, "The zone, like example.test. (changing it replaces the RRset)."),
            "name": .required(
                .string,
                "Owner name: relative to the zone (www, @ for the apex) or a FQDN ending in a dot (changing it replaces the RRset)."),
            "type": .required(.string, "A, AAAA, CNAME, TXT, MX, SRV, NS, PTR or CAA (changing it replaces the RRset)."),
            "ttl": .optional(.number, default: 300, "Time to live in seconds."),
            "records": .required(.list(.string), "The record values in zone-file form, like 192.0.2.1 or \"10 mail.example.test.\"."),
            "fqdn": .computed(.string, "The owner name, fully qualified."),
            "id": .computed(.string, "zone/fqdn/type; also what `cairn import` takes."),
        ])

    static let zone = ResourceSchema(
        description: "A zone on a PowerDNS server (server: powerdns only; RFC 2136 cannot create zones).",
        properties: [
            "name": .required(.string, "The zone's name, like example.test. (changing it replaces the zone)."),
            "kind": .optional(.string, default: "Native", "Native or Master."),
            "nameservers": .optional(.list(.string), default: .list([]), "Names for the apex NS records; empty leaves NS alone."),
            "soa_edit_api": .optional(
                .string, default: "DEFAULT", "How the API bumps the SOA serial on changes (DEFAULT, INCREASE, EPOCH, OFF, …)."),
            "id": .computed(.string, "The zone's id on the server."),
        ])
}
