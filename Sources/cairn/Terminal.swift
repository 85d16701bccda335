import Foundation

/// Output conventions: colour only on a terminal and never with NO_COLOR or --no-color;
/// errors to stderr.
struct Terminal: Sendable {
    let color: Bool

    init(noColor: Bool) {
        let env = ProcessInfo.processInfo.environment
        color = !noColor && env["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1 && env["TERM"] != "dumb"
    }

    enum Style: String {
        case green = "32"
        case yellow = "33"
        case red = "31"
        case cyan = "36"
        case bold = "1"
        case dim = "2"
    }

    private init(color: Bool) { self.color = color }

    /// For text written to stderr: coloured only when stderr itself is a terminal.
    var forErrors: Terminal { Terminal(color: color && isatty(STDERR_FILENO) == 1) }

    func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
