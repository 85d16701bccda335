import CairnProcess
import CairnProviderKit
import Foundation
import Testing

@testable import CairnPluginHost

extension PythonPlugins {
    /// Plugins that stop answering: calls time out, the process is stopped (stdin closed, SIGTERM,
    /// SIGKILL) and reaped, and the host never waits longer than the timeout plus the grace periods.
    @Suite struct HungPluginTests {
        @Test func hungCallTimesOutAndThePluginIsStopped() async throws {
            let scratch = try Scratch()
            let path = try scratch.pythonPlugin("sleepy", "def on_create(req): time.sleep(600)")
            // 3 s, not less: on a busy machine Python's start-up alone can take a second.
            let provider = try await PluginExecutable.load(path: path, expectedName: "sleepy", options: fastOptions(timeout: 3))
                .makeProvider()
            try await provider.configure([:])
            let pid = try #require(provider.processID)
            let start = Date()
            let e = try #require(await failure { _ = try await provider.create(kind: "thing", properties: ["name": "a"]) })
            #expect(Date().timeIntervalSince(start) < 20)
            #expect(
                e.message == "plugin sleepy failed during create of sleepy.thing: it did not answer within 3s; it was stopped",
                "\(e.message)")
            #expect(e.hint?.contains("CAIRN_PLUGIN_TIMEOUT") == true)
            #expect(await waitUntilGone(pid))
        }

        @Test func otherCallsWaitingOnAHungPluginAreToldWhy() async throws {
            let scratch = try Scratch()
            let path = try scratch.pythonPlugin("stuck", "def on_create(req): time.sleep(600)")
            let provider = try await PluginExecutable.load(path: path, expectedName: "stuck", options: fastOptions(timeout: 3))
                .makeProvider()
            try await provider.configure([:])
            async let a = failure { _ = try await provider.create(kind: "thing", properties: ["name": "a"]) }
            try await Task.sleep(nanoseconds: 300_000_000)
            async let b = failure { _ = try await provider.read(kind: "thing", current: ResourceObject(id: "b", attributes: [:])) }
            let (ea, eb) = await (a, b)
            #expect(ea?.message.contains("did not answer within 3s") == true)
            #expect(
                eb?.message
                    == "plugin stuck failed during read of stuck.thing \"b\": it was stopped because it did not answer create of stuck.thing within 3s",
                "\(eb?.message ?? "")")
        }

        @Test func pluginIgnoringSIGTERMIsKilled() async throws {
            let scratch = try Scratch()
            let path = try scratch.pythonPlugin(
                "stubborn",
                """
                import signal
                def on_create(req):
                    signal.signal(signal.SIGTERM, signal.SIG_IGN)
                    time.sleep(600)
                """)
            let provider = try await PluginExecutable.load(path: path, expectedName: "stubborn", options: fastOptions(timeout: 3))
                .makeProvider()
            try await provider.configure([:])
            let pid = try #require(provider.processID)
            let e = await failure { _ = try await provider.create(kind: "thing", properties: ["name": "a"]) }
            #expect(e?.message.contains("did not answer within 3s") == true)
            #expect(await waitUntilGone(pid))
        }

        @Test func hungHandshakeFailsTheLoad() async throws {
            let scratch = try Scratch()
            let path = try scratch.pythonPlugin("mute", "def on_handshake(req): time.sleep(600)")
            let start = Date()
            await #expect {
                _ = try await PluginExecutable.load(path: path, expectedName: "mute", options: fastOptions(timeout: 0.5))
            } throws: { error in
                "\(error)" == "plugin mute failed during handshake: it did not answer within 0.5s; it was stopped"
            }
            #expect(Date().timeIntervalSince(start) < 20)
        }

        @Test func releasedInstanceStopsItsProcess() async throws {
            let scratch = try Scratch()
            let path = try scratch.pythonPlugin("tidy")
            let plugin = try await PluginExecutable.load(path: path, expectedName: "tidy", options: fastOptions())
            var provider: PluginProvider? = plugin.makeProvider()
            try await provider!.configure([:])
            let pid = try #require(provider!.processID)
            #expect(processExists(pid))
            provider = nil
            #expect(await waitUntilGone(pid))
        }

        /// Cairn ignores SIGTERM while it handles it, and threads may block signals; a plugin must not
        /// inherit either, or it could not be stopped.
        @Test func childStartsWithDefaultSignalsInItsOwnGroup() async throws {
            let sleep = ["/bin/sleep", "/usr/bin/sleep"].first { FileManager.default.isExecutableFile(atPath: $0) }
            let child = try spawnWithSIGTERMBlockedAndIgnored(try #require(sleep))
            let status = try String(contentsOfFile: "/proc/\(child.pid)/status", encoding: .utf8)
            func mask(_ field: String) -> UInt64 {
                let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
                return UInt64(line.split(separator: "\t").last ?? "", radix: 16) ?? .max
            }
            let term = UInt64(1) << (SIGTERM - 1)
            #expect(mask("SigBlk") & term == 0)
            #expect(mask("SigIgn") & term == 0)
            #expect(getpgid(child.pid) == child.pid)
            // sleep does not read stdin, so closing it does nothing; SIGTERM must end it.
            #expect(child.stop(grace: 0.2) == .signaled(SIGTERM))
            #expect(!processExists(child.pid))
        }

        private func spawnWithSIGTERMBlockedAndIgnored(_ path: String) throws -> Subprocess {
            let previous = signal(SIGTERM, SIG_IGN)
            var block = sigset_t()
            var old = sigset_t()
            sigemptyset(&block)
            sigaddset(&block, SIGTERM)
            pthread_sigmask(SIG_BLOCK, &block, &old)
            defer {
                pthread_sigmask(SIG_SETMASK, &old, nil)
                signal(SIGTERM, previous)
            }
            return try ChildTable.spawn(path, arguments: ["30"])
        }
    }
}
