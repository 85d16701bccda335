import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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

    /// Writes a temporary file beside `path`, flushes it to disk and renames it over `path`. The
    /// temporary name is fixed per target and ends in `.cairn.tmp` (no server's include pattern
    /// matches it), so a run killed mid-write leaves at most that one file, which
    /// `sweepTemporaryFiles` removes.
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temp = temporaryPath(for: path)
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return fsync(fd) == 0
        }
        let code = errno
        close(fd)
        guard written, rename(temp, path) == 0 else {
            let failure = written ? errno : code
            unlink(temp)
            throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO)
        }
    }

    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent)\(temporarySuffix)").path
    }

    static let temporarySuffix = ".cairn.tmp"

    /// Removes the temporary files a write cut short by a kill left in `folder`.
    public static func sweepTemporaryFiles(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(temporarySuffix) {
            unlink(folder + "/" + name)
        }
    }

    static func remove(_ path: String) throws {
        unlink(temporaryPath(for: path))
        guard FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.removeItem(atPath: path)
    }

    /// The text of a file, nil when it does not exist.
    public static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }
}
