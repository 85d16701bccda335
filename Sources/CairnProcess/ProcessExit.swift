#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a child process ended.
public enum ProcessExit: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    /// Reaped by someone else; the status is not known.
    case unknown

    /// From waitpid's status word.
    init(waitStatus status: Int32) {
        let sig = status & 0x7f
        self = sig == 0 ? .exited((status >> 8) & 0xff) : .signaled(sig)
    }

    public var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signaled(let sig):
            let name: String
            switch sig {
            case SIGKILL: name = " (SIGKILL)"
            case SIGTERM: name = " (SIGTERM)"
            case SIGSEGV: name = " (SIGSEGV)"
            case SIGABRT: name = " (SIGABRT)"
            case SIGINT: name = " (SIGINT)"
            default: name = ""
            }
            return "was killed by signal \(sig)\(name)"
        case .unknown: return "exited"
        }
    }
}
