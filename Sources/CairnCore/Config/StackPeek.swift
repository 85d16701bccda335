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
        firstLine(in: data) { line -> Bool? in
            let unquoted = line.first == UInt8(ascii: "\"") || line.first == UInt8(ascii: "'") ? line.dropFirst() : line
            return unquoted.starts(with: word) ? true : nil
        } ?? false
    }

    /// NAME from the first line that is exactly `stack: NAME` (a comment may follow); nil when
    /// there is none or NAME is not a name the loader would take unquoted.
    static func stackName(in data: Data) -> String? {
        let key = Array("stack:".utf8)
        let text = firstLine(in: data) { line in
            line.starts(with: key) ? String(decoding: line.dropFirst(key.count), as: UTF8.self) : nil
        }
        guard var text else { return nil }
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        let candidate = text.trimmingCharacters(in: .whitespaces)
        return SectionBuilder.isIdentifier(candidate) ? candidate : nil
    }

    /// What `match` gives for the first line (without its newline) it gives anything for.
    private static func firstLine<T>(in data: Data, _ match: (Slice<UnsafeRawBufferPointer>) -> T?) -> T? {
        data.withUnsafeBytes { bytes in
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                if let found = match(bytes[start..<end]) { return found }
                start = end + 1
            }
            return nil
        }
    }
}
