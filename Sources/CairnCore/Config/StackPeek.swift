import Foundation

/// A look at a stack folder's files before they are parsed: the stack's name, when the files say
/// it plainly and set no `backend:`. Lets a command find its default state file, and start reading
/// it, while the YAML is still loading. Only a guess: the loaded stack decides.
public enum StackPeek {
    /// NAME from a plain `stack: NAME` line in stack.yaml, or nil when there is none, NAME is not
    /// a plain name, or any file has a line starting with `backend` (quoted or not).
    public static func nameWithoutBackend(directory: String) -> String? {
        let dir = URL(fileURLWithPath: directory).standardizedFileURL.path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return nil }
        var name: String?
        for file in names where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
            guard let data = FileManager.default.contents(atPath: dir + "/" + file) else { return nil }
            if startsALine(Array("backend".utf8), in: data) { return nil }
            if file == "stack.yaml" { name = stackName(in: data) }
        }
        return name
    }

    /// Whether a line starts with `word`, optionally after a quote.
    static func startsALine(_ word: [UInt8], in data: Data) -> Bool {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var i = 0
            while i < bytes.count {
                var j = i
                if j < bytes.count, bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") { j += 1 }
                if j + word.count <= bytes.count, word.indices.allSatisfy({ bytes[j + $0] == word[$0] }) { return true }
                guard let newline = nextNewline(in: bytes, from: i) else { return false }
                i = newline + 1
            }
            return false
        }
    }

    /// NAME from the first line that is exactly `stack: NAME` (a comment may follow); nil when
    /// there is none or NAME is quoted or not a plain name.
    static func stackName(in data: Data) -> String? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String? in
            let key = Array("stack:".utf8)
            var i = 0
            while i < bytes.count {
                let end = nextNewline(in: bytes, from: i) ?? bytes.count
                if end - i > key.count, key.indices.allSatisfy({ bytes[i + $0] == key[$0] }) {
                    var text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(i + key.count)..<end]), as: UTF8.self)
                    if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
                    let candidate = text.trimmingCharacters(in: .whitespaces)
                    return isPlainName(candidate) ? candidate : nil
                }
                i = end + 1
            }
            return nil
        }
    }

    private static func nextNewline(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var i = start
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") { return i }
            i += 1
        }
        return nil
    }

    static func isPlainName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
