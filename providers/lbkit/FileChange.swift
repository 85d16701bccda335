import Foundation

/// Replaces a few configuration files while remembering what was there before, so a change the
/// server rejects can be undone byte for byte (a file that did not exist is removed again).
public struct FileChange: Sendable {
    /// Path → the bytes it held before (nil: it did not exist).
    private let previous: [String: Data?]

    /// Writes each path's new content (nil removes the file). Every write is atomic.
    public static func apply(_ writes: [String: String?]) throws -> FileChange {
        var previous: [String: Data?] = [:]
        for path in writes.keys { previous[path] = FileManager.default.contents(atPath: path) }
        let change = FileChange(previous: previous)
        do {
            for (path, content) in writes {
                if let content { try write(Data(content.utf8), to: path) } else { try remove(path) }
            }
        } catch {
            change.restore()
            throw error
        }
        return change
    }

    /// Puts every file back as it was.
    public func restore() {
        for (path, data) in previous {
            if let data { try? Self.write(data, to: path) } else { try? Self.remove(path) }
        }
    }

    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }

    static func remove(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.removeItem(atPath: path)
    }

    /// The text of a file, nil when it does not exist.
    public static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }
}
