import CairnProviderKit
import Foundation

/// Reads a stack folder (`stack.yaml` plus sibling `*.yaml` files) into a `StackConfig`.
/// Knows nothing of state or providers; schema checks happen in `StackValidator`.
public enum StackLoader {
    static let sections: Set<String> = ["stack", "description", "backend", "variables", "locals", "providers",
                                        "data", "resources", "outputs", "moved", "modules"]

    /// Loads from disk. Throws `DiagnosticError` with every problem found.
    /// `handOver` receives each file's parsed tree once the stack is built from it; the CLI keeps
    /// them until exit, where freeing a big stack's tree node by node cost several milliseconds.
    public static func load(directory: String, handOver: (any Sendable) -> Void = { _ in }) throws -> StackConfig {
        let dir = URL(fileURLWithPath: directory).standardizedFileURL.path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw DiagnosticError(.error("stack folder \(dir) does not exist", hint: "pass the folder holding stack.yaml"))
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        let yamlNames = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard yamlNames.contains("stack.yaml") else {
            throw DiagnosticError(.error("no stack.yaml in \(dir)", hint: "a stack is a folder with a stack.yaml file"))
        }
        var sources: [String: String] = [:]
        var bag = DiagnosticBag()
        for name in yamlNames {
            let path = dir + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                bag.append(.error("cannot read \(path)", hint: "check the file's permissions")); continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                bag.append(.error("\(name) is not UTF-8 text", at: SourceLocation(file: displayPath(dir, name), line: 1, column: 1)))
                continue
            }
            sources[name] = text
        }
        try bag.throwIfErrors()
        return try load(sources: sources, directory: dir, handOver: handOver)
    }

    /// Loads from file texts (a plan file carries these), `stack.yaml` first.
    public static func load(sources: [String: String], directory: String,
                            handOver: (any Sendable) -> Void = { _ in }) throws -> StackConfig {
        var config = StackConfig(name: "", description: "", directory: directory)
        config.sources = sources
        var bag = DiagnosticBag()
        var seen: [String: SourceLocation] = [:]
        let order = sources.keys.sorted { a, b in a == "stack.yaml" ? b != "stack.yaml" : (b == "stack.yaml" ? false : a < b) }
        for name in order {
            let file = displayPath(directory, name)
            do {
                guard let top = try YAMLReader.read(sources[name]!, file: file) else { continue }
                guard let entries = top.mapEntries else {
                    throw Diagnostic.error("a stack file must be a map of sections", at: top.location,
                                           hint: "start with `stack: NAME` and sections like `resources:`")
                }
                var builder = SectionBuilder(config: config, seen: seen)
                builder.read(entries, bag: &bag)
                config = builder.config
                seen = builder.seen
                handOver(top)
            } catch { bag.add(error) }
        }
        if config.name.isEmpty, !bag.hasErrors {
            bag.append(.error("the stack has no name", at: SourceLocation(file: displayPath(directory, "stack.yaml"), line: 1, column: 1),
                              hint: "add `stack: NAME` to stack.yaml"))
        }
        try bag.throwIfErrors()
        return config
    }

    /// Paths in diagnostics are relative to the current folder when that is shorter.
    static func displayPath(_ dir: String, _ name: String) -> String {
        let full = dir + "/" + name
        let cwd = FileManager.default.currentDirectoryPath
        if full.hasPrefix(cwd + "/") { return String(full.dropFirst(cwd.count + 1)) }
        return full
    }
}
