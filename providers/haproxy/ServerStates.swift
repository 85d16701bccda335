/// One row of `show servers state BACKEND`: what the running HAProxy has for a server.
struct LiveServer: Equatable {
    var id: Int
    var name: String
    var address: String
    var weight: Int
    var state: String

    // srv_admin_state bits (HAProxy's SRV_ADMF_*): forced, inherited and resolver maintenance,
    // forced and inherited drain. The config-maint bit (0x04) only remembers `disabled` in the file.
    static let maintenanceBits = 0x01 | 0x02 | 0x20
    static let drainBits = 0x08 | 0x10

    /// The servers of a backend, or nil when HAProxy does not know the backend.
    static func parse(_ answer: String) -> [LiveServer]? {
        if answer.contains("Can't find backend") { return nil }
        var columns: [String] = []
        var out: [LiveServer] = []
        for line in answer.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            if line.hasPrefix("# ") {
                columns = Array(words.dropFirst())
                continue
            }
            guard words.count == columns.count, words.count > 1 else { continue }
            let row = Dictionary(zip(columns, words), uniquingKeysWith: { a, _ in a })
            guard let id = row["srv_id"].flatMap(Int.init), let name = row["srv_name"], let addr = row["srv_addr"],
                let admin = row["srv_admin_state"].flatMap(Int.init), let weight = row["srv_uweight"].flatMap(Int.init)
            else { continue }
            let port = row["srv_port"].flatMap(Int.init).map { ":\($0)" } ?? ""
            let state = admin & maintenanceBits != 0 ? "maint" : admin & drainBits != 0 ? "drain" : "ready"
            out.append(LiveServer(id: id, name: name, address: addr + port, weight: weight, state: state))
        }
        return out.sorted { $0.id < $1.id }
    }
}
