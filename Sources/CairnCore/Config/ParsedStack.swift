import Foundation

/// A stack's files as read from disk (or from a plan file).
public struct StackSources: Sendable {
    public var directory: String
    /// File name → text.
    public var files: [String: String]

    public init(directory: String, files: [String: String]) {
        self.directory = directory
        self.files = files
    }
}

/// A stack's files parsed into trees, its sections not built yet. Building is the loader's second
/// pass; its name and backend can be had before that, from the same trees by the same builder, so
/// a command knows which state is the stack's while the rest is still being built.
public struct ParsedStack: Sendable {
    struct File: Sendable {
        let top: ConfigExpr
        let entries: Entries
    }

    public let sources: StackSources
    var files: [File] = []
    var problems = DiagnosticBag()

    init(sources: StackSources) {
        self.sources = sources
    }

    /// The stack's name and `backend:`, exactly as `build()` will set them; nil when the files
    /// have any problem so far or name no stack (then `build()` reports why).
    public var identity: StackIdentity? {
        guard !problems.hasErrors else { return nil }
        var bag = DiagnosticBag()
        var builder = SectionBuilder(config: StackConfig(name: "", description: "", directory: sources.directory), seen: [:])
        for file in files {
            builder.read(file.entries.filter { $0.key == "stack" || $0.key == "backend" }, bag: &bag)
        }
        guard !bag.hasErrors, !builder.config.name.isEmpty else { return nil }
        return StackIdentity(name: builder.config.name, backend: builder.config.backend, directory: sources.directory)
    }

    /// The second pass: every section built into a `StackConfig`. Throws `DiagnosticError` with
    /// every problem of both passes.
    public func build() throws -> StackConfig {
        var config = StackConfig(name: "", description: "", directory: sources.directory)
        config.sources = sources.files
        var bag = problems
        var seen: [String: SourceLocation] = [:]
        for file in files {
            var builder = SectionBuilder(config: config, seen: seen)
            builder.read(file.entries, bag: &bag)
            config = builder.config
            seen = builder.seen
        }
        if config.name.isEmpty, !bag.hasErrors {
            bag.append(
                .error(
                    "the stack has no name",
                    at: SourceLocation(file: StackLoader.displayPath(sources.directory, "stack.yaml"), line: 1, column: 1),
                    hint: "add `stack: NAME` to stack.yaml"))
        }
        try bag.throwIfErrors()
        return config
    }
}

/// What decides which state is a stack's: its name, its `backend:` and its folder.
public struct StackIdentity: Sendable, Hashable {
    public var name: String
    public var backend: String?
    public var directory: String
}

extension StackConfig {
    public var identity: StackIdentity { StackIdentity(name: name, backend: backend, directory: directory) }
}
