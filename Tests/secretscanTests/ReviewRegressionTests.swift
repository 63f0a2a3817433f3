import Foundation
import TestSupport
import Testing

/// Regressions found in review: each test reproduces a reported failure.
@Suite struct ReviewRegressionTests {
    var gen = TestSecrets(seed: 2024)

    @Test mutating func outputIsWrittenIntoASymlinkNotOverIt() throws {
        let repo = try TestRepo()
        try repo.write("a.txt", "t \(gen.githubPAT())\n")
        try repo.write("reports/real.json", "")
        try repo.symlink("link.json", to: "reports/real.json")
        _ = try CLI.run(["scan", repo.path, "-f", "json", "-o", repo.path + "/link.json"])
        let attrs = try FileManager.default.attributesOfItem(atPath: repo.path + "/link.json")
        #expect(attrs[.type] as? FileAttributeType == .typeSymbolicLink)
        let report = try JSONDecoder().decode(CLI.Report.self, from: Data(contentsOf: repo.url.appendingPathComponent("reports/real.json")))
        #expect(report.findings.count == 1)
    }

    @Test mutating func rangeWorksInAShallowClone() throws {
        let repo = try TestRepo()
        for i in 0..<4 {
            try repo.write("f\(i).txt", "n\n")
            try repo.commitAll("c\(i)")
        }
        try repo.write("new.env", "T=\(gen.githubPAT())\n")
        try repo.commitAll("secret")
        let clone = try TestRepo(git: false)
        try Run.process("/usr/bin/env", ["git", "clone", "-q", "--depth", "2", "file://" + repo.path, clone.path + "/c"])
        let r = try CLI.json("history", [clone.path + "/c", "--range", "HEAD~1..HEAD"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@new.env:1:3"])
        let b = try CLI.json("history", [clone.path + "/c", "--branch", "HEAD"])
        #expect(b.report.findings.map(\.position) == ["github-pat-classic@new.env:1:3"])
        #expect(b.report.stats.commits_scanned == 2)
    }

    @Test mutating func aConfigWithNoRulesIsAnError() throws {
        let repo = try TestRepo()
        try repo.write("a.txt", "t \(gen.githubPAT())\n")
        try repo.write(".secretscan.toml", "[[allowlists]]\npaths = ['''^vendor/''']\n")
        let r = try CLI.run(["scan", repo.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("defines no rules and extends none"))
        try repo.write(".secretscan.toml", "[extend]\nuseDefault = \"true\"\n")
        let s = try CLI.run(["scan", repo.path])
        #expect(s.status == 2)
        #expect(s.stderr.contains("useDefault must be true or false"))
    }

    @Test mutating func renamedFilesAddNoLinesInRangeOrStagedMode() throws {
        let repo = try TestRepo()
        try repo.write("move.txt", "T=\(gen.githubPAT())\nother\n")
        let base = try repo.commitAll("base")
        try repo.git("mv", "move.txt", "moved.txt")
        let staged = try CLI.json("staged", [repo.path])
        #expect(staged.status == 0)
        #expect(staged.report.findings.isEmpty)
        try repo.commitAll("rename")
        let r = try CLI.json("history", [repo.path, "--range", "\(base)..HEAD"])
        #expect(r.status == 0)
        #expect(r.report.findings.isEmpty)
    }

    @Test mutating func aMissingSubtreeDoesNotHideOtherFiles() throws {
        let repo = try TestRepo()
        try repo.write("keep.txt", "x\n")
        try repo.commitAll("c1")
        try repo.write("d/v.txt", "plain\n")
        try repo.write("b.txt", "T=\(gen.githubPAT())\n")
        try repo.commitAll("c2")
        let tree = try repo.git("rev-parse", "HEAD:d").trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(atPath: "\(repo.path)/.git/objects/\(tree.prefix(2))/\(tree.dropFirst(2))")
        let r = try CLI.json("history", [repo.path])
        #expect(r.status == 2)
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@b.txt:1:3"])
        #expect(r.report.errors.map(\.object) == [tree])
    }

    @Test mutating func attributionPrefersTheEarliestCommitAcrossBranches() throws {
        let repo = try TestRepo()
        try repo.write("README", "r\n")
        try repo.commitAll("root")
        let content = "T=\(gen.githubPAT())\n"
        try repo.git("checkout", "-q", "-b", "zzz")
        try repo.write("s.env", content)
        try repo.git(["add", "-A"], environment: [:])
        try repo.git(
            ["commit", "-q", "-m", "zzz early"],
            environment: ["GIT_COMMITTER_DATE": "2020-01-01T00:00:00Z", "GIT_AUTHOR_DATE": "2020-01-01T00:00:00Z"])
        let early = try repo.head()
        try repo.git("checkout", "-q", "-b", "aaa", "main")
        try repo.write("s.env", content)
        try repo.git(["add", "-A"], environment: [:])
        try repo.git(
            ["commit", "-q", "-m", "aaa late"],
            environment: ["GIT_COMMITTER_DATE": "2023-01-01T00:00:00Z", "GIT_AUTHOR_DATE": "2023-01-01T00:00:00Z"])
        let r = try CLI.json("history", [repo.path])
        #expect(r.report.findings.map(\.commit) == [early])
        #expect(r.report.findings.first?.message == "zzz early")
    }

    @Test mutating func sameTimeCommitsAttributeToTheAncestorWhateverTheWalkOrder() throws {
        // Commits made within one second (scripts, rebases) share a time: the secret that comes back
        // after a revert is still attributed to the commit that first added it.
        let repo = try TestRepo()
        let sameTime = ["GIT_COMMITTER_DATE": "2024-05-01T12:00:00Z", "GIT_AUTHOR_DATE": "2024-05-01T12:00:00Z"]
        func commit(_ message: String) throws -> String {
            try repo.git(["add", "-A"], environment: sameTime)
            try repo.git(["commit", "-q", "-m", message], environment: sameTime)
            return try repo.head()
        }
        let content = "T=\(gen.githubPAT())\n"
        try repo.write("s.env", content)
        let first = try commit("add")
        try repo.write("s.env", "T=\n")
        _ = try commit("remove")
        try repo.write("s.env", content)
        _ = try commit("restore")
        let r = try CLI.json("history", [repo.path])
        #expect(r.report.findings.map(\.commit) == [first])
        #expect(r.report.findings.map(\.occurrences) == [1])
    }

    @Test mutating func olderStashEntriesAreScanned() throws {
        let repo = try TestRepo()
        try repo.write("cfg.txt", "a\n")
        try repo.commitAll("c1")
        try repo.write("cfg.txt", "a\nT=\(gen.githubPAT())\n")
        try repo.git("stash", "-q")
        try repo.write("cfg.txt", "a\nb\n")
        try repo.git("stash", "-q")
        let r = try CLI.json("history", [repo.path])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@cfg.txt:2:3"])
    }

    @Test func hugeMaxFileSizeIsAUsageError() throws {
        let dir = try TestRepo(git: false)
        #expect(try CLI.run(["scan", dir.path, "--max-file-size", "99999999999999999999"]).status == 2)
    }

    @Test func bareRepositoryScanPointsToHistory() throws {
        let repo = try TestRepo()
        try repo.write("a", "a\n")
        try repo.commitAll()
        let bare = try TestRepo(git: false)
        try Run.process("/usr/bin/env", ["git", "clone", "-q", "--bare", repo.path, bare.path + "/r.git"])
        let r = try CLI.run(["scan", bare.path + "/r.git"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bare repository"))
    }

    @Test mutating func controlCharactersInCommitMessagesAreEscaped() throws {
        let repo = try TestRepo()
        try repo.write("a.txt", "T=\(gen.githubPAT())\n")
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "evil \u{1B}[2J message")
        let r = try CLI.run(["history", repo.path])
        #expect(!r.stdout.contains("\u{1B}"))
        #expect(r.stdout.contains("evil \\x1B[2J message"))
    }
}

@Suite struct PathOnlyAndOverlapTests {
    @Test func binaryKeystoreIsReportedByItsName() throws {
        let repo = try TestRepo()
        try repo.write("certs/server.p12", Data([0x30, 0x82, 0x0A, 0x00, 0x00, 0x01, 0x02, 0x03]))
        let r = try CLI.scanJSON([repo.path])
        #expect(r.report.findings.map(\.position) == ["pkcs12-file@certs/server.p12:1:1"])
        #expect(r.report.stats.files_skipped_binary == 1)
    }
}

@Suite struct AWSCompositeTests {
    var gen = TestSecrets(seed: 31)

    @Test mutating func keyPairIsOneCriticalFindingNamingBoth() throws {
        let repo = try TestRepo()
        let keyID = gen.awsKeyID()
        let secret = gen.body(40, from: TestSecrets.base64)
        let loneID = gen.awsKeyID()
        try repo.write("creds/credentials", "[default]\naws_access_key_id = \(keyID)\naws_secret_access_key = \(secret)\n")
        try repo.write("other.env", "AWS_ACCESS_KEY_ID=\(loneID)\n")
        let r = try CLI.scanJSON([repo.path])
        #expect(r.report.findings.map(\.position) == ["aws-credentials@creds/credentials:3:25", "aws-access-key-id@other.env:1:19"])
        #expect(r.report.findings.map(\.severity) == ["critical", "high"])
        let json = try JSONSerialization.jsonObject(with: try CLI.run(["scan", repo.path, "-f", "json"]).stdoutData) as? [String: Any]
        let first = (json?["findings"] as? [[String: Any]])?.first
        let related = first?["related"] as? [[String: Any]]
        #expect(related?.count == 1)
        #expect(related?.first?["rule_id"] as? String == "aws-access-key-id")
        #expect(related?.first?["line"] as? Int == 2)
        #expect(related?.first?["secret"] as? String == String(keyID.prefix(4)) + "…")
    }
}
