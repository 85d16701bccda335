/// The text of a template as unicode scalars, able to say where each scalar was written.
struct SourceText: Sendable {
    let scalars: [Unicode.Scalar]
    private let origin: SourceLocation
    /// Offsets of the first scalar of every line after the first.
    private let lineStarts: [Int]

    init(_ text: String, at origin: SourceLocation) {
        scalars = Array(text.unicodeScalars)
        self.origin = origin
        var starts: [Int] = []
        for (i, s) in scalars.enumerated() where s == "\n" { starts.append(i + 1) }
        lineStarts = starts
    }

    var count: Int { scalars.count }

    /// The text of `range`; ASCII, nearly every name, is copied byte for byte.
    func text(_ range: Range<Int>) -> String {
        let slice = scalars[range]
        if slice.allSatisfy(\.isASCII) {
            return String(unsafeUninitializedCapacity: slice.count) { buffer in
                var i = 0
                for s in slice {
                    buffer[i] = UInt8(truncatingIfNeeded: s.value)
                    i += 1
                }
                return i
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: slice)
        return String(view)
    }

    subscript(_ offset: Int) -> Unicode.Scalar? {
        offset >= 0 && offset < scalars.count ? scalars[offset] : nil
    }

    /// Later lines start at the first line's column: multi-line text comes from YAML block
    /// scalars, whose lines all share the block's indentation.
    func location(at offset: Int) -> SourceLocation {
        var low = 0
        var high = lineStarts.count
        while low < high {
            let mid = (low + high) / 2
            if lineStarts[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return origin.advanced(by: offset) }
        return SourceLocation(
            file: origin.file, line: origin.line + low,
            column: origin.column + offset - lineStarts[low - 1])
    }
}
