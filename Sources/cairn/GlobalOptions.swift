import ArgumentParser
import CairnAddresses
import CairnCore
import Foundation

/// Flags every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long, help: "State database path (default: state/STACK.sqlite under the current folder, or the stack's backend: setting).")
    var state: String?

    @Flag(name: .long, help: "Never colour output (NO_COLOR does the same).")
    var noColor = false

    @Option(name: .long, help: "Log level: trace, debug, info, warning, error.")
    var logLevel: String = "warning"

    @Option(name: .long, help: "Log format: text or json.")
    var logFormat: String = "text"

    func validate() throws {
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, warning, error")
        }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format must be text or json") }
        if let problem = EvaluationLimits.problems(in: ProcessInfo.processInfo.environment).first {
            throw ValidationError(problem)
        }
        LogSetup.bootstrap(level: logLevel, format: logFormat)
    }

    var terminal: Terminal { Terminal(noColor: noColor) }
}

/// `--var` and `--var-file`, for every command that evaluates the stack.
struct VariableFlags: ParsableArguments {
    @Option(name: .long, help: "Set a variable: NAME=VALUE (repeatable).")
    var `var`: [String] = []

    @Option(name: .customLong("var-file"), help: "Read variables from a YAML file (repeatable).")
    var varFile: [String] = []

    var isEmpty: Bool { `var`.isEmpty && varFile.isEmpty }
    var inputs: VariableInputs { VariableInputs(assignments: `var`, files: varFile) }
}

/// Flags shared by plan and apply.
struct PlanFlags: ParsableArguments {
    @OptionGroup var variables: VariableFlags

    @Option(name: .long, help: "Only plan this address and what it depends on (repeatable).")
    var target: [String] = []

    @Option(name: .long, help: "Force replacement of this address (repeatable).")
    var replace: [String] = []

    @Option(name: .long, help: "Read real resources before planning (--refresh=false to skip).")
    var refresh: Bool = true

    @Flag(name: .long, help: "Plan to destroy everything in state.")
    var destroy = false

    @Option(name: .long, help: "How many provider operations run at once.")
    var parallelism: Int = 10

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
        for a in target + replace {
            do {
                _ = try AddressTarget.parse(a)
            } catch {
                throw ValidationError(
                    "\"\(a)\" is not a resource address (e.g. site, backend[0], backend[\"a\"], module.app): \(error.problem)")
            }
        }
    }

    func options(environment: [String: String]) -> PlanOptions {
        var o = PlanOptions(environment: environment)
        o.destroy = destroy
        o.refresh = refresh
        o.targets = target.compactMap { try? AddressTarget.parse($0) }
        o.replace = replace.compactMap { try? AddressTarget.parse($0) }
        o.parallelism = parallelism
        return o
    }

    var inputs: VariableInputs { variables.inputs }
}

enum CairnVersionText {
    static let text = CairnVersion.current
}
