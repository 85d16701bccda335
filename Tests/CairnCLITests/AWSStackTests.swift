import Foundation
import TestServers
import Testing

/// stacks/aws end to end: the built cairn binary applies it to a moto_server of its own, the aws
/// CLI checks every resource, drift and changes are planned and applied, and destroy leaves
/// nothing behind.
///
/// Serialized although each test has its own moto_server: moto and the aws CLI are heavy Python
/// processes, and three of each at once only slow the rest of the suite down.
@Suite(.serialized) struct AWSStackTests {
    /// A moto_server on a free port, stopped by PID when the test ends.
    final class Emulator: @unchecked Sendable {
        let url: String
        let server: ServerProcess
        let directory: URL

        /// Starts one off the cooperative threads: starting blocks until moto answers.
        static func start() async throws -> Emulator { try await offPool { try Emulator() } }

        private init() throws {
            directory = try TestServers.makeDirectory("moto-e2e")
            let port = try TestServers.freePort()
            url = "http://127.0.0.1:\(port)"
            // Lowest priority, as the aws CLI below: both are heavy Python programs, and suites with
            // tight timings (the plugin tests) run at the same time. bash first closes every
            // descriptor inherited above stderr: ServerProcess passes on whatever the test process
            // has open, and a long-lived server holding another test's pipe would keep that test's
            // command waiting for EOF.
            let closeInherited = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; if [ "$n" -gt 2 ]; then eval "exec $n>&-"; fi; done; exec "$@""#
            server = try ServerProcess(
                "bash",
                [
                    "-c", closeInherited, "cairn-test-server", "nice", "-n", "19", "moto_server",
                    "-H", "127.0.0.1", "-p", String(port),
                ],
                log: directory.appendingPathComponent("moto.log"))
            let ready = TestServers.waitUntil(timeout: 30, interval: 0.1) { [url] in
                (try? TestServers.run("curl", ["-sf", "-o", "/dev/null", "\(url)/moto-api/"], timeout: 5))?.status == 0
            }
            try #require(ready, "moto_server did not start: \(server.log.suffix(2000))")
        }

        deinit {
            server.stop()
            try? FileManager.default.removeItem(at: directory)
        }

        var environment: [String: String] {
            [
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_ENDPOINT_URL": url, "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            ]
        }

        /// The aws CLI's JSON answer (requires success).
        func json(_ args: [String]) async throws -> [String: Any] {
            let (url, environment) = (url, environment)
            let r = try await offPool {
                try TestServers.run(
                    "nice", ["-n", "19", "aws", "--endpoint-url", url, "--output", "json"] + args,
                    environment: environment, timeout: 60)
            }
            try #require(r.status == 0, "aws \(args.joined(separator: " ")): \(r.both)")
            if r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [:] }
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        }

        func list(_ args: [String], _ key: String) async throws -> [[String: Any]] {
            try await json(args)[key] as? [[String: Any]] ?? []
        }

        func file(_ bucket: String, _ key: String) async throws -> String {
            let out = directory.appendingPathComponent("object-\(UUID().uuidString)").path
            _ = try await json(["s3api", "get-object", "--bucket", bucket, "--key", key, out])
            return try String(contentsOfFile: out, encoding: .utf8)
        }
    }

    /// Runs cairn off the cooperative threads (it blocks until the process ends), so the other
    /// suites' async tests keep their threads.
    func cairn(_ sb: Sandbox, _ args: [String], env: [String: String]) async throws -> CLIResult {
        let box = UncheckedBox(sb)
        return try await offPool { UncheckedBox(try box.value.cairn(args, env: env)) }.value
    }

    func stackSandbox() throws -> Sandbox {
        let sb = try Sandbox()
        try FileManager.default.copyItem(at: RepoRoot.url.appendingPathComponent("stacks/aws"), to: URL(fileURLWithPath: sb.stackDir))
        return sb
    }

    @Test func applyVerifyDriftChangeAndDestroy() async throws {
        guard try TestServers.available("moto_server", "aws") else { return }
        let moto = try await Emulator.start()
        let sb = try stackSandbox()
        let env = moto.environment

        let apply = try await cairn(sb, ["apply", "stack", "--auto-approve"], env: env)
        try #require(apply.status == 0, "\(apply.both)")
        #expect(apply.stdout.contains("Apply complete! Resources: 17 added"), "\(apply.stdout)")

        // Every resource, as the aws CLI sees it.
        let vpcs = try await moto.list(["ec2", "describe-vpcs", "--filters", "Name=tag:Name,Values=cairn-demo"], "Vpcs")
        try #require(vpcs.count == 1)
        let vpcID = try #require(vpcs[0]["VpcId"] as? String)
        #expect(vpcs[0]["CidrBlock"] as? String == "10.0.0.0/16")
        let subnets = try await moto.list(["ec2", "describe-subnets", "--filters", "Name=vpc-id,Values=\(vpcID)"], "Subnets")
        #expect(Set(subnets.compactMap { $0["CidrBlock"] as? String }) == ["10.0.1.0/24", "10.0.2.0/24"])
        #expect(Set(subnets.compactMap { $0["AvailabilityZone"] as? String }).count == 2)
        let groups = try await moto.list(
            ["ec2", "describe-security-groups", "--filters", "Name=group-name,Values=cairn-demo-web"], "SecurityGroups")
        try #require(groups.count == 1)
        #expect((groups[0]["IpPermissions"] as? [[String: Any]])?.first?["FromPort"] as? Int == 80)
        let reservations = try await moto.list(
            [
                "ec2", "describe-instances", "--filters", "Name=tag:stack,Values=cairn-demo",
                "Name=instance-state-name,Values=running",
            ], "Reservations")
        let instances = reservations.flatMap { $0["Instances"] as? [[String: Any]] ?? [] }
        #expect(instances.count == 2)
        #expect(Set(instances.compactMap { $0["SubnetId"] as? String }) == Set(subnets.compactMap { $0["SubnetId"] as? String }))
        let instanceIDs = Set(instances.compactMap { $0["InstanceId"] as? String })

        let lbs = try await moto.list(["elbv2", "describe-load-balancers", "--names", "cairn-demo-lb"], "LoadBalancers")
        try #require(lbs.count == 1)
        let lbArn = try #require(lbs[0]["LoadBalancerArn"] as? String)
        let dnsName = try #require(lbs[0]["DNSName"] as? String)
        let tgs = try await moto.list(["elbv2", "describe-target-groups", "--names", "cairn-demo-web"], "TargetGroups")
        let tgArn = try #require(tgs.first?["TargetGroupArn"] as? String)
        let targets = try await moto.list(["elbv2", "describe-target-health", "--target-group-arn", tgArn], "TargetHealthDescriptions")
        #expect(Set(targets.compactMap { ($0["Target"] as? [String: Any])?["Id"] as? String }) == instanceIDs)
        let listeners = try await moto.list(["elbv2", "describe-listeners", "--load-balancer-arn", lbArn], "Listeners")
        #expect(listeners.count == 1)
        #expect((listeners.first?["DefaultActions"] as? [[String: Any]])?.first?["TargetGroupArn"] as? String == tgArn)

        let zones = try await moto.list(["route53", "list-hosted-zones"], "HostedZones")
        let zone = try #require(zones.first { $0["Name"] as? String == "cairn-demo.test." })
        let zoneID = try #require((zone["Id"] as? String)?.replacingOccurrences(of: "/hostedzone/", with: ""))
        let sets = try await moto.list(["route53", "list-resource-record-sets", "--hosted-zone-id", zoneID], "ResourceRecordSets")
        let www = sets.first { $0["Name"] as? String == "www.cairn-demo.test." && $0["Type"] as? String == "CNAME" }
        #expect((www?["ResourceRecords"] as? [[String: String]])?.first?["Value"] == dnsName)

        #expect(try await moto.file("cairn-demo-assets", "site/index.html") == "<h1>Hello from Cairn</h1>\n")
        #expect(try await moto.json(["s3api", "get-bucket-versioning", "--bucket", "cairn-demo-assets"])["Status"] as? String == "Enabled")
        let queueURL = try #require(
            try await moto.json(["sqs", "get-queue-url", "--queue-name", "cairn-demo-jobs"])["QueueUrl"] as? String)
        let queueAttributes = { () async throws -> [String: String]? in
            try await moto.json(["sqs", "get-queue-attributes", "--queue-url", queueURL, "--attribute-names", "VisibilityTimeout"])[
                "Attributes"] as? [String: String]
        }
        #expect(try await queueAttributes()?["VisibilityTimeout"] == "30")
        let role = try await moto.json(["iam", "get-role", "--role-name", "cairn-demo-web"])["Role"] as? [String: Any]
        #expect(role?["Arn"] as? String == "arn:aws:iam::123456789012:role/cairn-demo-web")

        let outputs = try await cairn(sb, ["output", "--json", "--stack", "stack"], env: env)
        let values = outputs.json as? [String: Any]
        #expect(
            values?["account_id"] as? String == "123456789012"
                || (values?["account_id"] as? [String: Any])?["value"] as? String == "123456789012",
            "\(outputs.both)")
        #expect(outputs.stdout.contains(dnsName))

        let clean = try await cairn(sb, ["plan", "stack", "--detailed-exitcode"], env: env)
        #expect(clean.status == 0, "\(clean.both)")

        // Drift made with the aws CLI shows in the plan and apply repairs it.
        _ = try await moto.json(["ec2", "create-tags", "--resources", vpcID, "--tags", "Key=env,Value=hacked"])
        _ = try await moto.json(["sqs", "set-queue-attributes", "--queue-url", queueURL, "--attributes", "VisibilityTimeout=77"])
        let drift = try await cairn(sb, ["plan", "stack", "--detailed-exitcode"], env: env)
        #expect(drift.status == 2, "\(drift.both)")
        #expect(drift.stdout.contains("vpc") && drift.stdout.contains("jobs"), "\(drift.stdout)")
        #expect(drift.stdout.contains("Plan: 0 to add, 2 to change, 0 to destroy."), "\(drift.stdout)")
        let repair = try await cairn(sb, ["apply", "stack", "--auto-approve"], env: env)
        #expect(repair.status == 0, "\(repair.both)")
        let vpcTags = try await moto.list(["ec2", "describe-vpcs", "--vpc-ids", vpcID], "Vpcs").first?["Tags"] as? [[String: String]]
        #expect(vpcTags?.first { $0["Key"] == "env" }?["Value"] == "dev")
        #expect(try await queueAttributes()?["VisibilityTimeout"] == "30")

        // Configuration changes, all in place: the object's content, a queue attribute, and the
        // env tag of every tagged resource (12 of them).
        let vars = ["--var", "page=<h1>v2</h1>", "--var", "queue_visibility=60", "--var", "env=prod"]
        let change = try await cairn(sb, ["apply", "stack", "--auto-approve"] + vars, env: env)
        #expect(change.status == 0, "\(change.both)")
        #expect(change.stdout.contains("0 added, 13 changed, 0 destroyed"), "\(change.stdout)")
        #expect(try await moto.file("cairn-demo-assets", "site/index.html") == "<h1>v2</h1>")
        #expect(try await queueAttributes()?["VisibilityTimeout"] == "60")
        func envTag(_ tags: Any?) -> String? {
            (tags as? [[String: String]])?.first { $0["Key"] == "env" }?["Value"]
        }
        for subnet in try await moto.list(["ec2", "describe-subnets", "--filters", "Name=vpc-id,Values=\(vpcID)"], "Subnets") {
            #expect(envTag(subnet["Tags"]) == "prod")
        }
        #expect(
            envTag(
                try await moto.list(
                    ["ec2", "describe-security-groups", "--filters", "Name=group-name,Values=cairn-demo-web"], "SecurityGroups"
                ).first?["Tags"]) == "prod")
        let retagged = try await moto.list(["ec2", "describe-instances", "--instance-ids"] + instanceIDs.sorted(), "Reservations")
            .flatMap { $0["Instances"] as? [[String: Any]] ?? [] }
        #expect(retagged.count == 2 && retagged.allSatisfy { envTag($0["Tags"]) == "prod" })
        let elbTags = try await moto.list(["elbv2", "describe-tags", "--resource-arns", lbArn, tgArn], "TagDescriptions")
        #expect(elbTags.count == 2 && elbTags.allSatisfy { envTag($0["Tags"]) == "prod" })
        let zoneTags =
            try await moto.json(["route53", "list-tags-for-resource", "--resource-type", "hostedzone", "--resource-id", zoneID])[
                "ResourceTagSet"] as? [String: Any]
        #expect(envTag(zoneTags?["Tags"]) == "prod")
        #expect(envTag(try await moto.json(["s3api", "get-bucket-tagging", "--bucket", "cairn-demo-assets"])["TagSet"]) == "prod")
        #expect((try await moto.json(["sqs", "list-queue-tags", "--queue-url", queueURL])["Tags"] as? [String: String])?["env"] == "prod")
        #expect(envTag(try await moto.json(["iam", "list-role-tags", "--role-name", "cairn-demo-web"])["Tags"]) == "prod")
        let settled = try await cairn(sb, ["plan", "stack", "--detailed-exitcode"] + vars, env: env)
        #expect(settled.status == 0, "\(settled.both)")

        let destroy = try await cairn(sb, ["destroy", "stack", "--auto-approve"] + vars, env: env)
        #expect(destroy.status == 0, "\(destroy.both)")
        #expect(try await moto.list(["ec2", "describe-vpcs", "--filters", "Name=tag:Name,Values=cairn-demo"], "Vpcs").isEmpty)
        #expect(try await moto.list(["ec2", "describe-subnets", "--filters", "Name=vpc-id,Values=\(vpcID)"], "Subnets").isEmpty)
        #expect(
            try await moto.list(
                ["ec2", "describe-security-groups", "--filters", "Name=group-name,Values=cairn-demo-web"], "SecurityGroups"
            ).isEmpty)
        let left = try await moto.list(["ec2", "describe-instances", "--filters", "Name=tag:stack,Values=cairn-demo"], "Reservations")
            .flatMap { $0["Instances"] as? [[String: Any]] ?? [] }
        #expect(left.allSatisfy { ($0["State"] as? [String: Any])?["Name"] as? String == "terminated" })
        #expect(try await moto.list(["elbv2", "describe-load-balancers"], "LoadBalancers").isEmpty)
        #expect(try await moto.list(["elbv2", "describe-target-groups"], "TargetGroups").isEmpty)
        #expect(try await moto.list(["route53", "list-hosted-zones"], "HostedZones").isEmpty)
        #expect(try await moto.list(["s3api", "list-buckets"], "Buckets").isEmpty)
        #expect((try await moto.json(["sqs", "list-queues"])["QueueUrls"] as? [String] ?? []).isEmpty)
        #expect(try await moto.list(["iam", "list-roles"], "Roles").allSatisfy { $0["RoleName"] as? String != "cairn-demo-web" })
        #expect(try await cairn(sb, ["state", "list", "--stack", "stack"], env: env).lines.isEmpty)
    }

    /// `cairn import` adopts objects made outside Cairn; the plan then shows only real differences.
    @Test func importExistingQueueAndBucket() async throws {
        guard try TestServers.available("moto_server", "aws") else { return }
        let moto = try await Emulator.start()
        let sb = try Sandbox()
        let env = moto.environment
        _ = try await moto.json(["sqs", "create-queue", "--queue-name", "legacy", "--attributes", "VisibilityTimeout=30"])
        _ = try await moto.json(["s3api", "create-bucket", "--bucket", "legacy-bucket"])
        _ = try await moto.json(["s3api", "put-bucket-tagging", "--bucket", "legacy-bucket", "--tagging", "TagSet=[{Key=owner,Value=ops}]"])
        try sb.write(
            "stack.yaml",
            """
            stack: imported
            resources:
              queue:
                type: aws.sqs_queue
                properties: { name: legacy, visibility_timeout_seconds: 30 }
              bucket:
                type: aws.s3_bucket
                properties: { bucket: legacy-bucket, tags: { owner: platform } }
            """)
        let q = try await cairn(sb, ["import", "queue", "legacy", "stack"], env: env)
        #expect(q.status == 0, "\(q.both)")
        let b = try await cairn(sb, ["import", "bucket", "legacy-bucket", "stack"], env: env)
        #expect(b.status == 0, "\(b.both)")
        let plan = try await cairn(sb, ["plan", "stack", "--detailed-exitcode"], env: env)
        #expect(plan.status == 2, "\(plan.both)")
        #expect(plan.stdout.contains("Plan: 0 to add, 1 to change, 0 to destroy."), "\(plan.stdout)")
        #expect(plan.stdout.contains("bucket"), "\(plan.stdout)")
        let apply = try await cairn(sb, ["apply", "stack", "--auto-approve"], env: env)
        #expect(apply.status == 0, "\(apply.both)")
        let tags = try await moto.json(["s3api", "get-bucket-tagging", "--bucket", "legacy-bucket"])["TagSet"] as? [[String: String]]
        #expect(tags == [["Key": "owner", "Value": "platform"]])
    }

    /// What goes wrong reaches the user: AWS's own error code and message with the resource's
    /// address, and missing credentials with where Cairn looked.
    @Test func errorsNameTheResourceAndAWSsMessage() async throws {
        guard try TestServers.available("moto_server", "aws") else { return }
        let moto = try await Emulator.start()
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: broken
            resources:
              orphan:
                type: aws.subnet
                properties: { vpc_id: vpc-0000000000, cidr_block: 10.0.0.0/24 }
            """)
        let apply = try await cairn(sb, ["apply", "stack", "--auto-approve"], env: moto.environment)
        #expect(apply.status == 1, "\(apply.both)")
        #expect(apply.stderr.contains("orphan: create failed: ec2 CreateSubnet failed: InvalidVpcID.NotFound"), "\(apply.both)")
        #expect(apply.stderr.contains("vpc-0000000000"), "\(apply.both)")

        var noCredentials = moto.environment
        noCredentials["AWS_ACCESS_KEY_ID"] = ""
        noCredentials["AWS_SECRET_ACCESS_KEY"] = ""
        noCredentials["AWS_SHARED_CREDENTIALS_FILE"] = sb.absolute("missing-credentials")
        let refused = try await cairn(sb, ["apply", "stack", "--auto-approve"], env: noCredentials)
        #expect(refused.status == 1, "\(refused.both)")
        #expect(refused.stderr.contains("no credentials found"), "\(refused.both)")
        #expect(refused.stderr.contains("AWS_ACCESS_KEY_ID"), "\(refused.both)")
    }
}

/// Carries a value that is not Sendable to a GCD thread and back; the test waits for it, so it is
/// never used from two threads at once.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Runs blocking work on a GCD thread instead of one of Swift's few cooperative threads.
private func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
