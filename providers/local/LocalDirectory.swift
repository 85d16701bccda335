import CairnProviderKit
import Foundation

/// `local.directory`: a folder Cairn creates (or adopts, if it exists) and removes only when it
/// created it and it is empty.
enum LocalDirectory {
    static func create(_ properties: [String: Value]) throws -> ResourceObject {
        guard let raw = properties["path"]?.stringValue else { throw ProviderError("local.directory needs path") }
        let path = FileMode.absolute(raw)
        let mode = FileMode.parse(properties["mode"]?.stringValue ?? "0755") ?? 0o755
        var isDir: ObjCBool = false
        let existed = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
        if existed && !isDir.boolValue { throw ProviderError("\(path) exists and is not a folder") }
        if !existed {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw ProviderError("cannot create folder \(path): \(error.localizedDescription)")
            }
        }
        guard chmod(path, mode) == 0 else { throw FileMode.posixError("cannot set the mode of", path) }
        return object(path: path, mode: mode, created: !existed)
    }

    static func update(prior: ResourceObject, _ properties: [String: Value]) throws -> ResourceObject {
        let mode = FileMode.parse(properties["mode"]?.stringValue ?? "0755") ?? 0o755
        guard chmod(prior.id, mode) == 0 else { throw FileMode.posixError("cannot set the mode of", prior.id) }
        return object(path: prior.id, mode: mode, created: prior.attributes["created"]?.boolValue ?? false)
    }

    static func read(path: String, created: Bool) throws -> ResourceObject? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { return nil }
        return object(path: path, mode: FileMode.current(path) ?? 0o755, created: created)
    }

    static func delete(path: String, created: Bool) throws {
        guard created else { return }   // adopted folders are left alone
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        guard entries.isEmpty else {
            let shown = entries.sorted().prefix(3).joined(separator: ", ") + (entries.count > 3 ? ", …" : "")
            throw ProviderError("folder \(path) is not empty (\(shown)); Cairn removes only empty folders it created",
                                hint: "remove what is inside, or `cairn state rm` the folder to stop managing it")
        }
        if rmdir(path) != 0 && errno != ENOENT {
            throw FileMode.posixError("cannot remove", path)
        }
    }

    private static func object(path: String, mode: mode_t, created: Bool) -> ResourceObject {
        ResourceObject(id: path, attributes: ["path": .string(path), "mode": .string(FileMode.format(mode)),
                                              "id": .string(path), "created": .bool(created)])
    }
}
