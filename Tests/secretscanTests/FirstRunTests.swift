import Foundation
import TestSupport
import Testing

/// What a new user sees on an ordinary repository: one coverage advisory, a failure threshold,
/// baselines that absorb every kind of finding, and a short report.
@Suite struct FirstRunTests {
    var gen = TestSecrets(seed: 1212)

    /// A repository holding nothing but `print('hello')`, committed.
    func helloRepository() throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write("hello.py", "print('hello')\n")
        try repo.commitAll("hello")
        return repo
    }

    @Test func freshRepositoryGetsOneLowAdvisoryAndExitsZero() throws {
        let repo = try helloRepository()
        let json = try CLI.run(["scan", repo.path, "-f", "json"], gitignoreAudit: true)
        #expect(json.status == 0, "\(json.stdout)\(json.stderr)")
        let report = try JSONDecoder().decode(CLI.Report.self, from: json.stdoutData)
        #expect(report.findings.map(\.position) == ["gitignore-not-covered@.gitignore:1:1"])
        #expect(report.findings.map(\.severity) == ["low"])
        // Every sensitive pattern is listed once, each with the path it lets through.
        struct Gaps: Decodable {
            struct F: Decodable {
                var patterns: [Gap]?
                var remediation: String?
            }
            struct Gap: Decodable {
                var pattern: String
                var probe: String
                var required: Bool
            }
            var findings: [F]
        }
        let gaps = try JSONDecoder().decode(Gaps.self, from: json.stdoutData).findings[0]
        let patterns = gaps.patterns ?? []
        #expect(patterns.count >= 30)
        #expect(Set(patterns.map(\.pattern)).count == patterns.count)
        #expect(patterns.contains { $0.pattern == ".env" && $0.probe == ".env" && !$0.required })
        #expect(patterns.contains { $0.pattern == "*.pem" })
        #expect(gaps.remediation?.contains("secretscan gitignore --fix") == true)

        let text = try CLI.run(["scan", repo.path], gitignoreAudit: true)
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 2, "a clean repository's report is the advisory and a summary:\n\(text.stdout)")
        #expect(lines.first?.hasPrefix(".gitignore:1:1  gitignore-not-covered") == true)
        #expect(lines.first?.contains("`secretscan gitignore` lists each") == true)
        #expect(lines.first?.contains("`--fix` adds them") == true)
        #expect(lines.last?.hasPrefix("1 finding (1 low) in 1 file · ") == true)
        #expect(lines.last?.hasSuffix(" · 1 below --fail-on medium") == true)
        #expect(text.stderr.isEmpty, "\(text.stderr)")

        let strict = try CLI.run(["scan", repo.path, "--fail-on", "low"], gitignoreAudit: true)
        #expect(strict.status == 1)
        #expect(!strict.stdout.contains("below --fail-on"))
    }

    @Test func failOnIsAConfigurationKeyAndTheFlagWins() throws {
        let repo = try helloRepository()
        try repo.write(".secretscan.toml", "[extend]\nuseDefault = true\n\n[report]\nfailOn = \"low\"\n")
        #expect(try CLI.run(["scan", repo.path], gitignoreAudit: true).status == 1)
        #expect(try CLI.run(["scan", repo.path, "--fail-on", "medium"], gitignoreAudit: true).status == 0)
        try repo.write(".secretscan.toml", "[report]\nfailOn = \"severe\"\n")
        let bad = try CLI.run(["scan", repo.path], gitignoreAudit: true)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("failOn must be one of"))
    }

    @Test func requiredPatternRaisesTheAdvisoryToHigh() throws {
        let repo = try helloRepository()
        try repo.write(".secretscan.toml", "[extend]\nuseDefault = true\n\n[gitignore]\nrequired = [\".env\"]\n")
        let r = try CLI.run(["scan", repo.path, "-f", "json"], gitignoreAudit: true)
        #expect(r.status == 1)
        let report = try JSONDecoder().decode(CLI.Report.self, from: r.stdoutData)
        #expect(report.findings.map(\.position) == ["gitignore-not-covered@.gitignore:1:1"])
        #expect(report.findings.map(\.severity) == ["high"])
        // Covering the required pattern brings it back to an advisory.
        try repo.write(".gitignore", ".env\n")
        try repo.commitAll("ignore .env")
        let covered = try CLI.run(["scan", repo.path, "-f", "json"], gitignoreAudit: true)
        #expect(covered.status == 0)
        #expect(try JSONDecoder().decode(CLI.Report.self, from: covered.stdoutData).findings.map(\.severity) == ["low"])
    }

    @Test mutating func thresholdCountsOnlyFindingsAtOrAboveIt() throws {
        let repo = try TestRepo()
        try repo.write(".secretscan.toml", neutralRules.replacingOccurrences(of: "severity = \"high\"", with: "severity = \"medium\""))
        try repo.write("a.txt", "t = tkn_\(gen.body(24))\n")
        #expect(try CLI.run(["scan", repo.path]).status == 1)
        #expect(try CLI.run(["scan", repo.path, "--fail-on", "high"]).status == 0)
        let critical = try CLI.scanJSON([repo.path, "--fail-on", "critical"])
        #expect(critical.status == 0)
        #expect(critical.report.stats.fail_on == "critical")
        #expect(critical.report.stats.failing == 0)
        #expect(critical.report.stats.below_threshold == 1)
        try repo.git("add", "-A")
        #expect(try CLI.run(["staged", repo.path, "--fail-on", "high"]).status == 0)
        #expect(try CLI.run(["staged", repo.path]).status == 1)
        try repo.commitAll()
        #expect(try CLI.run(["history", repo.path, "--fail-on", "high"]).status == 0)
        #expect(try CLI.run(["history", repo.path, "--fail-on", "medium"]).status == 1)
    }

    /// A repository with a secret, an infrastructure finding, a tracked sensitive file and the
    /// coverage advisory.
    mutating func repositoryWithEveryKind(_ repo: TestRepo) throws {
        try repo.write(".secretscan.toml", neutralRules)
        try repo.write("app/config.txt", "token = tkn_\(gen.body(24))\n")
        try repo.write(
            "infra/main.tf",
            """
            resource "aws_secretsmanager_secret_version" "db" {
              secret_id     = aws_secretsmanager_secret.db.id
              secret_string = "\(gen.body(18))"
            }

            """)
        try repo.write("certs/server.pem", "not really a key\n")
    }

    static let everyKind: Set<String> = [
        "test-token@app/config.txt", "iac-tf-secret-version-literal@infra/main.tf",
        "gitignore-tracked-sensitive@certs/server.pem", "gitignore-not-covered@.gitignore",
    ]

    @Test mutating func scanBaselineAbsorbsEveryKindAndSurvivesUnrelatedEdits() throws {
        let repo = try TestRepo()
        try repositoryWithEveryKind(repo)
        try repo.commitAll()
        let before = try CLI.run(["scan", repo.path, "-f", "json", "--fail-on", "low"], gitignoreAudit: true)
        let found = try JSONDecoder().decode(CLI.Report.self, from: before.stdoutData).findings
        #expect(Set(found.map { "\($0.rule_id)@\($0.path)" }) == Self.everyKind)
        #expect(before.status == 1)

        let baseline = repo.path + "/.secretscan-baseline.json"
        let recorded = try CLI.run(["baseline", repo.path, "-o", baseline])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stderr.contains("recorded 4 finding(s)"))
        try repo.write("report.json", try CLI.run(["scan", repo.path, "-f", "json"], gitignoreAudit: true).stdout)
        try repo.write("report.sarif", try CLI.run(["scan", repo.path, "-f", "sarif"], gitignoreAudit: true).stdout)
        for accepted in [baseline, repo.path + "/report.json", repo.path + "/report.sarif"] {
            let after = try CLI.run(["scan", repo.path, "-f", "json", "--fail-on", "low", "--baseline", accepted], gitignoreAudit: true)
            #expect(after.status == 0, "\(accepted): \(after.stdout)")
            #expect(try JSONDecoder().decode(CLI.Report.self, from: after.stdoutData).findings.isEmpty)
        }
        // Lines added above each finding move them; content fingerprints keep them accepted.
        try repo.write("app/config.txt", "# settings\n\n" + (try String(contentsOfFile: repo.path + "/app/config.txt", encoding: .utf8)))
        let tf = try String(contentsOfFile: repo.path + "/infra/main.tf", encoding: .utf8)
        try repo.write("infra/main.tf", "# database\nvariable \"region\" {}\n\n" + tf)
        // Covering one more pattern changes the advisory's list, not its identity.
        try repo.write(".gitignore", ".env\n")
        try repo.commitAll("ignore .env")
        let edited = try CLI.run(["scan", repo.path, "--fail-on", "low", "--baseline", baseline], gitignoreAudit: true)
        #expect(edited.status == 0, "\(edited.stdout)")
        // A new secret is still reported.
        try repo.write("app/more.txt", "token = tkn_\(gen.body(24))\n")
        let fresh = try CLI.run(["scan", repo.path, "-f", "json", "--baseline", baseline], gitignoreAudit: true)
        #expect(fresh.status == 1)
        #expect(
            try JSONDecoder().decode(CLI.Report.self, from: fresh.stdoutData).findings.map(\.position) == ["test-token@app/more.txt:1:9"])
    }

    @Test mutating func historyBaselineAndReportAbsorbEverything() throws {
        let repo = try TestRepo()
        try repositoryWithEveryKind(repo)
        try repo.commitAll()
        try repo.write("app/config.txt", "token = from_the_store\n")  // the secret stays in history
        try repo.commitAll("remove")
        let first = try CLI.json("history", [repo.path, "--fail-on", "low"])
        #expect(Set(first.report.findings.map(\.rule_id)) == ["test-token", "iac-tf-secret-version-literal"])
        let baseline = repo.path + "/history-baseline.json"
        #expect(try CLI.run(["baseline", repo.path, "--history", "-o", baseline]).status == 0)
        try repo.write("history.json", try CLI.run(["history", repo.path, "-f", "json"]).stdout)
        for accepted in [baseline, repo.path + "/history.json"] {
            let after = try CLI.json("history", [repo.path, "--fail-on", "low", "--baseline", accepted])
            #expect(after.status == 0, "\(accepted)")
            #expect(after.report.findings.isEmpty)
        }
    }

    @Test mutating func stagedBaselineAndReportAbsorbEverything() throws {
        let repo = try TestRepo()
        try repo.write("README", "hello\n")
        try repo.commitAll()
        try repositoryWithEveryKind(repo)
        try repo.git("add", "-A")
        let first = try CLI.json("staged", [repo.path, "--fail-on", "low"])
        #expect(Set(first.report.findings.map(\.rule_id)) == ["test-token", "iac-tf-secret-version-literal"])
        #expect(first.status == 1)
        let baseline = repo.url.deletingLastPathComponent().path + "/staged-baseline-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: baseline) }
        #expect(try CLI.run(["baseline", repo.path, "--staged", "-o", baseline]).status == 0)
        let report = try CLI.run(["staged", repo.path, "-f", "json"]).stdout
        let reportFile = baseline + ".report.json"
        try Data(report.utf8).write(to: URL(fileURLWithPath: reportFile))
        defer { try? FileManager.default.removeItem(atPath: reportFile) }
        for accepted in [baseline, reportFile] {
            let after = try CLI.json("staged", [repo.path, "--fail-on", "low", "--baseline", accepted])
            #expect(after.status == 0, "\(accepted)")
            #expect(after.report.findings.isEmpty)
        }
    }

    @Test mutating func longReportEndsWithCountsByRuleAndNextSteps() throws {
        let repo = try TestRepo()
        try repo.write(".secretscan.toml", neutralRules)
        for i in 0..<11 { try repo.write("f\(i).txt", "t = tkn_\(gen.body(24))\n") }
        try repo.write("certs/server.pem", "not really a key\n")
        try repo.commitAll()
        let r = try CLI.run(["scan", repo.path], gitignoreAudit: true)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let summary = try #require(lines.firstIndex { $0.hasPrefix("13 findings (") })
        #expect(lines[summary + 1] == "by rule: test-token 11 · gitignore-not-covered 1 · gitignore-tracked-sensitive 1")
        #expect(lines[summary + 2] == "next steps:")
        let steps = lines[(summary + 3)...].joined(separator: "\n")
        #expect(steps.contains("secretscan:allow"))
        #expect(steps.contains("secretscan baseline"))
        #expect(steps.contains("secretscan gitignore --fix"))
        // A short report has neither.
        let short = try CLI.run(["scan", repo.path + "/certs"], gitignoreAudit: true)
        #expect(short.status == 1)
        #expect(short.stdout.contains("\n1 finding (1 high) in 1 file · "), "\(short.stdout)")
        #expect(!short.stdout.contains("next steps"))
        #expect(!short.stdout.contains("by rule:"))
        // History reports point at the history baseline.
        let history = try CLI.run(["history", repo.path])
        #expect(history.stdout.contains("`secretscan baseline --history -o .secretscan-history.json`"))
        #expect(!history.stdout.contains("gitignore --fix"))
    }

    @Test mutating func requiredGapGetsANewIdentitySoABaselineDoesNotHideIt() throws {
        let repo = try helloRepository()
        let baseline = repo.url.deletingLastPathComponent().path + "/required-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: baseline) }
        #expect(try CLI.run(["baseline", repo.path, "-o", baseline]).status == 0)
        try repo.write(".secretscan.toml", "[extend]\nuseDefault = true\n\n[gitignore]\nrequired = [\".env\"]\n")
        let r = try CLI.run(["scan", repo.path, "-f", "json", "--baseline", baseline], gitignoreAudit: true)
        #expect(r.status == 1)
        let report = try JSONDecoder().decode(CLI.Report.self, from: r.stdoutData)
        #expect(report.findings.map(\.position) == ["gitignore-not-covered@.gitignore:1:1"])
        #expect(report.findings.map(\.severity) == ["high"])
    }

    @Test func historyKeepsInfrastructureFindingsApartByResource() throws {
        let repo = try TestRepo()
        let one = "resource \"aws_secretsmanager_secret\" \"a\" {\n  name = \"a\"\n}\n"
        try repo.write("main.tf", one)
        try repo.commitAll("one secret")
        let baseline = repo.url.deletingLastPathComponent().path + "/iac-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: baseline) }
        #expect(try CLI.run(["baseline", repo.path, "--history", "-o", baseline]).status == 0)
        try repo.write("main.tf", one + "\nresource \"aws_secretsmanager_secret\" \"b\" {\n  name = \"b\"\n}\n")
        try repo.commitAll("two secrets")
        let all = try CLI.json("history", [repo.path, "--fail-on", "low"])
        #expect(
            all.report.findings.map(\.position) == [
                "iac-secret-no-cmk@main.tf:1:1", "iac-secret-no-rotation@main.tf:1:1",
                "iac-secret-no-cmk@main.tf:5:1", "iac-secret-no-rotation@main.tf:5:1",
            ])
        #expect(Set(all.report.findings.map(\.fingerprint)).count == 4)
        let new = try CLI.json("history", [repo.path, "--fail-on", "low", "--baseline", baseline])
        #expect(new.report.findings.map(\.position) == ["iac-secret-no-cmk@main.tf:5:1", "iac-secret-no-rotation@main.tf:5:1"])
        let staged = try TestRepo()
        try staged.write("README", "x\n")
        try staged.commitAll()
        try staged.write("main.tf", one + "\nresource \"aws_secretsmanager_secret\" \"b\" {\n  name = \"b\"\n}\n")
        try staged.git("add", "-A")
        let both = try CLI.json("staged", [staged.path, "--fail-on", "low"])
        #expect(Set(both.report.findings.map(\.fingerprint)).count == 4)
    }

    @Test mutating func standardInputAndMarkdown() throws {
        let dir = try TestRepo(git: false)
        try dir.write(".secretscan.toml", neutralRules)
        let token = "tkn_" + gen.body(24)
        let r = try Run.process(
            "/bin/sh", ["-c", "printf 'a = 1\\nt = \(token)\\n' | \"$0\" scan - --stdin-name app/config.txt -f json", CLI.binary],
            cwd: dir.url)
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(CLI.Report.self, from: r.stdoutData)
        #expect(report.findings.map(\.position) == ["test-token@app/config.txt:2:5"])
        let large = try Run.process(
            "/bin/sh", ["-c", "printf 't = \(token)\\n' | \"$0\" scan - --max-file-size 8B -f json", CLI.binary], cwd: dir.url)
        let skipped = try JSONDecoder().decode(CLI.Report.self, from: large.stdoutData)
        #expect(skipped.findings.isEmpty)
        #expect(skipped.stats.files_skipped_too_large == 1)
        #expect(try CLI.run(["scan", dir.path, "--stdin-name", "x"]).status == 2)

        try dir.write("we|ird `name`.txt", "t = \(token)\n")
        let md = try CLI.run(["scan", dir.path, "-f", "markdown"])
        #expect(md.status == 1)
        #expect(md.stdout.hasPrefix("## SecretScan\n\n**1 finding(s) at or above `medium`** fail this check.\n"))
        #expect(md.stdout.contains("| high | `test-token` | ``we\\|ird `name`.txt:1`` | `tkn_…` | test token |"), "\(md.stdout)")
        #expect(!md.stdout.contains(token))
    }
}
