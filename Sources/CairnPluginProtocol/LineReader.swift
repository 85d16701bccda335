#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a byte stream into lines of at most `maxLine` bytes. A longer line is reported once as
/// `overlong` (with its first `maxLine` bytes) and the rest of it is dropped, so memory stays bounded
/// whatever the other side writes.
public struct LineBuffer: Sendable {
    public enum Item: Sendable, Hashable {
        case line([UInt8])
        case overlong(prefix: [UInt8])
    }

    public let maxLine: Int
    private var pending: [UInt8] = []
    private var discarding = false

    public init(maxLine: Int) { self.maxLine = maxLine }

    public mutating func append(_ bytes: some Collection<UInt8>) -> [Item] {
        var items: [Item] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            if let nl = rest.firstIndex(of: UInt8(ascii: "\n")) {
                take(rest[..<nl], into: &items)
                if !discarding { items.append(.line(pending)) }
                pending.removeAll(keepingCapacity: true)
                discarding = false
                rest = rest[rest.index(after: nl)...]
            } else {
                take(rest, into: &items)
                break
            }
        }
        return items
    }

    /// What is left at end of input: a last line without its newline.
    public mutating func finish() -> Item? {
        defer {
            pending = []
            discarding = false
        }
        return discarding || pending.isEmpty ? nil : .line(pending)
    }

    private mutating func take(_ part: some Collection<UInt8>, into items: inout [Item]) {
        guard !discarding else { return }
        if pending.count + part.count > maxLine {
            pending.append(contentsOf: part.prefix(maxLine - pending.count))
            items.append(.overlong(prefix: pending))
            pending.removeAll()
            discarding = true
        } else {
            pending.append(contentsOf: part)
        }
    }
}

public enum LineReader {
    /// Reads `fd` on the calling thread until end of input, a read error, or `body` returning false,
    /// handing over each line (without its newline). Returns the errno of a failed read, or 0.
    @discardableResult
    public static func run(fd: Int32, maxLine: Int, _ body: (LineBuffer.Item) -> Bool) -> Int32 {
        var lines = LineBuffer(maxLine: maxLine)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 {
                if let last = lines.finish() { _ = body(last) }
                return 0
            }
            for item in lines.append(chunk[..<n]) where !body(item) { return 0 }
        }
    }
}
