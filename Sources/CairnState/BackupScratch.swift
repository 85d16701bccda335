import Foundation

/// A private temporary folder (mode 0700) for scratch copies of backups, removed when done.
public struct BackupScratch: Sendable {
    public let path: String

    public init() throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("cairn-scratch-\(UUID().uuidString.lowercased())").path
        try BackupFiles.createPrivateFolder(path)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Runs `body` with a new scratch folder, removing it afterwards whatever happens.
    public static func with<T>(_ body: (BackupScratch) async throws -> T) async throws -> T {
        let scratch = try BackupScratch()
        do {
            let result = try await body(scratch)
            scratch.remove()
            return result
        } catch {
            scratch.remove()
            throw error
        }
    }
}
