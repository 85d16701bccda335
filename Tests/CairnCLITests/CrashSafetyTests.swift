import CairnProcess
import CairnProviderKit
import Foundation
import Testing

/// SIGKILL at random moments of an apply, many times over, must never lose or duplicate anything.
@Suite struct CrashSafetyTests {
    /// 100 null.resource (small delays) and `files` local.file entries, with content that changes
    /// with `variant` so every round has work to do.
    /// The gates' delay keeps an apply running for about half a second (at parallelism 8), so
    /// that most kills in the 0.05-0.6 s window land mid-apply however fast the engine gets.
    static func stack(files: Int, variant: Int) -> String {
        """
        stack: crash
        resources:
          gate:
            type: null.resource
            count: 100
            properties: { delay_ms: 25, triggers: { v: "\(variant % 2)" } }
          file:
            type: local.file
            count: \(files)
            properties:
              path: "${path.stack}/../out/file-${count.index}.txt"
              content: "file ${count.index} variant \(variant) after ${gate[count.index % 100].id}"
        """
    }

    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    @Test func killedAppliesConverge() throws {
        let sb = try Sandbox()
        var rng = SeededRandom(state: 2026)
        var killed = 0
        for round in 0..<25 {
            let files = [100, 80, 95][round % 3]
            try sb.write("stack.yaml", Self.stack(files: files, variant: round))
            let run = try sb.start(["apply", "stack", "--auto-approve", "--parallelism", "8"])
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.6, using: &rng))
            if run.process.isRunning {
                kill(run.process.processIdentifier, SIGKILL)
                killed += 1
            }
            let r = run.wait()
            #expect(r.status == 0 || r.status == SIGKILL || r.status == 1, "round \(round): \(r.stderr)")
        }
        #expect(killed >= 10, "too few rounds were actually killed mid-apply to prove anything")

        try sb.write("stack.yaml", Self.stack(files: 90, variant: 99))
        let final = try sb.cairn(["apply", "stack", "--auto-approve"])
        #expect(final.status == 0, "\(final.stdout)\(final.stderr)")
        let plan = try sb.cairn(["plan", "stack", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)")

        // State equals configuration.
        let list = try sb.cairn(["state", "list", "--stack", "stack"]).stdout.split(separator: "\n").map(String.init)
        let expected = (0..<100).map { "gate[\($0)]" } + (0..<90).map { "file[\($0)]" }
        #expect(Set(list) == Set(expected))
        #expect(list.count == expected.count)

        // Files on disk are exactly the local.file entries in state, each once, with the final content.
        let outDir = sb.root.appendingPathComponent("out").path
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: outDir).sorted()
        #expect(onDisk == (0..<90).map { "file-\($0).txt" }.sorted(), "leftover or missing files: \(onDisk.count)")
        let show = try sb.cairn(["show", "--json", "--stack", "stack"])
        let doc = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        let resources = doc?["resources"] as? [[String: Any]] ?? []
        let statePaths = resources.filter { $0["type"] as? String == "local.file" }.compactMap { $0["id"] as? String }
        #expect(Set(statePaths.map { ($0 as NSString).lastPathComponent }) == Set(onDisk))
        #expect(statePaths.count == onDisk.count)
        #expect(sb.file("out/file-7.txt")?.hasPrefix("file 7 variant 99 after ") == true)

        // The database is intact and nothing is left in flight.
        let db = sb.root.appendingPathComponent("state/crash.sqlite").path
        #expect(try SQLiteShell.query(db, "PRAGMA integrity_check") == "ok")
        #expect(try SQLiteShell.query(db, "SELECT count(*) FROM intents") == "0")
        #expect(try SQLiteShell.query(db, "SELECT count(*) FROM lock") == "0")
    }
}

/// The `sqlite3` shell (installed by scripts/install-deps --test), for looking inside state files.
enum SQLiteShell {
    static func query(_ db: String, _ sql: String) throws -> String {
        // sqlite3 would silently create a missing database; never let a wrong path pass a check.
        guard FileManager.default.fileExists(atPath: db) else { return "missing database \(db)" }
        let r = try Subprocess.run("/usr/bin/sqlite3", [db, sql], timeout: 60)
        return String(decoding: r.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
