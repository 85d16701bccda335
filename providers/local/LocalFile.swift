import CairnProviderKit
import Foundation

/// `local.file`: written atomically (temporary file in the same folder, then rename), read back
/// for drift.
enum LocalFile {
    static func write(_ properties: [String: Value]) throws -> ResourceObject {
        guard let rawPath = properties["path"]?.stringValue, let content = properties["content"]?.stringValue else {
            throw ProviderError("local.file needs path and content")
        }
        let path = FileMode.absolute(rawPath)
        let modeText = properties["mode"]?.stringValue ?? "0644"
        guard let mode = FileMode.parse(modeText) else { throw ProviderError("\"\(modeText)\" is not an octal file mode") }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ProviderError("cannot create folder \(folder): \(error.localizedDescription)")
        }
        let temp = folder + "/.\((path as NSString).lastPathComponent).cairn-\(UUID().uuidString.prefix(8))"
        let data = Data(content.utf8)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileMode.posixError("cannot create", temp) }
        var ok = data.withUnsafeBytes { buf -> Bool in
            var offset = 0
            while offset < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        ok = ok && fchmod(fd, mode) == 0 && fsync(fd) == 0
        close(fd)
        guard ok, rename(temp, path) == 0 else {
            let err = FileMode.posixError("cannot write", path)
            unlink(temp)
            throw err
        }
        return object(path: path, data: data, mode: mode)
    }

    static func read(path: String) throws -> ResourceObject? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        guard !isDir.boolValue else { throw ProviderError("\(path) is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProviderError("cannot read \(path)", hint: "check its permissions")
        }
        return object(path: path, data: data, mode: FileMode.current(path) ?? 0o644)
    }

    static func delete(path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw FileMode.posixError("cannot remove", path)
        }
    }

    private static func object(path: String, data: Data, mode: mode_t) -> ResourceObject {
        ResourceObject(id: path, attributes: [
            "path": .string(path), "content": .string(String(decoding: data, as: UTF8.self)),
            "mode": .string(FileMode.format(mode)), "id": .string(path),
            "sha256": .string(Digest.sha256Hex(data)), "size": .number(Double(data.count)),
        ])
    }
}
