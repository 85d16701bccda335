import CairnDigest
import CairnProviderKit

/// Unbiased random numbers from OpenSSL's generator.
enum SecureRandom {
    static func next() throws -> UInt64 {
        try Digest.randomBytes(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Uniform in 0..<bound. Plain `next() % bound` would favour small results whenever 2^64 is
    /// not a multiple of bound, so draws below 2^64 mod bound are thrown away and redrawn.
    static func uniform(below bound: UInt64) throws -> UInt64 {
        precondition(bound > 0, "uniform(below:) needs a positive bound")
        let rejectBelow = (0 &- bound) % bound
        while true {
            let draw = try next()
            if draw >= rejectBelow { return draw % bound }
        }
    }

    /// Uniform in the closed range.
    static func integer(in range: ClosedRange<Int>) throws -> Int {
        // Two's-complement arithmetic gives the right width even for ranges spanning most of Int.
        let span = UInt64(bitPattern: Int64(range.upperBound) &- Int64(range.lowerBound))
        let offset = span == .max ? try next() : try uniform(below: span + 1)
        return range.lowerBound &+ Int(truncatingIfNeeded: offset)
    }

    static func element<C: RandomAccessCollection>(of items: C) throws -> C.Element where C.Index == Int {
        items[items.startIndex + Int(try uniform(below: UInt64(items.count)))]
    }

    /// Fisher–Yates shuffle.
    static func shuffle<T>(_ items: inout [T]) throws {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, Int(try uniform(below: UInt64(i + 1))))
        }
    }
}
