/// An Engine API version such as 1.41, compared numerically (1.9 < 1.41).
struct APIVersion: Sendable, Comparable, CustomStringConvertible {
    var major: Int
    var minor: Int

    /// The newest API this provider was written against; a newer daemon is spoken to in this one.
    static let newestSupported = APIVersion(major: 1, minor: 43)
    /// Older daemons lack fields this provider relies on (Init, Mounts, Healthcheck start period).
    static let oldestSupported = APIVersion(major: 1, minor: 29)

    init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    init?(_ text: String) {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    var description: String { "\(major).\(minor)" }

    static func < (a: APIVersion, b: APIVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    /// The version to use with a daemon that speaks up to `server`.
    static func negotiate(server: APIVersion) -> APIVersion { min(server, newestSupported) }
}
