/// Line-by-line rendering of multi-line strings in plans, so a changed config file reads like a diff.
enum TextDiff {
    enum Line: Equatable { case same(String), removed(String), added(String) }

    /// Longest-common-subsequence diff; texts over `limit` lines are shown as all removed then all added.
    static func lines(_ before: String, _ after: String, limit: Int = 600) -> [Line] {
        let a = split(before)
        let b = split(after)
        guard a.count <= limit, b.count <= limit else { return a.map(Line.removed) + b.map(Line.added) }
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [Line] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                out.append(.same(a[i]))
                i += 1
                j += 1
            } else if j < b.count, i == a.count || lcs[i][j + 1] > lcs[i + 1][j] {
                out.append(.added(b[j]))
                j += 1
            } else {
                out.append(.removed(a[i]))
                i += 1
            }
        }
        return out
    }

    static func split(_ s: String) -> [String] {
        var parts = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    static func isMultiline(_ s: String) -> Bool { s.contains("\n") }
}
