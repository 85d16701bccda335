import ArgumentParser

/// Lets the flags every command takes come before the command too: `cairn --log-level debug plan`
/// reads as `cairn plan --log-level debug`. The parser only knows them as options of each
/// (sub)command, so they are moved to just after the command's name.
enum GlobalFlagOrder {
    /// Flags that take a value, and flags that don't.
    static let withValue: Set<String> = ["--state", "--log-level", "--log-format"]
    static let bare: Set<String> = ["--no-color"]

    static func reordered(_ arguments: [String], root: any ParsableCommand.Type) -> [String] {
        var leading: [String] = []
        var i = 0
        while i < arguments.count {
            let name = arguments[i].split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            if bare.contains(arguments[i]) || (withValue.contains(name) && arguments[i].contains("=")) {
                leading.append(arguments[i])
                i += 1
            } else if withValue.contains(arguments[i]), i + 1 < arguments.count {
                leading += arguments[i...(i + 1)]
                i += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        // The command's name, and its subcommand's (state list, backup create) when it has them.
        var rest = Array(arguments[i...])
        var path: [String] = []
        var commands = root.configuration.subcommands
        while let next = rest.first, let command = commands.first(where: { $0.configuration.commandName == next }) {
            path.append(next)
            rest.removeFirst()
            commands = command.configuration.subcommands
        }
        guard !path.isEmpty else { return arguments }
        return path + leading + rest
    }
}
