import ArgumentParser
import CairnCore
import CairnProviderKit

struct OutputCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "output", abstract: "Print the stack's outputs.")

    @Argument(help: "One output's name (default: all).") var name: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator
    @Flag(name: .long, help: "Print JSON (sensitive values stay masked).") var json = false
    @Flag(name: .long, help: "Print one output's raw value, sensitive or not, for scripts.") var raw = false

    func validate() throws {
        if raw && name == nil { throw ValidationError("--raw needs an output name") }
    }

    func run() async throws {
        let t = global.terminal
        try await ErrorReport.run(t) {
            let outputs = try locator.openExisting(global: global).snapshot().outputs
            if let name {
                guard let v = outputs[name] else {
                    throw DiagnosticError(
                        .error(
                            "no output named \"\(name)\"",
                            hint: Suggestion.hint(for: name, among: outputs.keys)
                                ?? "outputs: \(outputs.keys.sorted().joined(separator: ", "))"))
                }
                if raw {
                    let plain = v.deepUnmarked
                    Terminal.out(plain.stringValue ?? plain.plainJSONString())
                } else if json {
                    Terminal.out(ValueFormatter.redacted(v).jsonString())
                } else {
                    Terminal.out(ValueFormatter.text(v))
                }
                return
            }
            if json {
                Terminal.out(ValueFormatter.redacted(.map(outputs)).jsonString())
                return
            }
            for (k, v) in outputs.sorted(by: { $0.key < $1.key }) { Terminal.out("\(k) = \(ValueFormatter.text(v))") }
        }
    }
}
