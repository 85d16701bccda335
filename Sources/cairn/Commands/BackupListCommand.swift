import ArgumentParser
import CairnCore
import CairnProviderKit
import CairnState
import Foundation

struct BackupList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the backups in the backups folder, newest first, each verified.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator
    @Option(name: .long, help: "The backups folder (default: backups/ beside the state file).") var dir: String?
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        try await ErrorReport.run(global.terminal) {
            let folder = try dir ?? BackupTarget.resolve(locator, global).folder
            let contents = try BackupFolder(path: folder).contents()
            let now = Date()
            let problems = try contents.backups.map(Self.problem)
            if json {
                var rows = zip(contents.backups, problems).map { entry, problem in
                    BackupJSON.entry(entry, verified: problem == nil, problem: problem, now: now)
                }
                rows += contents.orphans.map { path in
                    Value.map(["file": .string(path), "verified": .bool(false), "problem": .string("manifest: missing or unreadable")])
                }
                Terminal.out(Value.list(rows).jsonString())
                return
            }
            guard !contents.backups.isEmpty || !contents.orphans.isEmpty else {
                Terminal.out("No backups in \(folder).")
                return
            }
            var table: [[String]] = [["FILE", "STACK", "SERIAL", "TIME", "AGE", "SIZE", "VERIFIED"]]
            for (entry, problem) in zip(contents.backups, problems) {
                let m = entry.manifest
                table.append([
                    URL(fileURLWithPath: entry.path).lastPathComponent, m.stack, String(m.serial),
                    BackupText.time(m.time), BackupText.age(now.timeIntervalSince(m.time)),
                    BackupText.size(entry.size), problem.map { "NO (\($0))" } ?? "yes",
                ])
            }
            for path in contents.orphans {
                table.append([URL(fileURLWithPath: path).lastPathComponent, "-", "-", "-", "-", "-", "NO (no manifest)"])
            }
            let widths = (0..<table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
            for row in table {
                Terminal.out(
                    zip(row, widths).enumerated().map { index, cell in
                        index == row.count - 1 ? cell.0 : BackupText.pad(cell.0, cell.1)
                    }.joined(separator: "  "))
            }
            let count = contents.backups.count + contents.orphans.count
            Terminal.out("\n\(count) backup\(count == 1 ? "" : "s") in \(folder).")
        }
    }

    /// Why a backup fails verification, nil when it passes. One scratch copy at a time, so a long
    /// list never needs more room than its largest backup.
    private static func problem(_ entry: BackupEntry) throws -> String? {
        let scratch = try BackupScratch()
        defer { scratch.remove() }
        do {
            _ = try BackupVerifier.verify(entry.path, scratchFolder: scratch.path, key: StateKey.forBackup(entry.path))
            return nil
        } catch let error as BackupInvalidError {
            return "\(error.check.rawValue): \(error.detail)"
        } catch {
            return "\(error)"
        }
    }
}
