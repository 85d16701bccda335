/// A guarantee a store did not keep, with where the check found out.
public struct ConformanceFailure: Error, CustomStringConvertible {
    public let message: String
    public let file: StaticString
    public let line: UInt
    public var description: String { "\(file):\(line): \(message)" }
}

func expect(
    _ condition: Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) throws {
    guard condition else { throw ConformanceFailure(message: message(), file: file, line: line) }
}

func expectEqual<T: Equatable>(
    _ actual: T, _ expected: T, _ what: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) throws {
    guard actual == expected else {
        throw ConformanceFailure(message: "\(what()): expected \(expected), got \(actual)", file: file, line: line)
    }
}

/// Runs `body`, which must throw an `E`; returns it.
@discardableResult
func expectThrows<E: Error>(
    _ type: E.Type, _ what: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line, _ body: () throws -> Void
) throws -> E {
    do {
        try body()
    } catch let error as E {
        return error
    } catch {
        throw ConformanceFailure(message: "\(what()): expected \(E.self), got \(error)", file: file, line: line)
    }
    throw ConformanceFailure(message: "\(what()): expected \(E.self) to be thrown, nothing was", file: file, line: line)
}
