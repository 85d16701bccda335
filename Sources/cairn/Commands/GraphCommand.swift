import ArgumentParser
import CairnCore
import CairnProcess
import CairnProviderKit
import Foundation

struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graph", abstract: "Print the resource graph for Graphviz.")

    @Argument(help: "The stack folder.") var dir: String = "."
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "dot (Graphviz source) or svg (rendered by Graphviz's `dot`).") var format: String = "dot"

    func validate() throws {
        guard format == "dot" || format == "svg" else { throw ValidationError("--format must be dot or svg") }
    }

    func run() async throws {
        try await ErrorReport.run(global.terminal) {
            let ws = try await StackSession.open(.folder(dir), global: global).workspace
            let dot = GraphDOT.render(ws.graph, config: ws.config)
            guard format == "svg" else {
                Terminal.out(dot)
                return
            }
            Terminal.out(try GraphDOT.svg(dot))
        }
    }
}

enum GraphDOT {
    static func render(_ g: ConfigGraph, config: StackConfig) -> String {
        var lines = ["digraph \"\(config.name)\" {", "  rankdir = \"RL\";", "  node [shape = box, fontname = \"sans-serif\"];"]
        for (i, n) in g.nodes.enumerated() {
            let label: String
            let style: String
            switch n {
            case .resource(let name):
                label = "\(name)\\n\(config.resources[name]!.type)"
                style = ""
            case .data(let name):
                label = "data.\(name)\\n\(config.dataSources[name]!.type)"
                style = ", style = dashed"
            case .variable, .local, .output:
                label = n.description
                style = ", shape = note, color = gray"
            }
            lines.append("  n\(i) [label = \"\(label)\"\(style)];")
        }
        for (i, deps) in g.dag.dependencies.enumerated() {
            for d in Set(deps).sorted() { lines.append("  n\(i) -> n\(d);") }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    static func svg(_ dot: String) throws -> String {
        let candidates = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw DiagnosticError(
                .error("Graphviz's `dot` is not installed", hint: "install graphviz, or use --format dot and render it elsewhere"))
        }
        let r = try Subprocess.run(path, ["-Tsvg"], stdin: Data(dot.utf8), timeout: 600)
        guard r.status == 0, !r.timedOut else {
            let why = String(decoding: r.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw DiagnosticError(
                .error(
                    r.timedOut
                        ? "dot did not finish within 10 minutes" : "dot failed with status \(r.status)\(why.isEmpty ? "" : ": \(why)")"))
        }
        return String(decoding: r.stdout, as: UTF8.self)
    }
}
