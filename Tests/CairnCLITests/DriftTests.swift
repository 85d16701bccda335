import Foundation
import Testing

/// Changes made outside Cairn: plan shows and repairs them, `--refresh=false` ignores them, and
/// `refresh` records them in state.
@Suite struct DriftTests {
    static let stack = """
        stack: test
        resources:
          note:
            type: local.file
            properties:
              path: "${path.stack}/../out/note.txt"
              content: original
          other:
            type: local.file
            properties:
              path: "${path.stack}/../out/other.txt"
              content: untouched
        """

    func applied() throws -> Sandbox {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        #expect(sb.file("out/note.txt") == "original")
        return sb
    }

    @Test func editedFileIsShownAsDriftAndRestored() throws {
        let sb = try applied()
        try sb.writeFile("out/note.txt", "tampered")

        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("Changes made outside Cairn (found by refresh):"), "\(plan.stdout)")
        #expect(plan.stdout.contains(#"~ note (local.file): content "original" → "tampered""#), "\(plan.stdout)")
        #expect(!plan.stdout.contains("other (local.file):"), "an untouched file is not drift")
        #expect(plan.stdout.contains("~ note (local.file) will be updated in place"), "\(plan.stdout)")
        #expect(plan.stdout.contains(#"content = "tampered" → "original""#), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 0 to add, 1 to change, 0 to destroy."), "\(plan.stdout)")
        // Planning neither repairs the file nor records the drift.
        #expect(sb.file("out/note.txt") == "tampered")
        #expect(try sb.stateAttribute("note", "content") == "original")

        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        #expect(sb.file("out/note.txt") == "original")
        #expect(try sb.stateAttribute("note", "content") == "original")

        let again = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.both)")
        #expect(again.stdout.contains("No changes."))
        #expect(!again.stdout.contains("Changes made outside Cairn"))
    }

    @Test func deletedFileIsShownAsDeletedAndRecreated() throws {
        let sb = try applied()
        try sb.remove("out/note.txt")

        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("Changes made outside Cairn (found by refresh):"), "\(plan.stdout)")
        #expect(plan.stdout.contains("- note (local.file) was deleted"), "\(plan.stdout)")
        #expect(plan.stdout.contains("+ note (local.file) will be created"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("other (local.file) will"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 1 to add, 0 to change, 0 to destroy."), "\(plan.stdout)")
        #expect(!sb.exists("out/note.txt"), "plan must not recreate the file")

        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        #expect(sb.file("out/note.txt") == "original")
        #expect(try sb.cairn(["plan", "stack", "--detailed-exitcode"]).status == 0)
    }

    @Test func refreshFalseDoesNotSeeDrift() throws {
        let sb = try applied()
        try sb.writeFile("out/note.txt", "tampered")
        try sb.remove("out/other.txt")

        let plan = try sb.cairn(["plan", "stack", "--refresh=false", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.both)")
        #expect(!plan.stdout.contains("Changes made outside Cairn"), "\(plan.stdout)")
        #expect(plan.stdout.contains("No changes."), "\(plan.stdout)")

        // The same state with refresh does see both.
        let refreshed = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(refreshed.status == 2, "\(refreshed.both)")
        #expect(refreshed.stdout.contains("Plan: 1 to add, 1 to change, 0 to destroy."), "\(refreshed.stdout)")
    }

    @Test func refreshRecordsEditedContentInState() throws {
        let sb = try applied()
        try sb.writeFile("out/note.txt", "tampered")

        let refresh = try sb.cairn(["refresh", "stack"])
        #expect(refresh.status == 0, "\(refresh.both)")
        #expect(refresh.stdout.contains("note"), "\(refresh.stdout)")
        #expect(!refresh.stdout.contains("other"), "\(refresh.stdout)")
        #expect(try sb.stateAttribute("note", "content") == "tampered")
        #expect(try sb.stateAttribute("other", "content") == "untouched")
        // refresh does not touch the real file.
        #expect(sb.file("out/note.txt") == "tampered")

        // Recorded drift is no longer "outside Cairn", but the configuration still differs.
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.both)")
        #expect(!plan.stdout.contains("Changes made outside Cairn"), "\(plan.stdout)")
        #expect(plan.stdout.contains(#"content = "tampered" → "original""#), "\(plan.stdout)")

        // The refresh is a version of its own.
        let history = try sb.cairn(["state", "history", "--json", "--stack", "stack"])
        let entries = try #require(history.json as? [[String: Any]], "\(history.both)")
        #expect(entries.count == 2)
        // The version before the refresh still has the old content.
        #expect(try sb.stateAttribute("note", "content", serial: 1) == "original")
    }

    @Test func refreshRemovesGoneFileFromState() throws {
        let sb = try applied()
        try sb.remove("out/note.txt")

        let refresh = try sb.cairn(["refresh", "stack"])
        #expect(refresh.status == 0, "\(refresh.both)")
        #expect(refresh.stdout.contains("note"), "\(refresh.stdout)")
        #expect(try sb.stateList() == ["other"])
        #expect(try sb.stateRecord("note") == nil)

        // Nothing left to notice as drift; the plan simply creates it again.
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.both)")
        #expect(!plan.stdout.contains("was deleted"), "\(plan.stdout)")
        #expect(plan.stdout.contains("+ note (local.file) will be created"), "\(plan.stdout)")
    }

    @Test func refreshWithoutDriftChangesNothing() throws {
        let sb = try applied()
        let refresh = try sb.cairn(["refresh", "stack"])
        #expect(refresh.status == 0, "\(refresh.both)")
        #expect(refresh.stdout.contains("No drift."), "\(refresh.stdout)")
        #expect(try sb.stateList() == ["note", "other"])
        #expect(try sb.stateAttribute("note", "content") == "original")
    }
}
