import ArgumentParser
import CairnCore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Adopt an existing resource into state.")

    @Argument(help: "The address the stack declares, e.g. site or backend[0].") var address: String
    @Argument(help: "The provider's id of the existing object.") var id: String
    @Argument(help: "The stack folder.") var dir: String = "."
    @OptionGroup var global: GlobalOptions
    @OptionGroup var variableFlags: VariableFlags

    func run() async throws {
        let t = global.terminal
        try await ErrorReport.run(t) {
            let address = try AddressArguments.instance(address)
            let session = try await StackSession.open(.folder(dir), global: global, lockingStateFor: "import")
            let ws = session.workspace
            let state = session.state!
            let record = try await state.run {
                let variables = try ws.variables(variableFlags.inputs)
                return try await Importer(
                    config: ws.config, graph: ws.graph, registry: ws.registry, store: state.store, variables: variables,
                    environment: Operations.environment
                ).run(address: address, id: id, user: Identity.user)
            }
            Terminal.out(
                t.paint("Imported", .green)
                    + " \(record.address) (\(record.type)) [id=\(record.id)]. Run `cairn plan` to see how it differs from the configuration."
            )
        }
    }
}
