import Foundation
import Testing
@testable import CairnCore

/// The look at a stack's files that lets `plan` start reading the default state early.
@Suite struct StackPeekTests {
    func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peek-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir.path
    }

    @Test func findsAPlainNameInStackYAML() throws {
        #expect(StackPeek.nameWithoutBackend(directory: try folder(["stack.yaml": "stack: web-1  # prod\nresources: {}\n"])) == "web-1")
        let later = try folder(["stack.yaml": "# header\ndescription: d\nstack: app\n", "more.yml": "resources:\n  backend_pool: {}\n"])
        #expect(StackPeek.nameWithoutBackend(directory: later) == "app")
    }

    @Test func givesUpWhenUnsure() throws {
        for files in [
            ["stack.yaml": "stack: app\nbackend: other.sqlite\n"],
            ["stack.yaml": "stack: app\n", "more.yaml": "\"backend\": x.sqlite\n"],
            ["stack.yaml": "stack: app\n'backend': x.sqlite\n"],
            ["stack.yaml": "stack: \"app\"\n"],
            ["stack.yaml": "stack: a b\n"],
            ["stack.yaml": "  stack: app\n"],
            ["stack.yaml": "resources: {}\n", "name.yaml": "stack: app\n"],
            ["other.yaml": "stack: app\n"],
        ] {
            #expect(StackPeek.nameWithoutBackend(directory: try folder(files)) == nil, "\(files)")
        }
        #expect(StackPeek.nameWithoutBackend(directory: "/nonexistent/folder") == nil)
    }
}
