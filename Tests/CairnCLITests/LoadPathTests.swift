import CairnProviderKit
import Foundation
import Testing

/// Commands open only the state of the stack they load.
@Suite struct LoadPathTests {
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A line `stack: other` that is not the stack's name (inside a multi-line string, inside a
    /// flow map) does not make a command touch stack `other`'s state. That state is left locked by
    /// a process that is gone: a command that opened it would take the lock over (and give it
    /// back), and the dead holder's row would be gone.
    @Test func aLineThatLooksLikeAnotherStacksNameNeverOpensItsState() throws {
        let sb = try Sandbox()
        try sb.write("stack.yaml", "stack: other\nresources:\n  a: { type: null.resource }\n")
        #expect(try sb.cairn(["apply", "stack", "--auto-approve"]).status == 0)
        let otherState = sb.root.appendingPathComponent("state/other.sqlite").path
        let gone = try sb.start(["--version"])
        _ = gone.wait()
        let deadPID = gone.process.processIdentifier
        _ = try SQLiteShell.query(
            otherState,
            """
            INSERT INTO lock (singleton, id, holder, host, pid, since_ms, operation)
            VALUES (1, 'dead-holder', 'someone', '\(Self.hostName())', \(deadPID), 0, 'apply')
            """)
        #expect(try SQLiteShell.query(otherState, "SELECT id FROM lock") == "dead-holder")

        let misleading = [
            "description: \"a note:\nstack: other\n  end of note\"\nstack: mine\nresources:\n  b: { type: null.resource }\n",
            "locals: {\nstack: other\n}\nstack: mine\nresources:\n  b: { type: null.resource }\n",
        ]
        for yaml in misleading {
            try sb.write("stack.yaml", yaml)
            for args in [["plan", "stack"], ["apply", "stack", "--auto-approve"], ["refresh", "stack"]] {
                let r = try sb.cairn(args)
                #expect(r.status == 0, "\(args): \(r.both)")
                #expect(!r.stderr.contains("took over"), "\(args): \(r.both)")
                #expect(try SQLiteShell.query(otherState, "SELECT id FROM lock") == "dead-holder", "\(args) opened stack other's state")
            }
        }
        #expect(try SQLiteShell.query(sb.root.appendingPathComponent("state/mine.sqlite").path, "SELECT address FROM resources") == "b")
        // The other stack's own commands still take the dead holder's lock over, as before.
        try sb.write("stack.yaml", "stack: other\nresources:\n  a: { type: null.resource }\n")
        let own = try sb.cairn(["plan", "stack"])
        #expect(own.stderr.contains("took over the lock dead-holder"), "\(own.both)")
    }
}
