import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File-system steps around the database: state holds secrets, so only its owner may read it.
enum StateFileAccess {
    static let privateFileMode: mode_t = 0o600
    static let privateFolderMode = 0o700

    /// The files SQLite keeps beside the database while it is open.
    static let sidecarSuffixes = ["-wal", "-shm", "-journal"]

    static func createParentFolders(of path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: privateFolderMode])
        } catch {
            throw StateError("cannot create folder \(folder) for state database \(path): \(error.localizedDescription)")
        }
    }

    /// Creates an empty file with mode 0600 before SQLite ever opens it, so no other user can
    /// read it even briefly. Returns false when the file already exists.
    static func createPrivateFile(at path: String) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, privateFileMode)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { return false }
            throw StateError("cannot create state database \(path): \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        // The umask only ever removes bits, but be exact regardless.
        guard fchmod(descriptor, privateFileMode) == 0 else {
            throw StateError("cannot set permissions of \(path): \(String(cString: strerror(errno)))")
        }
        return true
    }

    /// SQLite copies the database's mode to its sidecar files; this makes sure of it.
    static func restrictSidecars(of path: String) {
        for suffix in sidecarSuffixes {
            _ = chmod(path + suffix, privateFileMode)
        }
    }

    static func removeWithSidecars(_ path: String) {
        for file in [path] + sidecarSuffixes.map({ path + $0 }) {
            _ = unlink(file)
        }
    }

    static func isRegularFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }
}
