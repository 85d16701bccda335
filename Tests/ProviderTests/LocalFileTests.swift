import CairnProviderKit
import Foundation
import Testing

@testable import LocalProvider

@Suite("local.file")
struct LocalFileTests {
    let provider = LocalProvider()
    // sha256 of "hello\n" and of "bye".
    let helloSHA = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
    let byeSHA = "b49f425a7e1f9cff3856329ada223f2f9d368f15a00cf48df16ca95986137fe8"

    @Test func createReadUpdateDelete() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("greeting.txt")

        let created = try await provider.create(kind: "file", properties: ["path": .string(path), "content": "hello\n", "mode": "0600"])
        #expect(created.id == path)
        #expect(
            created.attributes == [
                "path": .string(path), "content": "hello\n", "mode": "0600", "id": .string(path),
                "sha256": .string(helloSHA), "size": 6,
            ])
        #expect(try fileText(path) == "hello\n")
        #expect(try permissions(path) == 0o600)

        let read = try await provider.read(kind: "file", current: created)
        #expect(read == created)

        let updated = try await provider.update(
            kind: "file", prior: created, properties: ["path": .string(path), "content": "bye", "mode": "0640"])
        #expect(try fileText(path) == "bye")
        #expect(try permissions(path) == 0o640)
        #expect(updated.attributes["sha256"] == .string(byeSHA))
        #expect(updated.attributes["size"] == 3)
        #expect(updated.attributes["mode"] == "0640")

        try await provider.delete(kind: "file", current: updated)
        #expect(!FileManager.default.fileExists(atPath: path))
        try await provider.delete(kind: "file", current: updated)
        #expect(try await provider.read(kind: "file", current: updated) == nil)
    }

    @Test func defaultModeAndParentFolders() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("a/b/c.txt")
        let proposed = try await provider.plan(kind: "file", prior: nil, proposed: ["path": .string(path), "content": "x", "mode": "0644"])
        let created = try await provider.create(kind: "file", properties: ["path": .string(path), "content": "x", "mode": "0644"])
        #expect(try fileText(path) == "x")
        #expect(try permissions(path) == 0o644)
        #expect(proposed.attributes == created.attributes)
        #expect(provider.schema.resources["file"]?.properties["mode"]?.defaultValue == "0644")
    }

    @Test func driftIsVisibleOnRead() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("drift.txt")
        let created = try await provider.create(kind: "file", properties: ["path": .string(path), "content": "hello\n", "mode": "0644"])

        try "bye".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let drifted = try #require(try await provider.read(kind: "file", current: created))
        #expect(drifted.attributes["content"] == "bye")
        #expect(drifted.attributes["sha256"] == .string(byeSHA))
        #expect(drifted.attributes["size"] == 3)
        #expect(drifted.attributes["mode"] == "0600")
        #expect(drifted.attributes["path"] == .string(path))

        try FileManager.default.removeItem(atPath: path)
        #expect(try await provider.read(kind: "file", current: created) == nil)
    }

    @Test func equivalentModeSpellingIsNotDrift() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("mode.txt")
        let created = try await provider.create(kind: "file", properties: ["path": .string(path), "content": "", "mode": "640"])
        #expect(try permissions(path) == 0o640)
        #expect(try await provider.read(kind: "file", current: created)?.attributes["mode"] == "640")
        #expect(created.attributes["size"] == 0)
        #expect(created.attributes["sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func planComputesHashSizeAndAbsoluteID() async throws {
        let planned = try await provider.plan(
            kind: "file", prior: nil, proposed: ["path": "sub/../notes.txt", "content": "hello\n", "mode": "0644"])
        let cwd = FileManager.default.currentDirectoryPath
        #expect(planned.attributes["id"] == .string(cwd + "/notes.txt"))
        #expect(planned.attributes["sha256"] == .string(helloSHA))
        #expect(planned.attributes["size"] == 6)
        #expect(planned.attributes["path"] == "sub/../notes.txt")

        let unknown = try await provider.plan(kind: "file", prior: nil, proposed: ["path": .unknown, "content": .unknown, "mode": "0644"])
        #expect(unknown.attributes["id"] == .unknown)
        #expect(unknown.attributes["sha256"] == .unknown)
        #expect(unknown.attributes["size"] == .unknown)
    }

    @Test func planKeepsPriorIDWhilePathIsUnchanged() async throws {
        let prior = ResourceObject(
            id: "/elsewhere/notes.txt",
            attributes: [
                "path": "notes.txt", "content": "a", "mode": "0644",
                "id": "/elsewhere/notes.txt", "sha256": "x", "size": 1,
            ])
        let planned = try await provider.plan(
            kind: "file", prior: prior, proposed: ["path": "notes.txt", "content": "bye", "mode": "0644"])
        #expect(planned.attributes["id"] == "/elsewhere/notes.txt")
        #expect(planned.attributes["sha256"] == .string(byeSHA))
    }

    @Test func writesLeaveNoTemporaryFiles() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("atomic.txt")
        let created = try await provider.create(kind: "file", properties: ["path": .string(path), "content": "one", "mode": "0644"])
        _ = try await provider.update(kind: "file", prior: created, properties: ["path": .string(path), "content": "two", "mode": "0644"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["atomic.txt"])
        #expect(try fileText(path) == "two")
    }

    @Test func failedWriteLeavesNoTemporaryFile() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let blocker = dir.file("folder")
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: true)
        try "keep".write(toFile: dir.file("folder/inside"), atomically: false, encoding: .utf8)
        // Renaming a file over a non-empty directory fails after the temporary file was written.
        let object = ResourceObject(id: blocker, attributes: ["path": .string(blocker)])
        await #expect(throws: ProviderError.self) {
            _ = try await provider.update(
                kind: "file", prior: object, properties: ["path": .string(blocker), "content": "x", "mode": "0644"])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["folder"])
    }

    @Test func createRefusesToReplaceADirectory() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let error = await #expect(throws: ProviderError.self) {
            _ = try await provider.create(kind: "file", properties: ["path": .string(dir.path), "content": "x", "mode": "0644"])
        }
        #expect(error?.message.contains(dir.path) == true)
    }

    @Test(arguments: ["999", "0888", "1777", "07777", "abc", "", "-644", "0o644"])
    func invalidModeIsReported(mode: String) async throws {
        let issues = try await provider.validate(kind: "file", properties: ["path": "a.txt", "content": "x", "mode": .string(mode)])
        #expect(issues.count == 1)
        #expect(issues.first?.property == "mode")
        #expect(issues.first?.message.contains("\"\(mode)\"") == true)
    }

    @Test func validModesAndUnknownsPass() async throws {
        for mode: Value in ["0644", "755", "0", "0000", "0777", .unknown] {
            #expect(try await provider.validate(kind: "file", properties: ["path": "a.txt", "content": "x", "mode": mode]).isEmpty)
        }
        let numeric = try await provider.validate(kind: "file", properties: ["path": "a.txt", "content": "x", "mode": 644])
        #expect(numeric.map(\.property) == ["mode"])
        #expect(numeric.first?.hint?.contains("\"0644\"") == true)
        #expect(try await provider.validate(kind: "file", properties: ["path": "", "content": "x"]).map(\.property) == ["path"])
    }

    @Test func importByPath() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("existing.txt")
        try "hello\n".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o604], ofItemAtPath: path)
        let imported = try #require(try await provider.importResource(kind: "file", id: path))
        #expect(imported.id == path)
        #expect(
            imported.attributes == [
                "path": .string(path), "content": "hello\n", "mode": "0604", "id": .string(path),
                "sha256": .string(helloSHA), "size": 6,
            ])
        #expect(try await provider.importResource(kind: "file", id: dir.file("missing.txt")) == nil)
    }

    @Test func schemaMarksPathForceNewAndOutputsComputed() throws {
        let file = try #require(provider.schema.resources["file"])
        #expect(file.properties["path"]?.forceNew == true)
        #expect(file.properties["content"]?.forceNew == false)
        #expect(file.settableNames == ["content", "mode", "path"])
        #expect(file.properties["sha256"]?.computed == true)
        #expect(provider.schema.name == "local")
    }
}
