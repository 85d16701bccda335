import Foundation
import TestServers
import Testing

/// The docker provider through the `cairn` binary, against the test process's shared dockerd:
/// apply serves a page, drift made through the Engine API shows in plan and apply repairs it,
/// destroy leaves nothing; import by name; an edited build context plans a rebuild.
@Suite struct DockerE2ETests {
    static let stack = """
        stack: test
        variables:
          host: { type: string }
          tag: { type: string }
          port: { type: number }
          tarball: { type: string }
        providers:
          docker: { host: "${var.host}" }
        resources:
          base:
            type: docker.image
            properties:
              name: "cairn-e2e/base-${var.tag}:1"
              tarball: "${var.tarball}"
          net:
            type: docker.network
            properties:
              name: "net-${var.tag}"
              labels: { cairn.test: "${var.tag}" }
          store:
            type: docker.volume
            properties:
              name: "data-${var.tag}"
              labels: { cairn.test: "${var.tag}" }
          web:
            type: docker.container
            properties:
              name: "web-${var.tag}"
              image: "${base.id}"
              command: [httpd, -f, -p, "80", -h, /www]
              init: true
              networks: ["${net.name}"]
              ports: [{ internal: 80, external: "${var.port}" }]
              mounts: [{ source: "${store.name}", target: /data }]
              labels: { cairn.test: "${var.tag}" }
        outputs:
          address: "${web.ip_address}"
        """

    struct Setup {
        let sb: Sandbox
        let docker: Dockerd
        let tag: String
        let port: UInt16
        let vars: [String]
        var label: String { "cairn.test=\(tag)" }

        func cleanUp() {
            for name in (try? docker.names("containers", label: label)) ?? [] {
                _ = try? docker.api("DELETE", "/containers/\(name)?force=1")
            }
            for name in (try? docker.names("networks", label: label)) ?? [] { _ = try? docker.api("DELETE", "/networks/\(name)") }
            for name in (try? docker.names("volumes", label: label)) ?? [] { _ = try? docker.api("DELETE", "/volumes/\(name)") }
        }
    }

    func setUp(_ stack: String = DockerE2ETests.stack, name: String = #function) throws -> Setup? {
        guard let docker = try Dockerd.shared() else { return nil }
        let sb = try Sandbox(name)
        let tag = String(UUID().uuidString.prefix(8)).lowercased()
        let port = try TestServers.freePort()
        let tarball = try Dockerd.busyboxRootfs(page: "page \(tag)\n")
        try FileManager.default.moveItem(at: tarball, to: sb.root.appendingPathComponent("rootfs.tar"))
        try? FileManager.default.removeItem(at: tarball.deletingLastPathComponent())
        try sb.write("stack.yaml", stack)
        let vars = [
            "--var", "host=\(docker.host)", "--var", "tag=\(tag)", "--var", "port=\(port)",
            "--var", "tarball=\(sb.absolute("rootfs.tar"))",
        ]
        return Setup(sb: sb, docker: docker, tag: tag, port: port, vars: vars)
    }

    /// The page at 127.0.0.1:port, retried while httpd starts.
    func page(_ port: UInt16) -> String? {
        var text: String?
        TestServers.waitUntil(timeout: 10, interval: 0.1) {
            let r = try? TestServers.run("curl", ["-sf", "--max-time", "2", "http://127.0.0.1:\(port)/"], timeout: 5)
            if r?.status == 0 { text = r?.stdout }
            return text != nil
        }
        return text
    }

    @Test func applyServesAPageDriftIsRepairedAndDestroyLeavesNothing() throws {
        guard let s = try setUp() else { return }
        defer { s.cleanUp() }
        let apply = try s.sb.cairn(["apply", "stack", "--auto-approve"] + s.vars)
        #expect(apply.status == 0, "\(apply.both)")
        #expect(page(s.port) == "page \(s.tag)\n")
        let address = try s.sb.cairn(["output", "address", "--raw", "--stack", "stack"])
        #expect(address.stdout.split(separator: ".").count == 4, "\(address.both)")

        let quiet = try s.sb.cairn(["plan", "stack", "--detailed-exitcode"] + s.vars)
        #expect(quiet.status == 0, "no drift right after apply:\n\(quiet.both)")

        // Stopped out of band: plan shows it, apply starts it again.
        let id = try #require(try s.sb.stateRecord("web")?["id"] as? String)
        #expect(try s.docker.api("POST", "/containers/\(id)/stop?t=5").status == 204)
        #expect(page(s.port) == nil)
        let plan = try s.sb.cairn(["plan", "stack", "--detailed-exitcode"] + s.vars)
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("Changes made outside Cairn"), "\(plan.stdout)")
        #expect(plan.stdout.contains("~ web (docker.container) will be updated in place"), "\(plan.stdout)")
        #expect(plan.stdout.contains("running true → false"), "\(plan.stdout)")
        #expect(plan.lines.contains { $0.contains("~ running") && $0.hasSuffix("= false → true") }, "\(plan.stdout)")
        let repair = try s.sb.cairn(["apply", "stack", "--auto-approve"] + s.vars)
        #expect(repair.status == 0, "\(repair.both)")
        #expect(page(s.port) == "page \(s.tag)\n")
        #expect(try s.sb.stateRecord("web")?["id"] as? String == id, "started again, not recreated")

        // Removed out of band: plan creates it again.
        #expect(try s.docker.api("DELETE", "/containers/\(id)?force=1").status == 204)
        let gone = try s.sb.cairn(["plan", "stack", "--detailed-exitcode"] + s.vars)
        #expect(gone.status == 2, "\(gone.both)")
        #expect(gone.stdout.contains("- web (docker.container) was deleted"), "\(gone.stdout)")
        #expect(gone.stdout.contains("+ web (docker.container) will be created"), "\(gone.stdout)")
        #expect(gone.stdout.contains("Plan: 1 to add, 0 to change, 0 to destroy."), "\(gone.stdout)")
        #expect(try s.sb.cairn(["apply", "stack", "--auto-approve"] + s.vars).status == 0)
        #expect(page(s.port) == "page \(s.tag)\n")

        let destroy = try s.sb.cairn(["destroy", "stack", "--auto-approve"] + s.vars)
        #expect(destroy.status == 0, "\(destroy.both)")
        #expect(try s.docker.names("containers", label: s.label) == [])
        #expect(try s.docker.names("networks", label: s.label) == [])
        #expect(try s.docker.names("volumes", label: s.label) == [])
        #expect(try s.docker.api("GET", "/images/cairn-e2e/base-\(s.tag):1/json").status == 404)
        #expect(try s.sb.stateList() == [])
    }

    @Test func containerRecreatedWithOtherLabelsIsReplaced() throws {
        guard let s = try setUp() else { return }
        defer { s.cleanUp() }
        #expect(try s.sb.cairn(["apply", "stack", "--auto-approve"] + s.vars).status == 0)
        let id = try #require(try s.sb.stateRecord("web")?["id"] as? String)
        let image = try #require(try s.sb.stateRecord("base")?["id"] as? String)
        #expect(try s.docker.api("DELETE", "/containers/\(id)?force=1").status == 204)
        let body =
            #"{"Image":"\#(image)","Cmd":["httpd","-f","-p","80","-h","/www"],"Labels":{"cairn.test":"\#(s.tag)","owner":"ops"},"HostConfig":{"Init":true,"NetworkMode":"net-\#(s.tag)"}}"#
        #expect(try s.docker.api("POST", "/containers/create?name=web-\(s.tag)", json: body).status == 201)

        let plan = try s.sb.cairn(["plan", "stack", "--detailed-exitcode"] + s.vars)
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("Changes made outside Cairn"), "\(plan.stdout)")
        #expect(plan.stdout.contains("-/+ web (docker.container) must be replaced"), "\(plan.stdout)")
        #expect(plan.stdout.contains("labels"), "\(plan.stdout)")
        let apply = try s.sb.cairn(["apply", "stack", "--auto-approve"] + s.vars)
        #expect(apply.status == 0, "\(apply.both)")
        #expect(page(s.port) == "page \(s.tag)\n")
        let newID = try #require(try s.sb.stateRecord("web")?["id"] as? String)
        let (_, json) = try s.docker.api("GET", "/containers/\(newID)/json")
        #expect(((json as? [String: Any])?["Config"] as? [String: Any])?["Labels"] as? [String: String] == ["cairn.test": s.tag])
        #expect(try s.docker.names("containers", label: s.label) == ["web-\(s.tag)"])
        #expect(try s.sb.cairn(["destroy", "stack", "--auto-approve"] + s.vars).status == 0)
    }

    static let importStack = """
        stack: test
        variables:
          host: { type: string }
          tag: { type: string }
          image: { type: string }
        providers:
          docker: { host: "${var.host}" }
        resources:
          web:
            type: docker.container
            properties:
              name: "hand-${var.tag}"
              image: "${var.image}"
              command: [sleep, "300"]
              init: true
              networks: [none]
              labels: { cairn.test: "${var.tag}" }
        """

    @Test func containerMadeByHandIsImportedByName() throws {
        guard let s = try setUp(Self.importStack) else { return }
        defer { s.cleanUp() }
        let image = try s.docker.baseImage()
        let body =
            #"{"Image":"\#(image)","Cmd":["sleep","300"],"Labels":{"cairn.test":"\#(s.tag)"},"HostConfig":{"Init":true,"NetworkMode":"none"}}"#
        let made = try s.docker.api("POST", "/containers/create?name=hand-\(s.tag)", json: body)
        #expect(made.status == 201)
        let id = try #require((made.json as? [String: Any])?["Id"] as? String)
        #expect(try s.docker.api("POST", "/containers/\(id)/start").status == 204)
        let vars = ["--var", "host=\(s.docker.host)", "--var", "tag=\(s.tag)", "--var", "image=\(image)"]

        let imported = try s.sb.cairn(["import", "web", "hand-\(s.tag)", "stack"] + vars)
        #expect(imported.status == 0, "\(imported.both)")
        #expect(try s.sb.stateRecord("web")?["id"] as? String == id)
        let plan = try s.sb.cairn(["plan", "stack", "--detailed-exitcode"] + vars)
        #expect(plan.status == 0, "\(plan.both)")
        #expect(plan.stdout.contains("No changes."), "\(plan.stdout)")

        #expect(try s.sb.cairn(["destroy", "stack", "--auto-approve"] + vars).status == 0)
        #expect(try s.docker.names("containers", label: s.label) == [])
    }

    static let buildStack = """
        stack: test
        variables:
          host: { type: string }
          tag: { type: string }
          base: { type: string }
        providers:
          docker: { host: "${var.host}" }
        resources:
          app:
            type: docker.image
            properties:
              name: "cairn-e2e/app-${var.tag}:1"
              build: { context: "${path.stack}/app" }
        """

    @Test func editedBuildContextPlansARebuild() throws {
        guard let s = try setUp(Self.buildStack) else { return }
        defer { s.cleanUp() }
        let base = try s.docker.baseImage()
        try s.sb.write("app/Dockerfile", "FROM \(base)\nCOPY index.html /www/index.html\n")
        try s.sb.write("app/index.html", "v1\n")
        let vars = ["--var", "host=\(s.docker.host)", "--var", "tag=\(s.tag)", "--var", "base=\(base)"]
        #expect(try s.sb.cairn(["apply", "stack", "--auto-approve"] + vars).status == 0)
        let first = try #require(try s.sb.stateRecord("app")?["id"] as? String)
        #expect(try s.sb.cairn(["plan", "stack", "--detailed-exitcode"] + vars).status == 0)

        try s.sb.write("app/index.html", "v2\n")
        let plan = try s.sb.cairn(["plan", "stack", "--detailed-exitcode"] + vars)
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("-/+ app (docker.image) must be replaced (forced by source_hash)"), "\(plan.stdout)")
        let apply = try s.sb.cairn(["apply", "stack", "--auto-approve"] + vars)
        #expect(apply.status == 0, "\(apply.both)")
        let second = try #require(try s.sb.stateRecord("app")?["id"] as? String)
        #expect(second != first)
        #expect(try s.docker.api("GET", "/images/\(second)/json").status == 200)
        #expect(try s.sb.cairn(["plan", "stack", "--detailed-exitcode"] + vars).status == 0)
        #expect(try s.sb.cairn(["destroy", "stack", "--auto-approve"] + vars).status == 0)
        #expect(try s.docker.api("GET", "/images/cairn-e2e/app-\(s.tag):1/json").status == 404)
    }
}
