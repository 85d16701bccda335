import Foundation

/// Times are stored as whole milliseconds since 1970, so a date read back equals the one returned
/// when it was written.
enum StoredTime {
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// Now, at the precision the database keeps.
    static func now() -> Date {
        rounded(Date())
    }

    /// `date` at the precision the database keeps.
    static func rounded(_ date: Date) -> Date {
        self.date(milliseconds: milliseconds(date))
    }
}
