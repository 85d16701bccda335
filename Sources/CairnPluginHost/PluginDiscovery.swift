import CairnPluginProtocol
import CairnProviderKit
import Foundation

/// An executable found where plugins are looked for.
public struct PluginCandidate: Sendable, Hashable {
    public var name: String
    public var path: String
}

/// Finds `cairn-provider-NAME` executables: first in the stack's `plugins/` folder, then in each
/// folder of `CAIRN_PLUGIN_PATH` (colon-separated), in order. The first one found for a name wins.
public enum PluginDiscovery {
    public static func folders(stackDirectory: String?, environment: [String: String]) -> [String] {
        var folders: [String] = []
        if let stackDirectory {
            folders.append(URL(fileURLWithPath: stackDirectory).appendingPathComponent("plugins").path)
        }
        for entry in (environment["CAIRN_PLUGIN_PATH"] ?? "").split(separator: ":") where !entry.isEmpty {
            folders.append(URL(fileURLWithPath: String(entry)).standardizedFileURL.path)
        }
        return folders
    }

    /// Executables by name, and the files that look like plugins but cannot be run (with why).
    public static func find(in folders: [String]) -> (found: [String: PluginCandidate], skipped: [String: String]) {
        var found: [String: PluginCandidate] = [:]
        var skipped: [String: String] = [:]
        let fm = FileManager.default
        for folder in folders {
            guard let entries = try? fm.contentsOfDirectory(atPath: folder) else { continue }
            for file in entries.sorted() where file.hasPrefix(PluginProtocol.executablePrefix) {
                let name = String(file.dropFirst(PluginProtocol.executablePrefix.count))
                guard found[name] == nil, PluginProtocol.isValidProviderName(name) else { continue }
                let path = URL(fileURLWithPath: folder).appendingPathComponent(file).path
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                    if skipped[name] == nil { skipped[name] = "\(path) is not a file (or is a broken link)" }
                    continue
                }
                guard fm.isExecutableFile(atPath: path) else {
                    if skipped[name] == nil { skipped[name] = "\(path) is not executable (chmod +x it)" }
                    continue
                }
                found[name] = PluginCandidate(name: name, path: path)
            }
        }
        for name in found.keys { skipped[name] = nil }
        return (found, skipped)
    }
}
