import CairnPluginHost
import CairnProviderKit
import Foundation
import Testing

extension PythonPlugins {
    /// Plugins that crash, write garbage, answer the wrong id or flood the pipe: each call fails with
    /// a message naming the plugin and the call, nothing hangs, and no process is left behind.
    @Suite struct MisbehavingPluginTests {
        /// Loads `name` from a script, configures one instance and returns it with its process id.
        func instance(_ scratch: Scratch, _ name: String, _ overrides: String, timeout: Double = 2) async throws -> (PluginProvider, Int32)
        {
            let path = try scratch.pythonPlugin(name, overrides)
            let plugin = try await PluginExecutable.load(path: path, expectedName: name, options: fastOptions(timeout: timeout))
            let provider = plugin.makeProvider()
            try await provider.configure([:])
            return (provider, try #require(provider.processID))
        }

        @Test func crashDuringCreateNamesPluginCallAndLastLogLine() async throws {
            let scratch = try Scratch()
            let (provider, pid) = try await instance(
                scratch, "crashy",
                """
                def on_create(req):
                    sys.stderr.write("boom: the disk is on fire\\n"); sys.stderr.flush()
                    os._exit(3)
                """)
            let e = try #require(await failure { _ = try await provider.create(kind: "thing", properties: ["name": "a"]) })
            #expect(e.message.contains("plugin crashy failed during create of crashy.thing"), "\(e.message)")
            #expect(e.message.contains("exited with status 3"), "\(e.message)")
            #expect(e.message.contains("boom: the disk is on fire"), "\(e.message)")
            #expect(e.hint?.contains("--log-level debug") == true)
            #expect(await waitUntilGone(pid))

            // The next call starts the plugin again, and it works.
            let back = try await provider.read(kind: "thing", current: ResourceObject(id: "b", attributes: ["name": "b"]))
            #expect(back?.id == "b")
            #expect(provider.processID != pid)
        }

        @Test func pluginThatKeepsCrashingIsNotStartedForever() async throws {
            let scratch = try Scratch()
            let (provider, _) = try await instance(scratch, "fragile", "def on_read(req): os._exit(1)")
            for _ in 0..<3 {
                let e = await failure { _ = try await provider.read(kind: "thing", current: ResourceObject(id: "x", attributes: [:])) }
                #expect(e?.message.contains("read of fragile.thing \"x\"") == true, "\(e?.message ?? "")")
            }
            let last = await failure { _ = try await provider.read(kind: "thing", current: ResourceObject(id: "x", attributes: [:])) }
            #expect(last?.message.contains("plugin fragile stopped working 3 times") == true, "\(last?.message ?? "")")
        }

        @Test func exitWithCallsInFlightFailsEveryOne() async throws {
            let scratch = try Scratch()
            let (provider, pid) = try await instance(
                scratch, "quitter",
                """
                def on_create(req):
                    time.sleep(1.0)
                    sys.exit(1)
                """)
            // The delete is sent once the create is surely in the plugin's hands, so it waits in the
            // pipe when the plugin exits; sent first, the plugin would answer it before the create.
            async let first = failure { _ = try await provider.create(kind: "thing", properties: ["name": "one"]) }
            async let second = failure {
                try await Task.sleep(nanoseconds: 300_000_000)
                _ = try await provider.delete(kind: "thing", current: ResourceObject(id: "two", attributes: [:]))
            }
            let (a, b) = await (first, second)
            #expect(
                a?.message.contains("plugin quitter failed during create of quitter.thing: it exited with status 1") == true,
                "\(a?.message ?? "")")
            #expect(
                b?.message.contains("plugin quitter failed during delete of quitter.thing \"two\": it exited with status 1") == true,
                "\(b?.message ?? "")")
            #expect(await waitUntilGone(pid))
        }

        /// The write fails with EPIPE; SIGPIPE must not kill the host (this test process).
        @Test func writingToAPluginThatClosedItsInputIsAnErrorNotACrash() async throws {
            let scratch = try Scratch()
            let (provider, pid) = try await instance(
                scratch, "deaf",
                """
                def on_configure(req):
                    reply(req, {})
                    os.close(0)
                    time.sleep(0.5)
                    os._exit(4)
                """)
            try await Task.sleep(nanoseconds: 100_000_000)
            let e = try #require(await failure { _ = try await provider.create(kind: "thing", properties: ["name": "a"]) })
            #expect(e.message.contains("plugin deaf failed during create of deaf.thing: it exited with status 4"), "\(e.message)")
            #expect(await waitUntilGone(pid))
        }

        @Test func garbageOnStdoutStopsThePlugin() async throws {
            let scratch = try Scratch()
            let (provider, pid) = try await instance(
                scratch, "chatty",
                """
                def on_create(req):
                    print("hello, I am not JSON", flush=True)
                    time.sleep(600)
                """)
            let e = try #require(await failure { _ = try await provider.create(kind: "thing", properties: ["name": "a"]) })
            #expect(e.message.contains("plugin chatty failed during create of chatty.thing"), "\(e.message)")
            #expect(e.message.contains("not a JSON-RPC message (not valid JSON): \"hello, I am not JSON\""), "\(e.message)")
            #expect(e.hint?.contains("stderr") == true)
            #expect(await waitUntilGone(pid))
        }

        @Test func jsonThatIsNotAMessageIsGarbageToo() async throws {
            let scratch = try Scratch()
            let (provider, _) = try await instance(
                scratch, "odd",
                """
                def on_create(req): send({"jsonrpc": "2.0", "id": req["id"]})
                """)
            let e = try #require(await failure { _ = try await provider.create(kind: "thing", properties: ["name": "a"]) })
            #expect(e.message.contains("exactly one of \"result\" and \"error\""), "\(e.message)")
        }

        @Test func answerToAnIdNeverSentStopsThePlugin() async throws {
            let scratch = try Scratch()
            let (provider, pid) = try await instance(
                scratch, "confused",
                """
                def on_create(req): send({"jsonrpc": "2.0", "id": req["id"] + 1000, "result": {}})
                """)
            let e = try #require(await failure { _ = try await provider.create(kind: "thing", properties: ["name": "a"]) })
            #expect(e.message.contains("plugin confused failed during create of confused.thing"), "\(e.message)")
            #expect(e.message.contains("which is not waiting for an answer"), "\(e.message)")
            #expect(await waitUntilGone(pid))
        }

        @Test func overlongMessageIsRefusedWithoutHoldingItAll() async throws {
            let scratch = try Scratch()
            // A long timeout: what is tested is the size limit, and 17 MiB through a pipe can take
            // seconds on a busy machine.
            let (provider, pid) = try await instance(
                scratch, "flood",
                """
                def on_create(req):
                    sys.stdout.write("x" * (17 * 1024 * 1024)); sys.stdout.flush()
                """, timeout: 60)
            let e = try #require(await failure { _ = try await provider.create(kind: "thing", properties: ["name": "a"]) })
            #expect(
                e.message.contains("plugin flood failed during create of flood.thing: it wrote a message longer than 16 MiB"),
                "\(e.message)")
            #expect(await waitUntilGone(pid))
        }

        @Test func largeAnswersAndFloodsOfLogArePassedThrough() async throws {
            let scratch = try Scratch()
            let (provider, _) = try await instance(
                scratch, "bulky",
                """
                def on_read(req):
                    for i in range(100000): sys.stderr.write("log line %d\\n" % i)
                    sys.stderr.flush()
                    reply(req, {"id": "big", "attributes": {"blob": "y" * (4 * 1024 * 1024)}})
                """, timeout: 20)
            let big = try await provider.read(kind: "thing", current: ResourceObject(id: "big", attributes: [:]))
            #expect(big?.attributes["blob"]?.stringValue?.count == 4 * 1024 * 1024)
        }

        @Test func answersAreMatchedByIdInAnyOrder() async throws {
            let scratch = try Scratch()
            let (provider, _) = try await instance(
                scratch, "shuffler",
                """
                held = []
                def on_create(req):
                    held.append(req)
                    if len(held) == 2:
                        for r in reversed(held):
                            p = r["params"]["properties"]
                            reply(r, {"id": p["name"], "attributes": dict(p, id=p["name"])})
                """)
            async let a = provider.create(kind: "thing", properties: ["name": "first"])
            async let b = provider.create(kind: "thing", properties: ["name": "second"])
            let (x, y) = try await (a, b)
            #expect(x.id == "first")
            #expect(y.id == "second")
        }

        @Test func providerErrorsAreShownAsThePluginWroteThem() async throws {
            let scratch = try Scratch()
            let (provider, _) = try await instance(
                scratch, "strict",
                """
                def on_create(req): fail(req, -32000, "thing \\"a\\" already exists", {"hint": "import it"})
                def on_update(req): fail(req, -32603, "KeyError: 'size'")
                """)
            let e = try #require(await failure { _ = try await provider.create(kind: "thing", properties: ["name": "a"]) })
            #expect(e.message == "thing \"a\" already exists")
            #expect(e.hint == "import it")
            let prior = ResourceObject(id: "a", attributes: [:])
            let u = try #require(await failure { _ = try await provider.update(kind: "thing", prior: prior, properties: ["name": "a"]) })
            #expect(u.message == "plugin strict failed during update of strict.thing \"a\": KeyError: 'size' (error -32603)")
            // An error answer leaves the plugin usable.
            #expect(try await provider.read(kind: "thing", current: prior)?.id == "a")
        }

        @Test func malformedResultsAreReportedNotTrusted() async throws {
            let scratch = try Scratch()
            let (provider, _) = try await instance(
                scratch, "sloppy",
                """
                def on_create(req): reply(req, {"attributes": {}})
                """)
            let e = try #require(await failure { _ = try await provider.create(kind: "thing", properties: ["name": "a"]) })
            #expect(
                e.message
                    == "plugin sloppy answered create of sloppy.thing with a malformed result: result.id must be a string, got nothing")
        }

        @Test func optionalCallsFallBackToCairnsDefaults() async throws {
            let scratch = try Scratch()
            let (provider, _) = try await instance(scratch, "minimal", "del on_configure")
            #expect(try await provider.validate(kind: "thing", properties: ["name": "a"]).isEmpty)
            let planned = try await provider.plan(kind: "thing", prior: nil, proposed: ["name": "a", "size": 1])
            #expect(planned.attributes == ["name": "a", "size": 1, "id": .unknown])
            #expect(try await provider.adopt(kind: "thing", properties: ["name": "a"]) == nil)
            let e = await failure { _ = try await provider.importResource(kind: "thing", id: "a") }
            #expect(e?.message == "minimal.thing does not support import")
            #expect(try await provider.readData(kind: "facts", properties: [:]) == ["answer": 42])
        }

        @Test func failedValidateAndPlanDoNotThrow() async throws {
            let scratch = try Scratch()
            let (provider, _) = try await instance(
                scratch, "grumpy",
                """
                def on_validate(req): os._exit(2)
                def on_plan(req): fail(req, -32603, "plan exploded")
                """)
            let issues = try await provider.validate(kind: "thing", properties: ["name": "a"])
            #expect(issues.count == 1)
            #expect(
                issues.first?.message.contains("plugin grumpy failed during validate of grumpy.thing: it exited with status 2") == true,
                "\(issues)")
            let planned = try await provider.plan(kind: "thing", prior: nil, proposed: ["name": "a", "size": 1])
            #expect(planned.attributes == ["name": "a", "size": 1, "id": .unknown])
        }
    }
}
