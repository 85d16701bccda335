import CairnAddresses

/// A place in a stack file. Lines and columns start at 1.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The same file, `columns` further along the line.
    public func advanced(by columns: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + columns)
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// An error or warning about the user's input, with where it is and how to fix it.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// Resource instance, when the problem belongs to one (`backend[0]`; a whole block has no key).
    public var address: ResourceInstanceAddress?
    public var hint: String?

    public init(
        _ severity: Severity = .error, _ message: String, at location: SourceLocation? = nil,
        address: ResourceInstanceAddress? = nil, hint: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.location = location
        self.address = address
        self.hint = hint
    }

    public static func error(
        _ message: String, at location: SourceLocation? = nil, address: ResourceInstanceAddress? = nil,
        hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, message, at: location, address: address, hint: hint)
    }

    public static func warning(
        _ message: String, at location: SourceLocation? = nil, address: ResourceInstanceAddress? = nil,
        hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, message, at: location, address: address, hint: hint)
    }

    /// `file:line:col: error: [address: ]message`, then the hint on its own line.
    public var description: String {
        var s = ""
        if let location { s += "\(location): " }
        s += "\(severity.rawValue): "
        if let address { s += "\(address): " }
        s += message
        if let hint { s += "\n  hint: \(hint)" }
        return s
    }

    /// The order diagnostics are reported in: by file, line and column (those without a place
    /// first), then by address, then by message; never by their text, where line 50 sorts before 6.
    public static func inReportOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        switch (a.location, b.location) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (let x?, let y?) where x != y: return x < y
        default: break
        }
        switch (a.address, b.address) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (let x?, let y?) where x != y: return x < y
        default: return a.message < b.message
        }
    }
}

/// Several diagnostics reported together.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while work goes on, so several problems are reported at once.
public struct DiagnosticBag: Sendable {
    public private(set) var items: [Diagnostic] = []
    public init() {}
    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public mutating func append(_ d: Diagnostic) { items.append(d) }
    public mutating func append(contentsOf ds: [Diagnostic]) { items.append(contentsOf: ds) }

    /// Records whatever diagnostics an error carries.
    public mutating func add(_ error: any Error) {
        switch error {
        case let e as Diagnostic: items.append(e)
        case let e as DiagnosticError: items.append(contentsOf: e.diagnostics)
        default: items.append(.error("\(error)"))
        }
    }

    /// Runs `body`, recording any diagnostic it throws; returns nil when it threw.
    public mutating func capture<T>(_ body: () throws -> T) -> T? {
        do { return try body() } catch let e as Diagnostic {
            items.append(e)
        } catch let e as DiagnosticError {
            items.append(contentsOf: e.diagnostics)
        } catch {
            items.append(.error("\(error)"))
        }
        return nil
    }

    /// Throws every error collected so far, sorted by place (`Diagnostic.inReportOrder`).
    public func throwIfErrors() throws {
        guard hasErrors else { return }
        throw DiagnosticError(items.sorted(by: Diagnostic.inReportOrder))
    }
}
