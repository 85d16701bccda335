import CairnProviderKit
import CairnState
import Foundation

/// Finds the key that seals the state's secrets: `CAIRN_STATE_KEY`, else the file named by
/// `CAIRN_STATE_KEY_FILE`, else `STACK.key` beside the state database — generated on first use.
enum StateKey {
    static func resolve(statePath: String) throws -> Data {
        let env = ProcessInfo.processInfo.environment
        if let text = env["CAIRN_STATE_KEY"], !text.isEmpty {
            return try parse(text, from: "CAIRN_STATE_KEY")
        }
        if let file = env["CAIRN_STATE_KEY_FILE"], !file.isEmpty {
            return try read(file, from: "CAIRN_STATE_KEY_FILE")
        }
        let keyFile = defaultPath(for: statePath)
        if FileManager.default.fileExists(atPath: keyFile) { return try read(keyFile, from: keyFile) }
        if SQLiteStateStore.hasKeyCheck(path: statePath) {
            throw StateError(
                "\(statePath) holds encrypted secrets, but no key was given and \(keyFile) does not exist",
                hint: "set CAIRN_STATE_KEY or CAIRN_STATE_KEY_FILE to the key this state was created with")
        }
        let key = try SecretBox.generateKey()
        // Only a state that can really be opened gets a key file; otherwise the store's own error
        // (a folder, another kind of file) is the one to report, with nothing left behind.
        guard canHoldState(statePath) else { return key }
        try write(key, to: keyFile)
        Terminal.err(
            "Generated a new state encryption key in \(keyFile). Keep it safe and out of git: without it the secrets in the state cannot be read."
        )
        return key
    }

    /// A missing or empty file, or an SQLite file.
    static func canHoldState(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return true }
        guard !isDir.boolValue, let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 16)
        return head.isEmpty || head == Data("SQLite format 3\0".utf8)
    }

    static func defaultPath(for statePath: String) -> String {
        let url = URL(fileURLWithPath: statePath)
        return url.deletingPathExtension().path + ".key"
    }

    /// 32 bytes as base64 (44 characters) or hex (64 characters).
    static func parse(_ raw: String, from source: String) throws -> Data {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count == 64, let bytes = hexBytes(text) { return bytes }
        if let data = Data(base64Encoded: text), data.count == SecretBox.keyLength { return data }
        throw StateError("\(source) is not a 32-byte key", hint: "use 32 random bytes as base64, e.g. `openssl rand -base64 32`")
    }

    static func read(_ path: String, from source: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StateError("cannot read the state key file \(path)", hint: "check the path and its permissions")
        }
        return try parse(String(decoding: data, as: UTF8.self), from: source)
    }

    static func write(_ key: Data, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let temp = path + ".tmp"
        guard
            FileManager.default.createFile(
                atPath: temp, contents: Data((key.base64EncodedString() + "\n").utf8),
                attributes: [.posixPermissions: 0o600])
        else {
            throw StateError("cannot write the state key file \(path)")
        }
        guard rename(temp, path) == 0 else { throw StateError("cannot write the state key file \(path)") }
    }

    private static func hexBytes(_ s: String) -> Data? {
        var out = Data()
        var it = s.makeIterator()
        while let a = it.next(), let b = it.next() {
            guard let byte = UInt8(String([a, b]), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }
}

extension SQLiteStateStore {
    /// Opens a state database with the key resolved for it.
    static func open(_ path: String) throws -> SQLiteStateStore {
        try SQLiteStateStore(path: path, key: StateKey.resolve(statePath: path))
    }
}

extension StateKey {
    /// Where the current key came from, so `state rekey` knows where the new one goes.
    enum Source {
        case environment
        case file(String)
    }

    static func source(statePath: String) -> Source {
        let env = ProcessInfo.processInfo.environment
        if let k = env["CAIRN_STATE_KEY"], !k.isEmpty { return .environment }
        if let f = env["CAIRN_STATE_KEY_FILE"], !f.isEmpty { return .file(f) }
        return .file(defaultPath(for: statePath))
    }
}

extension StateKey {
    /// The key for a backup's secrets: `CAIRN_STATE_KEY` / `CAIRN_STATE_KEY_FILE`, else the stack's key
    /// file beside the backups folder (`state/STACK.key` for `state/backups/…`) or under ./state.
    /// Never generated: a backup is only readable with the key its state had.
    static func forBackup(_ file: String) -> (BackupManifest) throws -> Data {
        { manifest in
            let env = ProcessInfo.processInfo.environment
            if let text = env["CAIRN_STATE_KEY"], !text.isEmpty { return try parse(text, from: "CAIRN_STATE_KEY") }
            if let f = env["CAIRN_STATE_KEY_FILE"], !f.isEmpty { return try read(f, from: "CAIRN_STATE_KEY_FILE") }
            let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
            let candidates = [
                folder.deletingLastPathComponent().appendingPathComponent("\(manifest.stack).key").path,
                FileManager.default.currentDirectoryPath + "/state/\(manifest.stack).key",
            ]
            guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw StateError(
                    "no key found for the secrets in backup \(file) (looked at \(candidates.joined(separator: ", ")))",
                    hint: "set CAIRN_STATE_KEY or CAIRN_STATE_KEY_FILE to the key of stack \(manifest.stack)")
            }
            return try read(found, from: found)
        }
    }
}
