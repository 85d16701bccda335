import CairnProviderKit
import Foundation

/// Reads a stack folder (`stack.yaml` plus sibling `*.yaml` files) into a `StackConfig`.
/// Knows nothing of state or providers; schema checks happen in `StackValidator`.
public enum StackLoader {
    static let sections: Set<String> = [
        "stack", "description", "backend", "variables", "locals", "providers",
        "data", "resources", "outputs", "moved", "modules",
    ]

    /// Loads from disk. Throws `DiagnosticError` with every problem found.
    public static func load(directory: String) throws -> StackConfig {
        try parse(try read(directory: directory)).build()
    }

    /// Loads from file texts (a plan file carries these), `stack.yaml` first.
    public static func load(sources: [String: String], directory: String) throws -> StackConfig {
        try parse(StackSources(directory: directory, files: sources)).build()
    }

    /// The texts of a stack folder's `*.yaml` files.
    public static func read(directory: String) throws -> StackSources {
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
                bag.append(.error("cannot read \(path)", hint: "check the file's permissions"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                bag.append(.error("\(name) is not UTF-8 text", at: SourceLocation(file: displayPath(dir, name), line: 1, column: 1)))
                continue
            }
            sources[name] = text
        }
        try bag.throwIfErrors()
        return StackSources(directory: dir, files: sources)
    }

    /// The first pass: every file parsed into its tree, `stack.yaml` first. Nothing is built yet,
    /// and problems wait for `ParsedStack.build()`.
    public static func parse(_ sources: StackSources) -> ParsedStack {
        var parsed = ParsedStack(sources: sources)
        let order = sources.files.keys.sorted { a, b in a == "stack.yaml" ? b != "stack.yaml" : (b == "stack.yaml" ? false : a < b) }
        for name in order {
            let file = displayPath(sources.directory, name)
            do {
                guard let top = try YAMLReader.read(sources.files[name]!, file: file) else { continue }
                guard let entries = top.mapEntries else {
                    throw Diagnostic.error(
                        "a stack file must be a map of sections", at: top.location,
                        hint: "start with `stack: NAME` and sections like `resources:`")
                }
                parsed.files.append(ParsedStack.File(top: top, entries: entries))
            } catch { parsed.problems.add(error) }
        }
        return parsed
    }

    /// Paths in diagnostics are relative to the current folder when that is shorter.
    static func displayPath(_ dir: String, _ name: String) -> String {
        let full = dir + "/" + name
        let cwd = FileManager.default.currentDirectoryPath
        if full.hasPrefix(cwd + "/") { return String(full.dropFirst(cwd.count + 1)) }
        return full
    }
}
