import CairnProviderKit

/// The diagnostics evaluation stops with when a limit is reached: each names the limit, its value
/// and the variable that raises it.
enum LimitExceeded {
    static func string(_ bytes: Int, limit: Int, by what: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic.error(
            "\(what) would build a string of \(amount(bytes, "bytes")), over the limit of "
                + "\(amount(limit, "bytes")) per string", at: location,
            hint: raise(.stringBytes))
    }

    static func collection(limit: Int, by what: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic.error(
            "\(what) would build a list or map of more than \(limit) values, the limit per "
                + "list or map (values nested inside count)", at: location,
            hint: raise(.collectionElements))
    }

    static func expressionWork(limit: Int, at location: SourceLocation) -> Diagnostic {
        Diagnostic.error(
            "this expression does more than \(amount(limit, "units")) of work (about one per byte "
                + "or value it builds), the limit per expression", at: location,
            hint: raise(.expressionWork))
    }

    static func runWork(local name: String, limit: Int, at location: SourceLocation) -> Diagnostic {
        Diagnostic.error(
            "the values of the locals, up to local.\(name), add up to more than "
                + "\(amount(limit, "units")) (about one per byte or value), the limit for all locals of a run",
            at: location, hint: raise(.runWork))
    }

    private static func raise(_ kind: EvaluationLimits.Kind) -> String {
        "the limit guards against runaway expressions; if this stack really needs more, raise it with "
            + "\(kind.variable)=N (docs/stack-format.md, \"Limits\")"
    }

    /// `1234 bytes`, or `70 GiB (75161927680 bytes)` when large.
    static func amount(_ n: Int, _ unit: String) -> String {
        let mib = Double(n) / 1_048_576
        if unit == "bytes", mib >= 1 {
            let gib = mib / 1024
            let short = gib >= 1 ? "\(rounded(gib)) GiB" : "\(rounded(mib)) MiB"
            return "\(short) (\(n) bytes)"
        }
        return "\(n) \(unit)"
    }

    private static func rounded(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String((x * 10).rounded() / 10)
    }
}
