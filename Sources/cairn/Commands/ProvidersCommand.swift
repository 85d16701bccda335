import ArgumentParser
import CairnAddresses
import CairnCore
import CairnProviderKit

struct ProvidersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "providers", abstract: "List providers, resource types and their schemas.")

    @Argument(help: "A provider (local) or type (local.file) to show in full.") var type: String?
    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        let t = global.terminal
        try await ErrorReport.run(t) {
            let registry = try await ProviderCatalog.everything(stackDirectory: ".")
            var selected: [(ProviderSchema, String?)] = []
            if let type {
                // A provider alone (local), or a type (local.file).
                let typed = type.contains(".") ? try? ResourceType.parse(type) : nil
                guard !type.isEmpty, typed != nil || !type.contains(".") else {
                    throw DiagnosticError(
                        .error(
                            "\"\(type)\" is not a provider or type name",
                            hint: "write a provider (local) or a type (local.file); `cairn providers` lists them"))
                }
                let parts = typed.map { [$0.provider, $0.kind] } ?? [type]
                guard let schema = registry.schema(named: parts[0]) else {
                    throw DiagnosticError(
                        .error(
                            "no provider \"\(parts[0])\"",
                            hint: Suggestion.hint(for: parts[0], among: registry.names)
                                ?? "providers: \(registry.names.joined(separator: ", "))"))
                }
                if parts.count == 2, schema.resources[parts[1]] == nil, schema.dataSources[parts[1]] == nil {
                    throw DiagnosticError(
                        .error(
                            "provider \(parts[0]) has no type \"\(parts[1])\"",
                            hint: "types: \(schema.resources.keys.sorted().map { "\(parts[0]).\($0)" }.joined(separator: ", "))"))
                }
                selected = [(schema, parts.count == 2 ? parts[1] : nil)]
            } else {
                selected = registry.names.map { (registry.schema(named: $0)!, nil) }
            }
            if json {
                Terminal.out(Value.list(selected.map { SchemaText.json($0.0, only: $0.1) }).jsonString(pretty: true))
            } else {
                Terminal.out(selected.map { SchemaText.text($0.0, only: $0.1, full: type != nil, t: t) }.joined(separator: "\n\n"))
            }
        }
    }
}

enum SchemaText {
    static func text(_ s: ProviderSchema, only: String?, full: Bool, t: Terminal) -> String {
        var lines = [t.paint("\(s.name)", .bold) + " \(s.version)"]
        if !s.config.isEmpty {
            lines.append("  settings:")
            lines += props(s.config, indent: "    ")
        }
        for (kind, rs) in s.resources.sorted(by: { $0.key < $1.key }) where only == nil || only == kind {
            lines.append("  resource \(s.name).\(kind)" + (rs.description.isEmpty ? "" : " — \(rs.description)"))
            lines += props(rs.properties, indent: "    ")
        }
        for (kind, rs) in s.dataSources.sorted(by: { $0.key < $1.key }) where only == nil || only == kind {
            lines.append("  data \(s.name).\(kind)" + (rs.description.isEmpty ? "" : " — \(rs.description)"))
            lines += props(rs.properties, indent: "    ")
        }
        return lines.joined(separator: "\n")
    }

    static func props(_ p: [String: PropertySchema], indent: String) -> [String] {
        let width = p.keys.map(\.count).max() ?? 0
        return p.sorted { $0.key < $1.key }.map { name, prop in
            var flags: [String] = []
            if prop.required {
                flags.append("required")
            } else if prop.computed && !prop.optional {
                flags.append("computed")
            } else {
                flags.append("optional")
            }
            if prop.computed && prop.optional { flags.append("computed") }
            if let d = prop.defaultValue { flags.append("default \(d.jsonString())") }
            if prop.forceNew { flags.append("forces replacement") }
            if prop.sensitive { flags.append("sensitive") }
            let doc = prop.description.isEmpty ? "" : " — \(prop.description)"
            return
                "\(indent)\(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(prop.type)  (\(flags.joined(separator: ", ")))\(doc)"
        }
    }

    static func json(_ s: ProviderSchema, only: String?) -> Value {
        func props(_ p: [String: PropertySchema]) -> Value {
            .map(
                p.mapValues { prop in
                    .map([
                        "type": .string(prop.type.description), "required": .bool(prop.required), "computed": .bool(prop.computed),
                        "optional": .bool(prop.optional || (!prop.required && !prop.computed)), "default": prop.defaultValue ?? .null,
                        "force_new": .bool(prop.forceNew), "sensitive": .bool(prop.sensitive), "description": .string(prop.description),
                    ])
                })
        }
        return .map([
            "name": .string(s.name), "version": .string(s.version), "settings": props(s.config),
            "resources": .map(s.resources.filter { only == nil || $0.key == only }.mapValues { props($0.properties) }),
            "data_sources": .map(s.dataSources.filter { only == nil || $0.key == only }.mapValues { props($0.properties) }),
        ])
    }
}
