import Foundation

/// What a backup file holds, written beside it as `NAME.json`.
public struct BackupManifest: Sendable, Codable, Hashable {
    public static let currentFormat = 1

    public var format: Int
    public var stack: String
    public var lineage: String
    public var serial: Int
    /// When the copy was taken.
    public var time: Date
    public var cairnVersion: String
    /// Of the backup file's bytes, lowercase hex.
    public var sha256: String
    public var resourceCount: Int
    /// The backup file's name (in the manifest's own folder).
    public var file: String

    public init(
        stack: String, lineage: String, serial: Int, time: Date, cairnVersion: String, sha256: String,
        resourceCount: Int, file: String
    ) {
        self.format = Self.currentFormat
        self.stack = stack
        self.lineage = lineage
        self.serial = serial
        self.time = time
        self.cairnVersion = cairnVersion
        self.sha256 = sha256
        self.resourceCount = resourceCount
        self.file = file
    }

    enum CodingKeys: String, CodingKey {
        case format, stack, lineage, serial, time, sha256, file
        case cairnVersion = "cairn_version"
        case resourceCount = "resource_count"
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(BackupNaming.isoTime(date))
        }
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = BackupNaming.parseISOTime(text) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "\"\(text)\" is not an ISO 8601 time"))
            }
            return date
        }
        return try decoder.decode(BackupManifest.self, from: data)
    }
}

/// File names of backups: `STACK-SERIAL-YYYYMMDDTHHMMSSZ.sqlite` beside `….json`.
public enum BackupNaming {
    public static let fileExtension = "sqlite"
    public static let manifestExtension = "json"

    /// The name for a backup, `-2`, `-3`, … appended when `attempt` > 1 (two backups in one second).
    public static func fileName(stack: String, serial: Int, time: Date, attempt: Int = 1) -> String {
        let suffix = attempt > 1 ? "-\(attempt)" : ""
        return "\(stack)-\(serial)-\(compactTime(time))\(suffix).\(fileExtension)"
    }

    /// The manifest beside a backup file (or the manifest itself when given one).
    public static func manifestPath(forBackup path: String) -> String {
        let url = URL(fileURLWithPath: path)
        guard url.pathExtension != manifestExtension else { return path }
        return url.deletingPathExtension().appendingPathExtension(manifestExtension).path
    }

    /// `state/backups` beside the state database.
    public static func defaultFolder(forState statePath: String) -> String {
        URL(fileURLWithPath: statePath).deletingLastPathComponent().appendingPathComponent("backups").path
    }

    static func compactTime(_ date: Date) -> String {
        formatter("yyyyMMdd'T'HHmmss'Z'").string(from: date)
    }

    public static func isoTime(_ date: Date) -> String {
        formatter("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").string(from: date)
    }

    static func parseISOTime(_ text: String) -> Date? {
        formatter("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    private static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
    }
}
