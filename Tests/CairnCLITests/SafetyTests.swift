import Foundation
import Testing

/// Plan files, locks and partial failures.
@Suite struct SafetyTests {
    static let stack = """
        stack: test
        variables:
          text: { type: string, default: one }
        resources:
          a:
            type: local.file
            properties: { path: "${path.stack}/../out/a.txt", content: "${var.text}" }
        """

    /// With `Self.stack` back in place, a plan finds everything in sync and says nothing of a
    /// lock: none was left behind by the runs before it.
    func expectInSyncAndUnlocked(_ sb: Sandbox, _ extra: [String] = []) throws {
        try sb.write("stack.yaml", Self.stack)
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"] + extra)
        #expect(plan.status == 0, "\(plan.both)")
        #expect(!plan.stderr.contains("Warning"), "a lock was left behind: \(plan.stderr)")
    }

    @Test func savedPlanAppliesExactly() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        let plan = try sb.cairn(["plan", "stack", "-o", "plan.bin"])
        #expect(plan.status == 0, "\(plan.stderr)")
        // Editing the stack after planning doesn't change what the saved plan does.
        try sb.write("stack.yaml", Self.stack.replacingOccurrences(of: "default: one", with: "default: two"))
        let apply = try sb.cairn(["apply", "plan.bin"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(sb.file("out/a.txt") == "one")
        let show = try sb.cairn(["show", "plan.bin"])
        #expect(show.stdout.contains("+ a (local.file) will be created"))
    }

    @Test func stalePlanFileIsRefused() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["plan", "stack", "-o", "first.plan"]).status == 0)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve", "--var", "text=other"]).status == 0)
        let before = sb.stateBytes()
        let stale = try sb.cairn(["apply", "first.plan"])
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("stale"))
        #expect(sb.file("out/a.txt") == "other")
        #expect(sb.stateBytes() == before)
    }

    @Test func heldLockGivesExitThree() throws {
        let sb = try Sandbox()
        let (locked, first, pid) = try sb.whileLockedByASlowApply(["plan", "stack"])
        #expect(first.status == 0, "\(first.stderr)")
        let r = try #require(locked)
        #expect(r.stderr.contains("state is locked by"))
        #expect(r.stderr.contains("pid \(pid)"))
        #expect(r.stderr.contains("state unlock"))
    }

    /// plan takes the lock and reads the state while it validates the stack: an invalid stack still
    /// gets only its own errors, and the lock taken ahead is given back.
    @Test func invalidStackWithAStateGetsItsErrorsAndLeavesTheStateUnlocked() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        try sb.write("stack.yaml", Self.stack.replacingOccurrences(of: "type: local.file", with: "type: local.fil"))
        let invalid = try sb.cairn(["plan", "stack"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("stack.yaml:6:11: error: unknown resource type \"local.fil\""), "\(invalid.both)")
        #expect(!invalid.both.contains("lock"))
        try expectInSyncAndUnlocked(sb)
    }

    /// With --state, plan takes the lock and reads the state while the YAML is still being loaded:
    /// a stack that does not load, or does not validate, gets only its own errors and gives the
    /// lock back.
    @Test func unloadableStackWithStateFlagLeavesTheStateUnlocked() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve", "--state", "mine.sqlite"]).status == 0)
        try sb.write("stack.yaml", Self.stack.replacingOccurrences(of: "    type: local.file", with: "    type: [local.file"))
        let unloadable = try sb.cairn(["plan", "stack", "--state", "mine.sqlite"])
        #expect(unloadable.status == 1)
        #expect(unloadable.stderr.contains("stack.yaml:"), "\(unloadable.both)")
        #expect(!unloadable.both.contains("lock"), "\(unloadable.both)")
        try sb.write("stack.yaml", Self.stack.replacingOccurrences(of: "type: local.file", with: "type: local.fil"))
        let invalid = try sb.cairn(["plan", "stack", "--state", "mine.sqlite"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("stack.yaml:6:11: error: unknown resource type \"local.fil\""), "\(invalid.both)")
        #expect(!invalid.both.contains("lock"), "\(invalid.both)")
        try expectInSyncAndUnlocked(sb, ["--state", "mine.sqlite"])
    }

    /// A backend written in an unusual form (an explicit `? key`) still decides which state plan
    /// reads, and the state the stack's name alone would give is left alone, unlocked.
    @Test func aWrongStateGuessIsGivenBack() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        // A backend set through an explicit key: the early look does not see it.
        try sb.write("stack.yaml", Self.stack.replacingOccurrences(of: "stack: test\n", with: "stack: test\n? backend\n: other.sqlite\n"))
        let other = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(other.status == 2, "\(other.both)")
        #expect(other.stdout.contains("+ a (local.file) will be created"), "\(other.both)")
        #expect(!other.both.contains("lock"), "\(other.both)")
        try expectInSyncAndUnlocked(sb)
    }

    @Test func failingResourceStopsOnlyItsDependents() throws {
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: test
            resources:
              broken:
                type: null.resource
                properties: { fail: true }
              after_broken:
                type: local.file
                properties: { path: "${path.stack}/../out/after.txt", content: "${broken.id}" }
              sibling:
                type: local.file
                properties: { path: "${path.stack}/../out/sibling.txt", content: "independent" }
              slow_sibling:
                type: null.resource
                properties: { delay_ms: 300 }
            """)
        let apply = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(apply.status == 1)
        #expect(apply.stdout.contains("after_broken: create skipped"))
        #expect(apply.stderr.contains("broken: create failed: null.resource failed because fail = true"))
        #expect(sb.file("out/sibling.txt") == "independent")
        #expect(!sb.exists("out/after.txt"))
        let list = try sb.cairn(["state", "list", "--stack", "stack"])
        #expect(list.stdout.split(separator: "\n") == ["sibling", "slow_sibling"])
        let history = try sb.cairn(["state", "history", "--json", "--stack", "stack"])
        #expect(history.stdout.contains("\"status\":\"failed\""))
    }

    @Test func unlockBreaksAStaleLock() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let wrong = try sb.cairn(["state", "unlock", "not-a-lock", "--stack", "stack"])
        #expect(wrong.status == 1)
    }

    @Test func interruptFinishesRunningStepsAndReleasesTheLock() throws {
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: test
            resources:
              slow:
                type: null.resource
                count: 6
                properties: { delay_ms: 1500 }
            """)
        let running = try sb.start(["apply", "stack", "--auto-approve", "--parallelism", "2"])
        Thread.sleep(forTimeInterval: 0.8)
        kill(running.process.processIdentifier, SIGINT)
        let r = running.wait()
        #expect(r.status == 1)
        #expect(r.stderr.contains("Interrupt received"))
        #expect(r.stdout.contains("not started (interrupted)"))
        // The two steps that were running finished and were recorded; the lock is free again.
        let list = try sb.cairn(["state", "list", "--stack", "stack"])
        #expect(list.stdout.split(separator: "\n").count == 2)
        // Steps that journaled their intent while waiting for a slot, but never started, leave none behind.
        let db = sb.root.appendingPathComponent("state/test.sqlite").path
        #expect(try SQLiteShell.query(db, "SELECT count(*) FROM intents") == "0")
        let plan = try sb.cairn(["plan", "stack"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("Plan: 4 to add, 0 to change, 0 to destroy."))
        #expect(!plan.stdout.contains("interrupted"), "\(plan.stdout)")
    }
}
