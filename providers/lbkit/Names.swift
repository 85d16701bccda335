/// Names that become part of a file name and a configuration keyword.
public enum ResourceName {
    /// Letters, digits, `_`, `-` and `.`, not starting with a dot, at most 64 characters.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix(".")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
    }

    public static let rule = "use letters, digits, `_`, `-` and `.` only (at most 64 characters, not starting with a dot)"
}
