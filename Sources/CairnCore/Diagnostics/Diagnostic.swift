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
    /// Resource address, when the problem belongs to one (`web.backend[0]`).
    public var address: String?
    public var hint: String?

    public init(_ severity: Severity = .error, _ message: String, at location: SourceLocation? = nil,
                address: String? = nil, hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.address = address
        self.hint = hint
    }

    public static func error(_ message: String, at location: SourceLocation? = nil, address: String? = nil, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location, address: address, hint: hint)
    }

    public static func warning(_ message: String, at location: SourceLocation? = nil, address: String? = nil, hint: String? = nil) -> Diagnostic {
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

    /// Throws every error collected so far, sorted by place.
    public func throwIfErrors() throws {
        guard hasErrors else { return }
        throw DiagnosticError(items.sorted { ($0.location?.description ?? "") < ($1.location?.description ?? "") })
    }
}
