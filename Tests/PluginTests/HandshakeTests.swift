import CairnPluginHost
import CairnProviderKit
import Foundation
import Testing

extension PythonPlugins {
    /// Starting a plugin: version negotiation, names, executables that cannot run, discovery.
    @Suite struct HandshakeTests {
        func loadError(_ path: String, expectedName: String?) async -> ProviderError? {
            do {
                _ = try await PluginExecutable.load(path: path, expectedName: expectedName, options: fastOptions())
                return nil
            } catch {
                return error
            }
        }

        @Test func schemaIsReadAtLoad() async throws {
            let scratch = try Scratch()
            let plugin = try await PluginExecutable.load(
                path: try scratch.pythonPlugin("shapes"), expectedName: "shapes", options: fastOptions())
            #expect(plugin.protocolVersion == 1)
            #expect(plugin.schema.name == "shapes")
            #expect(plugin.schema.version == "0.0.1")
            let thing = try #require(plugin.schema.resources["thing"])
            #expect(thing.properties["name"] == .required(.string, forceNew: true))
            #expect(thing.properties["size"]?.defaultValue == 1)
            #expect(thing.properties["id"] == .computed(.string))
            #expect(plugin.schema.dataSources["facts"]?.properties["answer"] == .computed(.number))
        }

        @Test func newerProtocolIsAClearError() async throws {
            let scratch = try Scratch()
            let path = try scratch.pythonPlugin(
                "future", #"def on_handshake(req): reply(req, {"protocol": 2, "name": NAME, "version": "9"})"#)
            let e = try #require(await loadError(path, expectedName: "future"))
            #expect(e.message.hasPrefix("plugin future (\(path)) speaks plugin protocol 2, but this Cairn speaks 1"), "\(e.message)")
            #expect(e.hint?.contains("upgrade Cairn") == true)
        }

        @Test func pluginRefusingOurVersionsIsAClearError() async throws {
            let scratch = try Scratch()
            let path = try scratch.pythonPlugin(
                "picky",
                """
                def on_handshake(req): fail(req, -32001, "I only speak protocol 3", {"supported": [3]})
                """)
            let e = try #require(await loadError(path, expectedName: "picky"))
            #expect(e.message.contains("speaks plugin protocol 3, but this Cairn speaks 1 (I only speak protocol 3)"), "\(e.message)")
            #expect(e.hint?.contains("upgrade Cairn") == true)
        }

        @Test func nameMustMatchTheFileName() async throws {
            let scratch = try Scratch()
            let path = try scratch.executable("cairn-provider-alpha", PythonPlugin.source(name: "beta", overrides: ""))
            let e = try #require(await loadError(path, expectedName: "alpha"))
            #expect(e.message == "\(path) says it is provider \"beta\", but its file name says \"alpha\"")
        }

        @Test func badSchemaIsReportedWithItsPath() async throws {
            let scratch = try Scratch()
            let path = try scratch.pythonPlugin(
                "typo",
                """
                def on_schema(req): reply(req, {"resources": {"thing": {"properties": {"size": {"type": "integer"}}}}})
                """)
            let e = try #require(await loadError(path, expectedName: "typo"))
            #expect(
                e.message.contains(
                    "plugin typo answered schema with a malformed result: schema.resources.thing.properties.size.type: unknown type \"integer\""
                ),
                "\(e.message)")
        }

        @Test func scriptWithoutInterpreterLineCannotStart() async throws {
            let scratch = try Scratch()
            let path = try scratch.executable("cairn-provider-bare", "print('hi')\n")
            let e = try #require(await loadError(path, expectedName: "bare"))
            #expect(e.message.hasPrefix("cannot start plugin bare (\(path)):"), "\(e.message)")
            #expect(e.hint?.contains("#!") == true)
        }

        @Test func crashAtStartShowsWhatItLogged() async throws {
            let scratch = try Scratch()
            let path = try scratch.executable("cairn-provider-broken", "#!/usr/bin/env python3\nimport no_such_module\n")
            let e = try #require(await loadError(path, expectedName: "broken"))
            #expect(e.message.contains("plugin broken failed during handshake: it exited with status 1"), "\(e.message)")
            #expect(e.message.contains("No module named 'no_such_module'"), "\(e.message)")
        }

        @Test func discoveryPrefersTheStackFolderAndSkipsWhatCannotRun() throws {
            let scratch = try Scratch()
            try scratch.executable("stack/plugins/cairn-provider-one", "#!/bin/sh\n")
            try scratch.executable("path-a/cairn-provider-one", "#!/bin/sh\n")
            try scratch.executable("path-a/cairn-provider-two", "#!/bin/sh\n")
            try scratch.executable("path-b/cairn-provider-two", "#!/bin/sh\n")
            try scratch.executable("path-b/cairn-provider-Bad.Name", "#!/bin/sh\n")
            try scratch.executable("path-b/cairn-provider-lazy", "#!/bin/sh\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: scratch.file("path-b/cairn-provider-lazy"))
            try scratch.executable("path-b/other-tool", "#!/bin/sh\n")

            let folders = PluginDiscovery.folders(
                stackDirectory: scratch.file("stack"),
                environment: ["CAIRN_PLUGIN_PATH": "\(scratch.file("path-a")):\(scratch.file("missing")):\(scratch.file("path-b"))"])
            #expect(folders.first == scratch.file("stack/plugins"))
            let (found, skipped) = PluginDiscovery.find(in: folders)
            #expect(found.keys.sorted() == ["one", "two"])
            #expect(found["one"]?.path == scratch.file("stack/plugins/cairn-provider-one"))
            #expect(found["two"]?.path == scratch.file("path-a/cairn-provider-two"))
            #expect(skipped["lazy"]?.contains("is not executable") == true)
        }

        @Test func hostOptionsComeFromTheEnvironment() throws {
            let o = try PluginHostOptions.from(environment: ["CAIRN_PLUGIN_TIMEOUT": "2.5", "CAIRN_PLUGIN_GRACE": "0"], cairnVersion: "x")
            #expect(o.timeout == 2.5)
            #expect(o.grace == 0)
            #expect(try PluginHostOptions.from(environment: [:], cairnVersion: "x").timeout == 30)
            #expect(throws: ProviderError.self) {
                try PluginHostOptions.from(environment: ["CAIRN_PLUGIN_TIMEOUT": "soon"], cairnVersion: "x")
            }
        }
    }
}
