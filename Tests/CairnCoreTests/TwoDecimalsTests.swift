import Foundation
import Testing

@testable import CairnCore

/// The progress lines' elapsed times must read exactly as printf's "%.2f" did.
@Suite struct TwoDecimalsTests {
    static func printf(_ x: Double) -> String { String(format: "%.2f", x) }

    @Test func tiesAndNearTiesRoundLikePrintf() {
        var values: [Double] = [
            0, 0.004, 0.005, 0.0050000001, 0.015, 0.025, 0.125, 0.375, 0.625, 0.875, 1.125, 2.5,
            0.145, 0.155, 0.165, 0.285, 1.005, 1.015, 9.995, 99.995, 0.994999, 0.995, 0.999,
            1, 10, 100, 123456.785, 999_999_999_999.99, 1e12, 1e15, -0.0, -1.5, .infinity, .nan,
        ]
        // Every hundredth and the values either side of every half-hundredth up to 20 s.
        for i in 0...4000 {
            let half = (Double(i) + 0.5) / 100
            values += [Double(i) / 100, half, half.nextUp, half.nextDown, Double(i) / 100 + 0.005]
        }
        for x in values {
            #expect(TwoDecimals.format(x) == Self.printf(x), "x = \(x)")
        }
    }

    @Test func randomElapsedTimesMatchPrintf() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<50_000 {
            let x = Double.random(in: 0..<120, using: &rng)
            #expect(TwoDecimals.format(x) == Self.printf(x), "x = \(x)")
        }
        for _ in 0..<20_000 {
            let x = Double(bitPattern: UInt64.random(in: 0..<0x4270_0000_0000_0000, using: &rng)) // 0 up to ~1e12
            #expect(TwoDecimals.format(x) == Self.printf(x), "x = \(x)")
        }
    }
}
