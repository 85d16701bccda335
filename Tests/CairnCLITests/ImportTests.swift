import Foundation
import Testing

/// `cairn import ADDR ID [DIR]` adopts an existing object under a declared address.
@Suite struct ImportTests {
    /// The file's path comes in through a variable so the imported ID and the configured path are
    /// the very same string.
    static let stack = """
        stack: test
        variables:
          file: { type: string }
          text: { type: string, default: "hand made" }
        resources:
          note:
            type: local.file
            properties:
              path: "${var.file}"
              content: "${var.text}"
        """

    func prepared() throws -> (Sandbox, String) {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        try sb.writeFile("out/note.txt", "hand made")
        return (sb, sb.absolute("out/note.txt"))
    }

    @Test func importedFileIsManagedWithoutCreate() throws {
        let (sb, path) = try prepared()
        let imp = try sb.cairn(["import", "note", path, "stack", "--var", "file=\(path)"])
        #expect(imp.status == 0, "\(imp.both)")
        #expect(imp.stdout.contains("Imported"), "\(imp.stdout)")
        #expect(try sb.stateList() == ["note"])
        #expect(try sb.stateAttribute("note", "content") == "hand made")
        #expect(try sb.stateRecord("note")?["id"] as? String == path)

        let plan = try sb.cairn(["plan", "stack", "--var", "file=\(path)", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.both)")
        #expect(plan.stdout.contains("No changes."), "\(plan.stdout)")
        #expect(!plan.stdout.contains("will be created"), "\(plan.stdout)")
        #expect(sb.file("out/note.txt") == "hand made")

        // The import is a version in the history.
        let history = try sb.cairn(["state", "history", "--json", "--stack", "stack"])
        let entries = try #require(history.json as? [[String: Any]], "\(history.both)")
        #expect(entries.count == 1)
        #expect((entries.first?["command"] as? String)?.contains("import") == true)
    }

    @Test func importedFileThatDiffersIsUpdatedNotCreated() throws {
        let (sb, path) = try prepared()
        #expect(try sb.cairn(["import", "note", path, "stack", "--var", "file=\(path)"]).status == 0)
        let plan = try sb.cairn(["plan", "stack", "--var", "file=\(path)", "--var", "text=managed", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("~ note (local.file) will be updated in place"), "\(plan.stdout)")
        #expect(plan.stdout.contains(#"content = "hand made" → "managed""#), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 0 to add, 1 to change, 0 to destroy."), "\(plan.stdout)")
        let apply = try sb.cairn(["apply", "stack", "--var", "file=\(path)", "--var", "text=managed", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        #expect(sb.file("out/note.txt") == "managed")
    }

    @Test func importingTwiceIsAnError() throws {
        let (sb, path) = try prepared()
        #expect(try sb.cairn(["import", "note", path, "stack", "--var", "file=\(path)"]).status == 0)
        let second = try sb.cairn(["import", "note", path, "stack", "--var", "file=\(path)"])
        #expect(second.status == 1, "\(second.both)")
        #expect(second.stderr.contains("already managed"), "\(second.stderr)")
        #expect(second.stderr.contains("state rm"), "the hint says how to import anew: \(second.stderr)")
        #expect(try sb.stateList() == ["note"])
        let history = try sb.cairn(["state", "history", "--json", "--stack", "stack"])
        #expect((history.json as? [[String: Any]])?.count == 1, "a refused import adds no version")
    }

    @Test func importingUndeclaredAddressIsAnError() throws {
        let (sb, path) = try prepared()
        let r = try sb.cairn(["import", "stray", path, "stack", "--var", "file=\(path)"])
        #expect(r.status == 1, "\(r.both)")
        #expect(r.stderr.contains("stray"), "\(r.stderr)")
        #expect(r.stderr.contains("declares no resource"), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "\(r.stdout)")
        // Nothing was adopted.
        let list = try sb.cairn(["state", "list", "--stack", "stack"])
        #expect(list.stdout.isEmpty, "\(list.both)")
    }

    @Test func importingMissingObjectIsAnError() throws {
        let (sb, path) = try prepared()
        let missing = sb.absolute("out/nothing-here.txt")
        let r = try sb.cairn(["import", "note", missing, "stack", "--var", "file=\(path)"])
        #expect(r.status == 1, "\(r.both)")
        #expect(r.stderr.contains("nothing-here.txt"), "\(r.stderr)")
        let list = try sb.cairn(["state", "list", "--stack", "stack"])
        #expect(list.stdout.isEmpty, "\(list.both)")
    }

    @Test func importIntoCountInstanceNeedsAnIndex() throws {
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: test
            resources:
              copy:
                type: local.file
                count: 2
                properties: { path: "${path.stack}/../out/copy-${count.index}.txt", content: x }
            """)
        try sb.writeFile("out/copy-0.txt", "x")
        let bare = try sb.cairn(["import", "copy", sb.absolute("out/copy-0.txt"), "stack"])
        #expect(bare.status == 1, "\(bare.both)")
        #expect(bare.stderr.contains("count"), "\(bare.stderr)")
        let indexed = try sb.cairn(["import", "copy[0]", sb.absolute("out/copy-0.txt"), "stack"])
        #expect(indexed.status == 0, "\(indexed.both)")
        #expect(try sb.stateList() == ["copy[0]"])
    }
}
