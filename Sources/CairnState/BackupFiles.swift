import CairnDigest
import CairnProviderKit
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File steps for backups: private files, written whole or not at all.
enum BackupFiles {
    static func createPrivateFolder(_ folder: String) throws {
        try StateFileAccess.createParentFolders(of: URL(fileURLWithPath: folder).appendingPathComponent("x").path)
    }

    /// SHA-256 of a file's bytes, lowercase hex. The file is mapped, not read into memory.
    static func sha256(of path: String) throws -> String {
        do {
            return Digest.sha256Hex(try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped))
        } catch {
            throw StateError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    static func size(of path: String) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Writes `data` to `path` (mode 0600) through a temporary file and a rename, so a reader sees
    /// the old file or the whole new one.
    static func writeAtomically(_ data: Data, to path: String) throws {
        let temporary = path + ".partial-\(UUID().uuidString.prefix(8))"
        do {
            try writeNew(data, to: temporary)
            try move(temporary, to: path)
        } catch {
            _ = unlink(temporary)
            throw error
        }
    }

    /// Copies a file to a new private file, failing if the destination exists.
    static func copy(_ source: String, to destination: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: source), options: .alwaysMapped)
        } catch {
            throw StateError("cannot read \(source): \(error.localizedDescription)")
        }
        try writeNew(data, to: destination)
    }

    static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw StateError("cannot rename \(source) to \(destination): \(String(cString: strerror(errno)))")
        }
    }

    /// Makes renames and creations in `folder` durable.
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func writeNew(_ data: Data, to path: String) throws {
        guard try StateFileAccess.createPrivateFile(at: path) else {
            throw StateError("cannot write \(path): the file already exists")
        }
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StateError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let failure: Int32? = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return fsync(descriptor) == 0 ? nil : errno
        }
        if let failure {
            throw StateError("cannot write \(path): \(String(cString: strerror(failure)))")
        }
    }
}
