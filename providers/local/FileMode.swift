import CairnProviderKit
import Foundation

enum FileMode {
    /// "0644" → 0o644; nil unless it is octal within 0…0777.
    static func parse(_ text: String) -> mode_t? {
        guard !text.isEmpty, text.count <= 4, let n = Int(text, radix: 8), (0...0o777).contains(n) else { return nil }
        return mode_t(n)
    }

    static func format(_ mode: mode_t) -> String { String(format: "%04o", Int(mode & 0o777)) }

    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    /// The permission bits of an existing path, nil when it doesn't exist.
    static func current(_ path: String) -> mode_t? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return st.st_mode & 0o777
    }

    /// A provider error from errno at the moment of failure.
    static func posixError(_ what: String, _ path: String) -> ProviderError {
        ProviderError("\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
