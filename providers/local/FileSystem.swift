import CairnProviderKit
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The POSIX operations the local provider needs, with errors as `ProviderError`.
enum FileSystem {
    struct Status {
        var isDirectory: Bool
        var isRegularFile: Bool
        var permissions: Int
    }

    /// Absolute, normalised form of a path; relative paths are taken from the current directory.
    static func absolutePath(_ path: String) -> String {
        let expanded = NSString(string: path).expandingTildeInPath
        return URL(fileURLWithPath: expanded).standardizedFileURL.path
    }

    /// What is at `path` (following symlinks), or nil when nothing is.
    static func status(_ path: String) throws -> Status? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw failure("cannot inspect", path)
        }
        let type = Int(info.st_mode) & 0o170000
        return Status(
            isDirectory: type == 0o040000, isRegularFile: type == 0o100000,
            permissions: Int(info.st_mode) & 0o777)
    }

    /// Writes to a temporary file beside `path`, then renames it over `path`, so readers see the
    /// old content or the new, never a partial file. Creates missing parent folders.
    static func writeAtomically(_ data: Data, to path: String, permissions: Int) throws {
        let folder = NSString(string: path).deletingLastPathComponent
        try createDirectory(folder)
        // One fixed temporary name per target: a run killed mid-write leaves at most this file,
        // which the next write of the same path reuses and the delete removes.
        let temp = temporaryPath(for: path)
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create a temporary file", temp) }
        var renamed = false
        defer { if !renamed { unlink(temp) } }
        do {
            try writeAll(fd, data, path: temp)
            // Explicit chmod because open's mode is reduced by the umask.
            guard fchmod(fd, mode_t(permissions)) == 0 else { throw failure("cannot set the mode of", temp) }
            guard fsync(fd) == 0 else { throw failure("cannot flush", temp) }
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw failure("cannot close", temp) }
        guard rename(temp, path) == 0 else { throw failure("cannot move the new content into", path) }
        renamed = true
    }

    static func temporaryPath(for path: String) -> String {
        let folder = NSString(string: path).deletingLastPathComponent
        let name = NSString(string: path).lastPathComponent
        return "\(folder)/.\(name).cairn.tmp"
    }

    static func readFile(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ProviderError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    static func setPermissions(_ path: String, _ permissions: Int) throws {
        guard chmod(path, mode_t(permissions)) == 0 else { throw failure("cannot set the mode of", path) }
    }

    /// Creates the folder and any missing parents; an existing folder is fine.
    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ProviderError("cannot create directory \(path): \(error.localizedDescription)")
        }
    }

    static func entries(_ path: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw ProviderError("cannot list directory \(path): \(error.localizedDescription)")
        }
    }

    /// Removes a file; one that is already gone is fine.
    static func removeFile(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw failure("cannot delete", path) }
    }

    /// Removes an empty directory (never recursively); one that is already gone is fine.
    static func removeEmptyDirectory(_ path: String) throws {
        guard rmdir(path) == 0 || errno == ENOENT else { throw failure("cannot remove directory", path) }
    }

    private static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure("cannot write", path)
                }
                offset += written
            }
        }
    }

    /// A `ProviderError` for the current errno.
    private static func failure(_ action: String, _ path: String) -> ProviderError {
        ProviderError("\(action) \(path): \(String(cString: strerror(errno)))")
    }
}
