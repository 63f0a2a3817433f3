import Foundation
import TestSupport
import Testing

@Suite struct ScanCommandTests {
    var gen = TestSecrets(seed: 7)

    @Test mutating func trackedUntrackedAndIgnoredFiles() throws {
        let repo = try TestRepo()
        let pat = gen.githubPAT()
        let keyID = gen.awsKeyID()
        let ignoredPAT = gen.githubPAT()
        try repo.write(".gitignore", "*.log\nbuild/\n")
        try repo.write("src/config.py", "import os\n\nGITHUB_TOKEN = \"\(pat)\"\n")
        try repo.commitAll()
        try repo.write("deploy/.env", "# untracked\nAWS_ACCESS_KEY_ID=\(keyID)\n")
        try repo.write("debug.log", "token \(ignoredPAT)\n")
        try repo.write("build/out.txt", "token \(ignoredPAT)\n")

        let plain = try CLI.scanJSON([repo.path])
        #expect(plain.status == 1)
        #expect(
            plain.report.findings.map(\.position) == [
                "aws-access-key-id@deploy/.env:2:19",
                "github-pat-classic@src/config.py:3:17",
            ])
        let f = try #require(plain.report.findings.last)
        #expect(f.kind == "secret")
        #expect(f.end_line == 3)
        #expect(f.end_column == 17 + 40 - 1)
        #expect(f.secret == String(pat.prefix(4)) + "…")
        #expect(f.severity == "critical")
        #expect(f.fingerprint.count == 32)
        #expect(plain.report.stats.files_scanned == 3)

        let all = try CLI.scanJSON([repo.path, "--include-ignored"])
        #expect(
            all.report.findings.map(\.position) == [
                "github-pat-classic@build/out.txt:1:7",
                "github-pat-classic@debug.log:1:7",
                "aws-access-key-id@deploy/.env:2:19",
                "github-pat-classic@src/config.py:3:17",
            ])
    }

    @Test mutating func scanningASubdirectoryReportsPathsRelativeToIt() throws {
        let repo = try TestRepo()
        try repo.write("a/b/c.txt", "x \(gen.githubPAT())\n")
        try repo.write("other.txt", "x \(gen.githubPAT())\n")
        try repo.commitAll()
        let r = try CLI.scanJSON([repo.path + "/a"])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@b/c.txt:1:3"])
    }

    @Test mutating func invalidUTF8File() throws {
        let repo = try TestRepo()
        let pat = gen.githubPAT()
        var bytes: [UInt8] = [0xC3, 0x28, 0xFF, 0x0A, 0xE2, 0x82, 0x20]
        bytes += Array("key=\(pat)".utf8) + [0xFE, 0x0A]
        try repo.write("latin1.cfg", Data(bytes))
        let r = try CLI.scanJSON([repo.path])
        // Line 2: 0xE2 0x82 is a truncated sequence (one character start), then a space, then "key=".
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@latin1.cfg:2:7"])
        #expect(r.status == 1)
    }

    @Test mutating func binaryFilesAreSkippedAndCounted() throws {
        let repo = try TestRepo()
        var bytes: [UInt8] = Array("PK\u{3}\u{4}".utf8) + [0, 0, 1]
        bytes += Array(" \(gen.githubPAT()) ".utf8)
        try repo.write("archive.bin", Data(bytes))
        try repo.write("clean.txt", "nothing to see\n")
        let r = try CLI.scanJSON([repo.path])
        #expect(r.status == 0)
        #expect(r.report.findings.isEmpty)
        #expect(r.report.stats.files_skipped_binary == 1)
        #expect(r.report.stats.files_scanned == 1)
    }

    @Test mutating func fiftyMegabyteSingleLineFile() throws {
        let repo = try TestRepo()
        let pat = gen.githubPAT()
        let filler = String(repeating: "lorem=ipsum;", count: 50 * 1024 * 1024 / 12)
        try repo.write("minified.js", filler + "t=\"\(pat)\";")
        let skipped = try CLI.scanJSON([repo.path])
        #expect(skipped.status == 0)
        #expect(skipped.report.stats.files_skipped_too_large == 1)

        let r = try CLI.scanJSON([repo.path, "--max-file-size", "64MB"])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@minified.js:1:\(filler.utf8.count + 4)"])
        #expect(r.status == 1)
    }

    @Test mutating func symlinkLoopsAreNotFollowed() throws {
        let repo = try TestRepo()
        try repo.write("real/secret.txt", "t \(gen.githubPAT())\n")
        try repo.symlink("real/loop", to: "..")
        try repo.symlink("a", to: "b")
        try repo.symlink("b", to: "a")
        try repo.symlink("outside", to: "/etc/hostname")
        let r = try CLI.scanJSON([repo.path])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@real/secret.txt:1:3"])
        #expect(r.report.stats.files_skipped_symlink == 4)
        #expect(r.status == 1)

        // Outside git, the directory walk does not follow them either.
        let plain = try TestRepo(git: false)
        try plain.write("d/s.txt", "t \(gen.githubPAT())\n")
        try plain.symlink("d/up", to: "..")
        try plain.symlink("self", to: "self")
        let p = try CLI.scanJSON([plain.path])
        #expect(p.report.findings.map(\.position) == ["github-pat-classic@d/s.txt:1:3"])
        #expect(p.report.stats.files_skipped_symlink == 2)
    }

    @Test mutating func gitDirectoryIsNeverScanned() throws {
        let repo = try TestRepo()
        try repo.write("ok.txt", "fine\n")
        try repo.commitAll()
        try repo.write(".git/info/leak.txt", "t \(gen.githubPAT())\n")
        #expect(try CLI.scanJSON([repo.path]).report.findings.isEmpty)
        let plain = try TestRepo(git: false)
        try plain.write("vendor/.git/leak.txt", "t \(gen.githubPAT())\n")
        try plain.write("vendor/lib.txt", "t \(gen.githubPAT())\n")
        #expect(try CLI.scanJSON([plain.path]).report.findings.map(\.path) == ["vendor/lib.txt"])
    }

    @Test mutating func redactionTextFormatAndNoRedact() throws {
        let repo = try TestRepo()
        let pat = gen.githubPAT()
        try repo.write("a.txt", "token: \(pat)\n")
        let text = try CLI.run(["scan", repo.path])
        #expect(text.status == 1)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "a.txt:1:8  github-pat-classic  \(pat.prefix(4))…")
        #expect(lines.last?.hasPrefix("1 finding (1 critical) in 1 file · 1 file") == true)
        #expect(!text.stdout.contains(pat))
        #expect(!text.stderr.contains(pat))

        let shown = try CLI.run(["scan", repo.path, "--no-redact"])
        #expect(shown.stdout.contains("a.txt:1:8  github-pat-classic  \(pat)"))

        let out = repo.url.appendingPathComponent("report.json")
        let toFile = try CLI.run(["scan", repo.path, "--format", "json", "--output", out.path])
        #expect(toFile.stdout.isEmpty)
        let report = try JSONDecoder().decode(CLI.Report.self, from: Data(contentsOf: out))
        #expect(report.findings.map(\.position) == ["github-pat-classic@a.txt:1:8"])
        #expect(report.version == 1)
    }

    @Test mutating func exitCodes() throws {
        let repo = try TestRepo()
        try repo.write("clean.txt", "nothing\n")
        #expect(try CLI.run(["scan", repo.path]).status == 0)
        try repo.write("dirty.txt", "t \(gen.githubPAT())\n")
        #expect(try CLI.run(["scan", repo.path]).status == 1)
        #expect(try CLI.run(["scan", repo.path, "--exit-code", "7"]).status == 7)
        let missing = try CLI.run(["scan", repo.path + "/does-not-exist"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or directory"))
        #expect(try CLI.run(["scan", "--no-such-flag"]).status == 2)
        #expect(try CLI.run(["scan", repo.path, "--max-file-size", "ten"]).status == 2)
    }

    @Test mutating func configFileAndRepositoryConfig() throws {
        let repo = try TestRepo()
        let token = "tkn_" + gen.body(24)
        try repo.write("app.txt", "a \(token)\nb \(gen.githubPAT())\n")
        try repo.write("rules.toml", neutralRules)
        // --config replaces the defaults (no [extend]).
        let own = try CLI.scanJSON([repo.path, "--config", repo.path + "/rules.toml"])
        #expect(own.report.findings.map(\.position) == ["test-token@app.txt:1:3"])
        // .secretscan.toml at the root extends the defaults and allowlists a path.
        try repo.write(
            ".secretscan.toml", "[extend]\nuseDefault = true\n\n" + neutralRules + "\n\n[[allowlists]]\npaths = ['''^fixtures/''']\n")
        try repo.write("fixtures/f.txt", "b \(gen.githubPAT())\n")
        let root = try CLI.scanJSON([repo.path])
        #expect(root.report.findings.map(\.position) == ["test-token@app.txt:1:3", "github-pat-classic@app.txt:2:3"])
    }

    @Test func invalidRuleFileIsAClearError() throws {
        let repo = try TestRepo()
        try repo.write("bad.toml", "[[rules]]\nid = \"one\"\nregex = 'a'\n\n[[rules]]\nid = \"two\"\nregex = '''(['''\n")
        let r = try CLI.run(["scan", repo.path, "--config", repo.path + "/bad.toml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.toml:5: rule 'two': `regex` does not compile at offset 2"))
        let t = try CLI.run(["rules", "test", "--config", repo.path + "/bad.toml"])
        #expect(t.status == 2)
    }

    /// Root reads every file, so as root the scan runs as `nobody` (setpriv), on a repository that
    /// `nobody` owns; without either, the test shows as skipped.
    @Test(.enabled(if: geteuid() != 0 || Unprivileged.available, "needs a non-root user or setpriv"))
    func unreadableFileIsAWarningAndMakesTheScanIncomplete() throws {
        let repo = try TestRepo()
        try repo.write("locked.txt", "x\n")
        try Unprivileged.handOver(repo.path)
        chmod(repo.path + "/locked.txt", 0)
        let r = try Unprivileged.run(["scan", repo.path, "--no-gitignore", "-f", "json"])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        let report = try JSONDecoder().decode(CLI.Report.self, from: r.stdoutData)
        #expect(report.errors.map(\.kind) == ["unreadable"])
        #expect(report.errors.map(\.path) == ["locked.txt"])
        #expect(r.stderr.contains("cannot read locked.txt"))
        #expect(try Unprivileged.run(["scan", repo.path, "--no-gitignore", "--allow-incomplete"]).status == 0)
    }

    @Test func thisRepositoryIsClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let r = try CLI.run(["scan", root.path], gitignoreAudit: true)
        #expect(r.status == 0, "secretscan scan . on this repository:\n\(r.stdout)\(r.stderr)")
    }
}
