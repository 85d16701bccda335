import CairnProviderKit
import Foundation

/// Writes a POSIX ustar archive in memory: regular files, directories and symbolic links, with
/// owner 0 and time 0 so the same tree always gives the same bytes (and the same hash).
struct TarWriter {
    private(set) var data = Data()

    enum Entry {
        case file(Data, mode: Int)
        case directory(mode: Int)
        case symlink(target: String)
    }

    mutating func add(_ path: String, _ entry: Entry) throws {
        var header = [UInt8](repeating: 0, count: 512)
        let (prefix, name) = try Self.split(path)
        put(name, at: 0, width: 100, in: &header)
        let size: Int
        switch entry {
        case .file(let content, let mode):
            putOctal(mode & 0o7777, at: 100, width: 8, in: &header)
            size = content.count
            header[156] = UInt8(ascii: "0")
        case .directory(let mode):
            putOctal(mode & 0o7777, at: 100, width: 8, in: &header)
            size = 0
            header[156] = UInt8(ascii: "5")
        case .symlink(let target):
            guard target.utf8.count <= 100 else {
                throw ProviderError(
                    "build context: the link \(path) points at a path longer than 100 bytes",
                    hint: "shorten the link's target or leave it out of the context")
            }
            putOctal(0o777, at: 100, width: 8, in: &header)
            put(target, at: 157, width: 100, in: &header)
            size = 0
            header[156] = UInt8(ascii: "2")
        }
        putOctal(0, at: 108, width: 8, in: &header)
        putOctal(0, at: 116, width: 8, in: &header)
        putOctal(size, at: 124, width: 12, in: &header)
        putOctal(0, at: 136, width: 12, in: &header)
        put("ustar", at: 257, width: 6, in: &header)
        put("00", at: 263, width: 2, in: &header)
        put(prefix, at: 345, width: 155, in: &header)
        // The checksum is summed with its own field read as eight spaces.
        for i in 148..<156 { header[i] = UInt8(ascii: " ") }
        let sum = header.reduce(0) { $0 + Int($1) }
        putOctal(sum, at: 148, width: 7, in: &header)
        data.append(contentsOf: header)
        if case .file(let content, _) = entry {
            data.append(content)
            let padding = (512 - content.count % 512) % 512
            data.append(Data(count: padding))
        }
    }

    /// The archive with its two closing zero blocks.
    func finished() -> Data { data + Data(count: 1024) }

    /// ustar keeps 100 bytes of name plus a 155-byte prefix split at a slash.
    private static func split(_ path: String) throws -> (prefix: String, name: String) {
        let bytes = Array(path.utf8)
        if bytes.count <= 100 { return ("", path) }
        for (index, byte) in bytes.enumerated().reversed() where byte == UInt8(ascii: "/") {
            let prefix = bytes[..<index]
            let name = bytes[(index + 1)...]
            if prefix.count <= 155, name.count <= 100, !name.isEmpty {
                return (String(decoding: prefix, as: UTF8.self), String(decoding: name, as: UTF8.self))
            }
        }
        throw ProviderError(
            "build context: the path \(path) is too long for a tar archive (ustar allows 255 bytes)",
            hint: "shorten the path or leave the file out of the context")
    }

    private func put(_ text: String, at offset: Int, width: Int, in header: inout [UInt8]) {
        for (i, byte) in text.utf8.prefix(width).enumerated() { header[offset + i] = byte }
    }

    /// Zero-padded octal digits followed by a NUL, filling `width` bytes.
    private func putOctal(_ value: Int, at offset: Int, width: Int, in header: inout [UInt8]) {
        let digits = String(value, radix: 8)
        let padded = String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        put(padded, at: offset, width: width - 1, in: &header)
        header[offset + width - 1] = 0
    }
}
