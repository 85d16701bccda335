import Foundation
import Testing

/// `state mv`, `state rm` and `state show --serial N`.
@Suite struct StateEditTests {
    static let stack = """
        stack: test
        variables:
          text: { type: string, default: one }
        resources:
          note:
            type: local.file
            properties: { path: "${path.stack}/../out/note.txt", content: "${var.text}" }
          copy:
            type: local.file
            count: 2
            properties: { path: "${path.stack}/../out/copy-${count.index}.txt", content: "copy ${count.index}" }
        """

    func applied() throws -> Sandbox {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        return sb
    }

    @Test func rmForgetsWithoutDeleting() throws {
        let sb = try applied()
        let rm = try sb.cairn(["state", "rm", "note", "--stack", "stack"])
        #expect(rm.status == 0, "\(rm.both)")
        #expect(rm.stdout.contains("Removed note from state"), "\(rm.stdout)")
        #expect(try sb.stateList() == ["copy[0]", "copy[1]"])
        #expect(sb.file("out/note.txt") == "one", "state rm must not delete the real file")

        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("+ note (local.file) will be created"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 1 to add, 0 to change, 0 to destroy."), "\(plan.stdout)")

        let history = try sb.cairn(["state", "history", "--json", "--stack", "stack"])
        let entries = try #require(history.json as? [[String: Any]], "\(history.both)")
        #expect(entries.count == 2)
        #expect((entries.last?["command"] as? String)?.contains("state rm") == true, "\(history.stdout)")
    }

    @Test func rmOfOneInstanceLeavesTheOthers() throws {
        let sb = try applied()
        let rm = try sb.cairn(["state", "rm", "copy[0]", "--stack", "stack"])
        #expect(rm.status == 0, "\(rm.both)")
        #expect(try sb.stateList() == ["copy[1]", "note"])
        #expect(sb.exists("out/copy-0.txt"))
    }

    @Test func rmOfBareNameRemovesEveryInstance() throws {
        let sb = try applied()
        let rm = try sb.cairn(["state", "rm", "copy", "--stack", "stack"])
        #expect(rm.status == 0, "\(rm.both)")
        #expect(try sb.stateList() == ["note"])
        #expect(sb.exists("out/copy-0.txt") && sb.exists("out/copy-1.txt"))
    }

    @Test func rmOfUnknownAddressFails() throws {
        let sb = try applied()
        let rm = try sb.cairn(["state", "rm", "nope", "--stack", "stack"])
        #expect(rm.status == 1, "\(rm.both)")
        #expect(rm.stderr.contains("nope"), "\(rm.stderr)")
        #expect(try sb.stateList() == ["copy[0]", "copy[1]", "note"])
    }

    @Test func mvOfBareNameMovesAllInstances() throws {
        let sb = try applied()
        let mv = try sb.cairn(["state", "mv", "copy", "dup", "--stack", "stack"])
        #expect(mv.status == 0, "\(mv.both)")
        #expect(try sb.stateList() == ["dup[0]", "dup[1]", "note"])
        #expect(try sb.stateAttribute("dup[1]", "content") == "copy 1")

        // Renaming the resource in the stack the same way then needs no change at all.
        try sb.write("stack.yaml", Self.stack.replacingOccurrences(of: "  copy:", with: "  dup:"))
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.both)")
        #expect(plan.stdout.contains("No changes."), "\(plan.stdout)")
        #expect(sb.exists("out/copy-0.txt") && sb.exists("out/copy-1.txt"))
    }

    @Test func mvWithoutRenamingTheStackPlansDestroyAndCreate() throws {
        let sb = try applied()
        #expect(try sb.cairn(["state", "mv", "note", "renamed", "--stack", "stack"]).status == 0)
        #expect(try sb.stateList() == ["copy[0]", "copy[1]", "renamed"])
        let plan = try sb.cairn(["plan", "stack"])
        #expect(plan.stdout.contains("+ note (local.file) will be created"), "\(plan.stdout)")
        #expect(plan.stdout.contains("- renamed (local.file) will be destroyed"), "\(plan.stdout)")
    }

    @Test func mvOfOneInstance() throws {
        let sb = try applied()
        let mv = try sb.cairn(["state", "mv", "copy[1]", "note2", "--stack", "stack"])
        #expect(mv.status == 0, "\(mv.both)")
        #expect(try sb.stateList() == ["copy[0]", "note", "note2"])
        #expect(try sb.stateAttribute("note2", "content") == "copy 1")
    }

    @Test func mvOntoAnExistingAddressIsRefused() throws {
        let sb = try applied()
        let mv = try sb.cairn(["state", "mv", "copy[0]", "copy[1]", "--stack", "stack"])
        #expect(mv.status == 1, "\(mv.both)")
        #expect(mv.stderr.contains("already exists"), "\(mv.stderr)")
        #expect(try sb.stateAttribute("copy[0]", "content") == "copy 0")
        #expect(try sb.stateAttribute("copy[1]", "content") == "copy 1")
    }

    @Test func mvOfUnknownAddressFails() throws {
        let sb = try applied()
        let mv = try sb.cairn(["state", "mv", "ghost", "spirit", "--stack", "stack"])
        #expect(mv.status == 1, "\(mv.both)")
        #expect(try sb.stateList() == ["copy[0]", "copy[1]", "note"])
    }

    @Test func showSerialGivesAnOlderVersion() throws {
        let sb = try applied()
        let second = try sb.cairn(["apply", "stack", "--var", "text=two", "--auto-approve"])
        #expect(second.status == 0, "\(second.both)")
        let third = try sb.cairn(["apply", "stack", "--var", "text=three", "--auto-approve"])
        #expect(third.status == 0, "\(third.both)")

        #expect(try sb.stateAttribute("note", "content") == "three")
        #expect(try sb.stateAttribute("note", "content", serial: 1) == "one")
        #expect(try sb.stateAttribute("note", "content", serial: 2) == "two")
        #expect(try sb.stateAttribute("note", "content", serial: 3) == "three")
        // A resource untouched since serial 1 is still shown at later serials.
        #expect(try sb.stateAttribute("copy[0]", "content", serial: 2) == "copy 0")

        let text = try sb.cairn(["state", "show", "note", "--serial", "1", "--stack", "stack"])
        #expect(text.status == 0, "\(text.both)")
        #expect(text.stdout.contains("# note (local.file"), "\(text.stdout)")
        #expect(text.stdout.contains(#""one""#), "\(text.stdout)")
        #expect(!text.stdout.contains("three"), "\(text.stdout)")
    }

    @Test func showSerialBeforeTheResourceExistedFails() throws {
        let sb = try applied()
        try sb.write(
            "stack.yaml",
            Self.stack + """

                  later:
                    type: local.file
                    properties: { path: "${path.stack}/../out/later.txt", content: later }
                """)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        #expect(try sb.stateAttribute("later", "content") == "later")
        let old = try sb.cairn(["state", "show", "later", "--serial", "1", "--stack", "stack"])
        #expect(old.status == 1, "\(old.both)")
        #expect(old.stderr.contains("later"), "\(old.stderr)")
    }

    @Test func showSerialAfterRemovalStillShowsThePast() throws {
        let sb = try applied()
        #expect(try sb.cairn(["state", "rm", "note", "--stack", "stack"]).status == 0)
        #expect(try sb.stateRecord("note") == nil)
        #expect(try sb.stateAttribute("note", "content", serial: 1) == "one")
        let gone = try sb.cairn(["state", "show", "note", "--serial", "2", "--stack", "stack"])
        #expect(gone.status == 1, "removed at serial 2: \(gone.both)")
    }
}

/// Addresses inside modules: the language has none yet, but state, the CLI and `--target` carry them.
@Suite struct ModuleAddressStateTests {
    @Test func aStateRowInsideAModuleListsShowsTargetsAndRemoves() throws {
        let sb = try StateEditTests().applied()
        let moved = #"module.app["api"].note"#
        #expect(
            try SQLiteShell.query(sb.statePath, "UPDATE resources SET address = '\(moved)' WHERE address = 'note'; SELECT changes()") == "1"
        )

        let list = try sb.cairn(["state", "list", "--stack", "stack"])
        #expect(list.status == 0, "\(list.both)")
        #expect(list.stdout.split(separator: "\n").map(String.init) == ["copy[0]", "copy[1]", moved], "\(list.stdout)")
        let show = try sb.cairn(["state", "show", moved, "--stack", "stack"])
        #expect(show.stdout.contains("# \(moved) (local.file"), "\(show.both)")

        // --target module.app selects what state holds under that call (here: a delete, as no
        // module is configured), and nothing else (the configured `note` is not created).
        let plan = try sb.cairn(["plan", "stack", "--target", "module.app"])
        #expect(plan.status == 0, "\(plan.both)")
        #expect(plan.stdout.contains("- \(moved) (local.file) will be destroyed"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("+ note"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 0 to add, 0 to change, 1 to destroy."), "\(plan.stdout)")

        let bad = try sb.cairn(["plan", "stack", "--target", "module.app["])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("is not a resource address"), "\(bad.stderr)")

        let rm = try sb.cairn(["state", "rm", "module.app", "--stack", "stack"])
        #expect(rm.status == 0, "\(rm.both)")
        #expect(rm.stdout.contains("Removed \(moved) from state"), "\(rm.stdout)")
        #expect(try SQLiteShell.query(sb.statePath, "SELECT count(*) FROM resources WHERE address LIKE 'module.%'") == "0")
    }
}
