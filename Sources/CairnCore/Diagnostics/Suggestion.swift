/// Finds names close to a misspelt one, for "did you mean" hints.
public enum Suggestion {
    public static func near(_ name: String, among candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let typed = Array(name.lowercased().unicodeScalars)
        guard typed.count <= 64 else { return [] }
        let allowed = typed.count <= 3 ? 1 : max(2, typed.count / 3)
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            let other = Array(candidate.lowercased().unicodeScalars)
            guard abs(other.count - typed.count) <= allowed else { return nil }
            let d = distance(typed, other)
            return d <= allowed ? (candidate, d) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    public static func hint(for name: String, among candidates: some Sequence<String>) -> String? {
        let names = near(name, among: candidates)
        guard !names.isEmpty else { return nil }
        return "did you mean " + names.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
    }

    /// Edit distance where swapping two neighbours counts as one edit.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], before[j - 2] + 1)
                }
            }
            (before, previous, row) = (previous, row, before)
        }
        return previous[b.count]
    }
}
