import Foundation
import TestSupport
import Testing

@Suite struct SuppressionAndSARIFTests {
    var gen = TestSecrets(seed: 404)

    /// The package root from this file's location.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Validates SARIF against the official 2.1.0 schema with Python's jsonschema.
    static func validateSARIF(_ data: Data) throws -> String {
        let schema = packageRoot.appendingPathComponent("Tests/Fixtures/sarif-schema-2.1.0.json").path
        guard FileManager.default.fileExists(atPath: schema) else { return "schema not found at \(schema)" }
        let dir = try TestRepo(git: false)
        try dir.write("out.sarif", data)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            jsonschema.validate(doc, schema)
            print("valid")
            """
        let r = try Run.process("/usr/bin/env", ["python3", "-c", script, schema, dir.path + "/out.sarif"])
        return r.status == 0 ? r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : r.stderr
    }

    @Test mutating func sarifFromWorkingTreeAndHistoryIsSchemaValid() throws {
        let repo = try TestRepo()
        try repo.write("dir with space/app.env", "GITHUB_TOKEN=\(gen.githubPAT())\nKEY_ID=\(gen.awsKeyID())\n")
        try repo.commitAll("add")
        let scan = try CLI.run(["scan", repo.path, "-f", "sarif", "--sarif-category", "secretscan/worktree/"])
        #expect(scan.status == 1)
        let scanValidity = try Self.validateSARIF(scan.stdoutData)
        #expect(scanValidity == "valid", "\(scanValidity)")
        let history = try CLI.run(["history", repo.path, "-f", "sarif"])
        let historyValidity = try Self.validateSARIF(history.stdoutData)
        #expect(historyValidity == "valid", "\(historyValidity)")

        let doc = try JSONSerialization.jsonObject(with: scan.stdoutData) as! [String: Any]
        let run = (doc["runs"] as! [[String: Any]])[0]
        let driver = (run["tool"] as! [String: Any])["driver"] as! [String: Any]
        let rules = driver["rules"] as! [[String: Any]]
        #expect(rules.map { $0["id"] as! String } == ["github-pat-classic", "aws-access-key-id"])
        #expect((rules[0]["properties"] as! [String: Any])["security-severity"] as? String == "9.5")
        #expect((rules[0]["help"] as! [String: Any])["markdown"] != nil)
        #expect(driver["semanticVersion"] as? String == "0.1.0")
        #expect((run["automationDetails"] as? [String: Any])?["id"] as? String == "secretscan/worktree/")
        let results = run["results"] as! [[String: Any]]
        let loc = ((results[0]["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any])
        #expect((loc["artifactLocation"] as! [String: Any])["uri"] as? String == "dir%20with%20space/app.env")
        #expect((loc["artifactLocation"] as! [String: Any])["uriBaseId"] as? String == "%SRCROOT%")
        let region = loc["region"] as! [String: Any]
        #expect(region["startLine"] as? Int == 1 && region["startColumn"] as? Int == 14 && region["endColumn"] as? Int == 54)
        #expect(results[0]["ruleIndex"] as? Int == 0 && results[1]["ruleIndex"] as? Int == 1)

        let hdoc = try JSONSerialization.jsonObject(with: history.stdoutData) as! [String: Any]
        let hresult = ((hdoc["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])[0]
        let commit = try repo.head()
        #expect((hresult["properties"] as! [String: Any])["commit"] as? String == commit)
        #expect(((hresult["message"] as! [String: Any])["text"] as! String).contains(String(commit.prefix(12))))
    }

    @Test mutating func partialFingerprintsSurviveInsertedLines() throws {
        let repo = try TestRepo()
        let pat = gen.githubPAT()
        try repo.write("a.py", "TOKEN = '\(pat)'\n")
        func fingerprint() throws -> String {
            let r = try CLI.run(["scan", repo.path, "-f", "sarif"])
            let doc = try JSONSerialization.jsonObject(with: r.stdoutData) as! [String: Any]
            let result = ((doc["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])[0]
            return (result["partialFingerprints"] as! [String: String])["secretscanFingerprint/v1"]!
        }
        let before = try fingerprint()
        try repo.write("a.py", "import os\n\n# settings\nTOKEN = '\(pat)'\n")
        #expect(try fingerprint() == before)
        #expect(before.count == 32)
    }

    @Test mutating func noSecretTextInRedactedOutputOfAnyFormat() throws {
        let repo = try TestRepo()
        let secrets = [gen.githubPAT(), gen.awsKeyID(), "tkn_" + gen.body(24)]
        try repo.write("all.env", "A=\(secrets[0])\nB=\(secrets[1])\n")
        try repo.commitAll()
        for args in [
            ["scan", repo.path], ["scan", repo.path, "-f", "json", "--show-suppressed"], ["scan", repo.path, "-f", "sarif"],
            ["history", repo.path], ["history", repo.path, "-f", "json"], ["history", repo.path, "-f", "sarif"],
        ] {
            let r = try CLI.run(args)
            #expect(r.status == 1, "\(args)")
            for s in secrets.prefix(2) {
                #expect(!r.stdout.contains(s) && !r.stderr.contains(s), "\(args) leaks a secret")
                #expect(!r.stdout.contains(String(s.dropFirst(4))), "\(args) leaks a secret body")
            }
        }
        let shown = try CLI.run(["scan", repo.path, "-f", "sarif", "--no-redact"])
        #expect(shown.stdout.contains(secrets[0]))
    }

    @Test mutating func ignoreFileScopesExpiryAndUnusedEntries() throws {
        let repo = try TestRepo()
        try repo.write("src/a.env", "A=\(gen.githubPAT())\n")
        try repo.write("src/b.env", "B=\(gen.githubPAT())\n")
        try repo.write("test/fixtures/c.env", "C=\(gen.githubPAT())\n")
        let all = try CLI.scanJSON([repo.path])
        let fp = Dictionary(uniqueKeysWithValues: all.report.findings.map { ($0.path, $0.fingerprint) })
        try repo.write(
            ".secretscanignore",
            """
            # accepted: rotated 2026-01, kept as a sample
            \(fp["src/a.env"]!) rule:github-pat-classic path:src/* # sample token, revoked
            \(fp["src/b.env"]!) expires:2001-01-01 # temporary exception
            * rule:github-pat-classic path:test/fixtures/*
            \(String(repeating: "0", count: 32)) # stale entry
            """)
        let r = try CLI.json("scan", [repo.path, "--show-suppressed", "--report-unused-ignores"])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@src/b.env:1:3"])
        #expect(r.report.stats.suppressed == 2)
        #expect(r.stderr.contains(".secretscanignore:3: ignore entry expired on 2001-01-01"))
        #expect(r.stderr.contains(".secretscanignore:5: ignore entry matched no finding"))
        #expect(!r.stderr.contains(".secretscanignore:2: ignore entry matched no finding"))
        // A rule scope that does not match leaves the finding reported.
        try repo.write(".secretscanignore", "\(fp["src/a.env"]!) rule:some-other-rule\n")
        #expect(try CLI.scanJSON([repo.path]).report.findings.count == 3)
    }

    @Test mutating func gitleaksIgnoreEntriesAreHonoured() throws {
        let repo = try TestRepo()
        try repo.write("conf/a.env", "\n\nA=\(gen.githubPAT())\n")
        try repo.write(".gitleaksignore", "conf/a.env:github-pat:3\n")
        let r = try CLI.scanJSON([repo.path])
        #expect(r.report.findings.isEmpty)
        #expect(r.report.stats.suppressed == 1)
    }

    @Test mutating func baselineRoundTripReportsOnlyNewSecrets() throws {
        let repo = try TestRepo()
        try repo.write("old.env", "A=\(gen.githubPAT())\nB=\(gen.awsKeyID())\n")
        let base = repo.path + "/.secretscan-baseline.json"
        let b = try CLI.run(["baseline", repo.path, "-o", base])
        #expect(b.status == 0, "\(b.stderr)")
        let text = try String(contentsOfFile: base, encoding: .utf8)
        #expect(!text.contains("\"line\"") && !text.contains("ghp_"))
        let again = try CLI.run(["baseline", repo.path, "-o", base])
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: base, encoding: .utf8) == text)  // deterministic
        #expect(try CLI.scanJSON([repo.path, "--baseline", base]).status == 0)
        try repo.write("new.env", "C=\(gen.githubPAT())\n")
        let r = try CLI.scanJSON([repo.path, "--baseline", base])
        #expect(r.status == 1)
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@new.env:1:3"])
        #expect(r.report.stats.suppressed == 2)
    }

    @Test mutating func installedHooksBlockSecrets() throws {
        let repo = try TestRepo()
        try repo.write("a.txt", "fine\n")
        try repo.commitAll()
        let install = try CLI.run(["install-hook", repo.path])
        #expect(install.status == 0, "\(install.stderr)")
        #expect(try CLI.run(["install-hook", repo.path]).status == 2)  // refuses to overwrite
        #expect(try CLI.run(["install-hook", repo.path, "--force"]).status == 0)
        try repo.write("b.env", "T=\(gen.githubPAT())\n")
        try repo.git("add", "b.env")
        #expect(throws: Run.Failure.self) { try repo.git("commit", "-q", "-m", "leak") }
        try repo.git("rm", "-q", "--cached", "b.env")
        try repo.write("c.txt", "clean\n")
        try repo.git("add", "c.txt")
        try repo.git("commit", "-q", "-m", "clean")

        // pre-push: a push of a new commit with a secret is refused; the clean history pushes.
        let remote = try TestRepo(git: false)
        try Run.process("/usr/bin/env", ["git", "init", "-q", "--bare", remote.path + "/r.git"])
        try repo.git("remote", "add", "origin", remote.path + "/r.git")
        #expect(try CLI.run(["install-hook", repo.path, "--pre-push"]).status == 0)
        try repo.git("push", "-q", "origin", "main")
        try repo.write("d.env", "T=\(gen.githubPAT())\n")
        try repo.git("add", "d.env")
        try repo.git("commit", "-q", "--no-verify", "-m", "leak")
        #expect(throws: Run.Failure.self) { try repo.git("push", "-q", "origin", "main") }
    }

    static let preCommitInstalled = (try? Run.process("/usr/bin/env", ["sh", "-c", "command -v pre-commit"]))?.status == 0

    /// CI installs what the tests need, so no test there is skipped for want of a tool.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CI"] != nil, "runs in CI only"))
    func ciHasEveryToolTheTestsNeed() {
        #expect(Self.preCommitInstalled, "CI must install pre-commit (pip install pre-commit)")
        #expect(geteuid() != 0 || Unprivileged.available, "CI runs as root: it needs setpriv (util-linux) to test unreadable files")
        #expect(VerifyCommandTests.strace != nil, "CI must install strace: it proves no socket is opened without --verify")
    }

    @Test(.enabled(if: preCommitInstalled, "needs the pre-commit framework (pip install pre-commit)"))
    mutating func preCommitFrameworkRunsTheHook() throws {
        let root = Self.packageRoot
        let rev = try Run.process("/usr/bin/env", ["git", "-C", root.path, "rev-parse", "HEAD"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let repo = try TestRepo()
        try repo.write(
            ".pre-commit-config.yaml",
            """
            repos:
              - repo: \(root.path)
                rev: \(rev)
                hooks:
                  - id: secretscan
            """)
        try repo.write("ok.txt", "fine\n")
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "init")
        let home = try TestRepo(git: false)
        var env = ProcessInfo.processInfo.environment
        env["PRE_COMMIT_HOME"] = home.path
        let install = try Run.process("/usr/bin/env", ["pre-commit", "install"], cwd: repo.url, environment: env)
        #expect(install.status == 0, "\(install.stderr)")
        try repo.write("leak.env", "T=\(gen.githubPAT())\n")
        try repo.git("add", "leak.env")
        let blocked = try Run.process(
            "/usr/bin/env", ["git", "-c", "user.name=T", "-c", "user.email=t@localhost", "commit", "-m", "leak"],
            cwd: repo.url, environment: env)
        #expect(blocked.status != 0, "the hook should block: \(blocked.stdout)\(blocked.stderr)")
        #expect((blocked.stdout + blocked.stderr).contains("github-pat-classic"))
        try repo.git("rm", "-q", "--cached", "leak.env")
        try repo.write("clean.txt", "ok\n")
        try repo.git("add", "clean.txt")
        let passed = try Run.process(
            "/usr/bin/env", ["git", "-c", "user.name=T", "-c", "user.email=t@localhost", "commit", "-m", "clean"],
            cwd: repo.url, environment: env)
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
    }
}
