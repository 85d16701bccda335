import Foundation
import Testing

/// Where variable values come from: default < CAIRN_VAR_x < --var-file < --var; types and validation.
@Suite struct VariableInputTests {
    static let stack = """
        stack: test
        variables:
          greeting: { type: string, default: from-default }
          names: { type: list, default: [x] }
          tags: { type: map, default: {} }
          replicas:
            type: number
            default: 1
            validation: "${var.replicas >= 1 && var.replicas <= 5}"
            error_message: replicas must be between 1 and 5
          small: { type: number, default: 1, validation: "${var.small < 3}" }
        resources:
          note:
            type: local.file
            properties:
              path: "${path.stack}/../out/note.txt"
              content: '${var.greeting}|${join("+", var.names)}|${jsonencode(var.tags)}|${var.replicas}'
        """

    func sandbox() throws -> Sandbox {
        let sb = try Sandbox()
        try sb.write("stack.yaml", Self.stack)
        return sb
    }

    /// The content `plan --json` would give the note (nil when the plan fails).
    func planned(_ sb: Sandbox, _ args: [String] = [], env: [String: String] = [:]) throws -> String? {
        let r = try sb.cairn(["plan", "stack", "--json"] + args, env: env)
        guard r.status == 0, let doc = r.json as? [String: Any], let changes = doc["changes"] as? [[String: Any]] else {
            Issue.record("plan failed: \(r.both)")
            return nil
        }
        let note = changes.first { $0["address"] as? String == "note" }
        return (note?["after"] as? [String: Any])?["content"] as? String
    }

    @Test func precedenceDefaultEnvFileCommandLine() throws {
        let sb = try sandbox()
        try sb.writeFile("vars.yaml", "greeting: from-file\n")
        let env = ["CAIRN_VAR_greeting": "from-env"]

        #expect(try planned(sb) == "from-default|x|{}|1")
        #expect(try planned(sb, env: env) == "from-env|x|{}|1")
        #expect(try planned(sb, ["--var-file", "vars.yaml"]) == "from-file|x|{}|1")
        #expect(try planned(sb, ["--var-file", "vars.yaml"], env: env) == "from-file|x|{}|1")
        #expect(try planned(sb, ["--var", "greeting=from-cli"], env: env) == "from-cli|x|{}|1")
        #expect(try planned(sb, ["--var-file", "vars.yaml", "--var", "greeting=from-cli"], env: env) == "from-cli|x|{}|1")
        // The order on the command line doesn't matter: --var beats --var-file wherever it stands.
        #expect(try planned(sb, ["--var", "greeting=from-cli", "--var-file", "vars.yaml"], env: env) == "from-cli|x|{}|1")
    }

    @Test func varFileSetsEveryType() throws {
        let sb = try sandbox()
        try sb.writeFile(
            "vars.yaml",
            """
            greeting: hi
            names: [a, b]
            tags: { team: web }
            replicas: 4
            """)
        #expect(try planned(sb, ["--var-file", "vars.yaml"]) == #"hi|a+b|{"team":"web"}|4"#)
        // Applying with the file writes exactly that.
        let apply = try sb.cairn(["apply", "stack", "--var-file", "vars.yaml", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.both)")
        #expect(sb.file("out/note.txt") == #"hi|a+b|{"team":"web"}|4"#)
    }

    @Test func environmentVariablesAreParsedByType() throws {
        let sb = try sandbox()
        let env = ["CAIRN_VAR_names": "[e1, e2]", "CAIRN_VAR_replicas": "3", "CAIRN_VAR_tags": #"{"k": "v"}"#]
        #expect(try planned(sb, env: env) == #"from-default|e1+e2|{"k":"v"}|3"#)
        // A CAIRN_VAR_ for an undeclared variable is ignored.
        #expect(try planned(sb, env: ["CAIRN_VAR_undeclared": "1"]) == "from-default|x|{}|1")
    }

    @Test func listAndMapGivenAsJSONOnTheCommandLine() throws {
        let sb = try sandbox()
        #expect(try planned(sb, ["--var", #"names=["a", "b c", "d"]"#]) == "from-default|a+b c+d|{}|1")
        #expect(try planned(sb, ["--var", "names=[p, q]"]) == "from-default|p+q|{}|1", "YAML flow works too")
        #expect(try planned(sb, ["--var", #"tags={"team": "web", "tier": "1"}"#]) == #"from-default|x|{"team":"web","tier":"1"}|1"#)
        // A string variable takes the text as it is, even when it looks like a list.
        #expect(try planned(sb, ["--var", "greeting=[not, a, list]"]) == "[not, a, list]|x|{}|1")
    }

    @Test func failingValidationShowsTheErrorMessage() throws {
        let sb = try sandbox()
        let r = try sb.cairn(["plan", "stack", "--var", "replicas=9"])
        #expect(r.status == 1, "\(r.both)")
        #expect(r.stderr.contains("replicas must be between 1 and 5"), "\(r.stderr)")
        #expect(r.stderr.contains("stack/stack.yaml:"), "the declaration is named: \(r.stderr)")
        if sb.exists("state/test.sqlite") { #expect(try sb.cairn(["state", "list", "--stack", "stack"]).stdout.isEmpty) }

        // From the environment and from a file too.
        let env = try sb.cairn(["plan", "stack"], env: ["CAIRN_VAR_replicas": "0"])
        #expect(env.status == 1, "\(env.both)")
        #expect(env.stderr.contains("replicas must be between 1 and 5"), "\(env.stderr)")

        // Without error_message a default message names the variable.
        let plain = try sb.cairn(["plan", "stack", "--var", "small=7"])
        #expect(plain.status == 1, "\(plain.both)")
        #expect(plain.stderr.contains("small"), "\(plain.stderr)")
        #expect(plain.stderr.contains("validation"), "\(plain.stderr)")

        let apply = try sb.cairn(["apply", "stack", "--var", "replicas=9", "--auto-approve"])
        #expect(apply.status == 1)
        #expect(!sb.exists("out/note.txt"))
    }

    @Test func badValuesAreErrorsNamingTheVariable() throws {
        let sb = try sandbox()
        let notNumber = try sb.cairn(["plan", "stack", "--var", "replicas=many"])
        #expect(notNumber.status == 1, "\(notNumber.both)")
        #expect(notNumber.stderr.contains("replicas"), "\(notNumber.stderr)")
        #expect(notNumber.stderr.contains("number"), "\(notNumber.stderr)")

        let badList = try sb.cairn(["plan", "stack", "--var", "names=[unclosed"])
        #expect(badList.status == 1, "\(badList.both)")
        #expect(badList.stderr.contains("names"), "\(badList.stderr)")

        let undeclared = try sb.cairn(["plan", "stack", "--var", "greting=hi"])
        #expect(undeclared.status == 1, "\(undeclared.both)")
        #expect(undeclared.stderr.contains("greting"), "\(undeclared.stderr)")
        #expect(undeclared.stderr.contains("greeting"), "a suggestion: \(undeclared.stderr)")

        let noEquals = try sb.cairn(["plan", "stack", "--var", "greeting"])
        #expect(noEquals.status == 1, "\(noEquals.both)")

        let missingFile = try sb.cairn(["plan", "stack", "--var-file", "nowhere.yaml"])
        #expect(missingFile.status == 1, "\(missingFile.both)")
        #expect(missingFile.stderr.contains("nowhere.yaml"), "\(missingFile.stderr)")

        try sb.writeFile("list.yaml", "- a\n- b\n")
        let notAMap = try sb.cairn(["plan", "stack", "--var-file", "list.yaml"])
        #expect(notAMap.status == 1, "\(notAMap.both)")
        #expect(notAMap.stderr.contains("list.yaml"), "\(notAMap.stderr)")

        try sb.writeFile("typo.yaml", "greting: hi\n")
        let fileTypo = try sb.cairn(["plan", "stack", "--var-file", "typo.yaml"])
        #expect(fileTypo.status == 1, "\(fileTypo.both)")
        #expect(fileTypo.stderr.contains("greting"), "\(fileTypo.stderr)")
    }

    @Test func requiredVariableWithoutValueSaysHowToSetIt() throws {
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: test
            variables:
              region: { type: string }
            resources:
              note:
                type: local.file
                properties: { path: "${path.stack}/../out/note.txt", content: "${var.region}" }
            """)
        let r = try sb.cairn(["plan", "stack"])
        #expect(r.status == 1, "\(r.both)")
        #expect(r.stderr.contains("region"), "\(r.stderr)")
        #expect(r.stderr.contains("--var"), "\(r.stderr)")
        #expect(r.stderr.contains("CAIRN_VAR_region"), "\(r.stderr)")
        let ok = try sb.cairn(["plan", "stack"], env: ["CAIRN_VAR_region": "eu"])
        #expect(ok.status == 0, "\(ok.both)")
        #expect(ok.stdout.contains(#"content = "eu""#), "\(ok.stdout)")
    }

    @Test func sensitiveVariableNeverPrintsEvenWhenInvalid() throws {
        let sb = try Sandbox()
        try sb.write(
            "stack.yaml",
            """
            stack: test
            variables:
              pin: { type: string, sensitive: true, validation: "${length(var.pin) == 4}" }
            resources:
              note:
                type: local.file
                properties: { path: "${path.stack}/../out/note.txt", content: "${var.pin}" }
            """)
        let r = try sb.cairn(["plan", "stack", "--var", "pin=kqzwkqzw"])
        #expect(r.status == 1, "\(r.both)")
        #expect(r.stderr.contains("pin"), "\(r.stderr)")
        #expect(!r.stderr.contains("kqzwkqzw") && !r.stdout.contains("kqzwkqzw"), "\(r.both)")
        let ok = try sb.cairn(["plan", "stack", "--var", "pin=kqzw"])
        #expect(ok.status == 0, "\(ok.both)")
        #expect(!ok.stdout.contains("kqzw"), "\(ok.stdout)")
    }
}
