import Foundation

/// `String(format: "%.2f", x)` without Foundation's formatter, which costs ~20 µs a call — once per
/// finished step, on the way to its dependents starting. Rounds like printf: the exact binary value
/// to the nearest hundredth, ties to even.
public enum TwoDecimals {
    public static func format(_ x: Double) -> String {
        // NaN, negatives and huge values keep the formatter's own output.
        guard x.sign == .plus, x < 1e12 else { return String(format: "%.2f", x) }
        // k = floor(x * 100), exactly: a fused multiply-add gives the sign of x*100 - k unrounded.
        var k = (x * 100).rounded(.down)
        if (-k).addingProduct(x, 100) < 0 { k -= 1 }
        if (-(k + 1)).addingProduct(x, 100) >= 0 { k += 1 }
        let pastHalf = (-(k + 0.5)).addingProduct(x, 100)
        var hundredths = UInt64(k)
        if pastHalf > 0 || (pastHalf == 0 && hundredths % 2 == 1) { hundredths += 1 }
        let cents = hundredths % 100
        return "\(hundredths / 100)." + (cents < 10 ? "0\(cents)" : "\(cents)")
    }
}
