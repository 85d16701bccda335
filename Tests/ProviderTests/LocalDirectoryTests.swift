import CairnProviderKit
import Foundation
import Testing

@testable import LocalProvider

@Suite("local.directory")
struct LocalDirectoryTests {
    let provider = LocalProvider()

    func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    @Test func createsWithParentsAndRemovesWhenEmpty() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("x/y/z")
        let created = try await provider.create(kind: "directory", properties: ["path": .string(path), "mode": "0750"])
        #expect(created.id == path)
        #expect(created.attributes == ["path": .string(path), "mode": "0750", "id": .string(path), "created": true])
        #expect(isDirectory(path))
        #expect(try permissions(path) == 0o750)
        #expect(try await provider.read(kind: "directory", current: created) == created)

        try await provider.delete(kind: "directory", current: created)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(isDirectory(dir.file("x/y")))
        try await provider.delete(kind: "directory", current: created)
    }

    @Test func adoptsExistingDirectoryAndNeverRemovesIt() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("existing")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let adopted = try await provider.create(kind: "directory", properties: ["path": .string(path), "mode": "0755"])
        #expect(adopted.attributes["created"] == false)
        #expect(try permissions(path) == 0o755)
        try await provider.delete(kind: "directory", current: adopted)
        #expect(isDirectory(path))
    }

    @Test func refusesToRemoveNonEmptyDirectory() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("made")
        let created = try await provider.create(kind: "directory", properties: ["path": .string(path), "mode": "0755"])
        try "x".write(toFile: "\(path)/stray.txt", atomically: false, encoding: .utf8)
        let error = await #expect(throws: ProviderError.self) {
            try await provider.delete(kind: "directory", current: created)
        }
        #expect(error?.message == "directory \(path) is not empty: stray.txt")
        #expect(error?.hint != nil)
        #expect(FileManager.default.fileExists(atPath: "\(path)/stray.txt"))
    }

    @Test func readShowsModeDriftAndDisappearance() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("d")
        let created = try await provider.create(kind: "directory", properties: ["path": .string(path), "mode": "755"])
        #expect(try await provider.read(kind: "directory", current: created)?.attributes["mode"] == "755")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        #expect(try await provider.read(kind: "directory", current: created)?.attributes["mode"] == "0700")

        let updated = try await provider.update(kind: "directory", prior: created, properties: ["path": .string(path), "mode": "0711"])
        #expect(try permissions(path) == 0o711)
        #expect(updated.attributes["created"] == true)

        try FileManager.default.removeItem(atPath: path)
        #expect(try await provider.read(kind: "directory", current: created) == nil)
    }

    @Test func fileInTheWayIsAnError() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("file")
        try "x".write(toFile: path, atomically: false, encoding: .utf8)
        await #expect(throws: ProviderError.self) {
            _ = try await provider.create(kind: "directory", properties: ["path": .string(path), "mode": "0755"])
        }
        #expect(try fileText(path) == "x")
    }

    @Test func importAdoptsWithoutOwnership() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let imported = try #require(try await provider.importResource(kind: "directory", id: dir.path))
        #expect(imported.attributes["created"] == false)
        #expect(imported.attributes["id"] == .string(dir.path))
        try await provider.delete(kind: "directory", current: imported)
        #expect(isDirectory(dir.path))
        #expect(try await provider.importResource(kind: "directory", id: dir.file("nope")) == nil)
    }

    @Test func planAndValidation() async throws {
        let planned = try await provider.plan(kind: "directory", prior: nil, proposed: ["path": "/tmp/a/../b", "mode": "0755"])
        #expect(planned.attributes["id"] == "/tmp/b")
        #expect(planned.attributes["created"] == .unknown)
        let issues = try await provider.validate(kind: "directory", properties: ["path": "/tmp/b", "mode": "0800"])
        #expect(issues.map(\.property) == ["mode"])
        #expect(provider.schema.resources["directory"]?.properties["mode"]?.defaultValue == "0755")
        #expect(try await provider.validate(kind: "socket", properties: [:]).first?.message.contains("socket") == true)
    }
}
