import Foundation
import TestSupport
import Testing

@Suite struct HistoryCommandTests {
    var gen = TestSecrets(seed: 99)

    @Test mutating func deletedSecretIsFoundAndAttributedToTheAddingCommit() throws {
        let repo = try TestRepo()
        try repo.write("app.cfg", "name = demo\n")
        try repo.commitAll("init", author: "Alice")
        let pat = gen.githubPAT()
        try repo.append("app.cfg", "token = \(pat)\n")
        let adding = try repo.commitAll("add the token", author: "Bob")
        try repo.write("app.cfg", "name = demo\n")
        try repo.commitAll("remove the token", author: "Carol")

        #expect(try CLI.scanJSON([repo.path]).report.findings.isEmpty)
        let r = try CLI.json("history", [repo.path])
        #expect(r.status == 1)
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@app.cfg:2:9"])
        let f = try #require(r.report.findings.first)
        #expect(f.commit == adding)
        #expect(f.author == "Bob")
        #expect(f.email == "test@localhost")
        #expect(f.message == "add the token")
        #expect(f.date?.count == 25)
        #expect(f.occurrences == 0)
        #expect(r.report.stats.commits_scanned == 3)
        #expect(r.report.stats.blobs_scanned == 2)
    }

    @Test mutating func sideBranchTagAndDanglingCommit() throws {
        let repo = try TestRepo()
        try repo.write("README", "hello\n")
        try repo.commitAll("init")
        // Only on a side branch.
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("feature.txt", "k \(gen.githubPAT())\n")
        let onBranch = try repo.commitAll("feature work")
        // Only in a tag: the branch that held it is gone.
        try repo.git("checkout", "-q", "-b", "release", "main")
        try repo.write("release.txt", "k \(gen.githubPAT())\n")
        let tagged = try repo.commitAll("release")
        try repo.git("tag", "-a", "v1", "-m", "v1")
        // Only in a dangling commit: its branch is deleted.
        try repo.git("checkout", "-q", "-b", "scratch", "main")
        try repo.write("scratch.txt", "k \(gen.githubPAT())\n")
        let dangling = try repo.commitAll("scratch")
        try repo.git("checkout", "-q", "main")
        try repo.git("branch", "-q", "-D", "release", "scratch")

        let r = try CLI.json("history", [repo.path])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@feature.txt:1:3", "github-pat-classic@release.txt:1:3"])
        #expect(r.report.findings.map(\.commit) == [onBranch, tagged])

        let all = try CLI.json("history", [repo.path, "--all-objects"])
        #expect(
            all.report.findings.map(\.position) == [
                "github-pat-classic@feature.txt:1:3", "github-pat-classic@release.txt:1:3", "github-pat-classic@scratch.txt:1:3",
            ])
        #expect(all.report.findings.last?.commit == dangling)
    }

    /// Refs are peeled from the packs once `git gc` has packed everything (annotated tags to a
    /// commit, a tree, a blob and another tag; a symbolic ref): the same findings as when libgit2
    /// peels the loose objects.
    @Test mutating func packedTagsArePeeledLikeLooseOnes() throws {
        let repo = try TestRepo()
        try repo.write("README", "hello\n")
        try repo.commitAll("init")
        try repo.git("checkout", "-q", "-b", "release")
        try repo.write("release.txt", "k \(gen.githubPAT())\n")
        try repo.commitAll("release")
        try repo.git("tag", "-a", "v1", "-m", "v1")
        try repo.git("tag", "-a", "v1-again", "-m", "tag of a tag", "v1")
        try repo.git("checkout", "-q", "main")
        try repo.git("branch", "-q", "-D", "release")
        try repo.write("tree-only/key.txt", "k \(gen.githubPAT())\n")
        try repo.git("add", "tree-only")
        let tree = try repo.git("write-tree").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("tag", "-a", "a-tree", "-m", "a tree", tree)
        try repo.write("blob.txt", "k \(gen.githubPAT())\n")
        let blob = try repo.git("hash-object", "-w", "blob.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("tag", "-a", "a-blob", "-m", "a blob", blob)
        try repo.git("rm", "-q", "-r", "--cached", "tree-only")
        try FileManager.default.removeItem(atPath: repo.path + "/tree-only")
        try FileManager.default.removeItem(atPath: repo.path + "/blob.txt")
        try repo.git("symbolic-ref", "refs/heads/alias", "refs/heads/main")

        let loose = try CLI.json("history", [repo.path])
        try repo.git("gc", "-q", "--prune=now")
        #expect(try repo.git("count-objects", "-v").contains("count: 0"))
        let packed = try CLI.json("history", [repo.path])
        let expected = [
            "github-pat-classic@refs/tags/a-blob:1:3", "github-pat-classic@release.txt:1:3",
            "github-pat-classic@tree-only/key.txt:1:3",
        ]
        #expect(loose.report.findings.map(\.position).sorted() == expected)
        #expect(packed.report.findings.map(\.position).sorted() == expected)
        #expect(packed.report.findings.map(\.commit) == loose.report.findings.map(\.commit))
        #expect(packed.report.stats.commits_scanned == loose.report.stats.commits_scanned)
    }

    @Test mutating func danglingBlobIsReportedWithItsID() throws {
        let repo = try TestRepo()
        try repo.write("a.txt", "fine\n")
        try repo.commitAll()
        try repo.write("staged-then-dropped.txt", "k \(gen.githubPAT())\n")
        try repo.git("add", "staged-then-dropped.txt")
        let blob = try repo.git("rev-parse", ":staged-then-dropped.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("rm", "-q", "--cached", "staged-then-dropped.txt")
        try FileManager.default.removeItem(atPath: repo.path + "/staged-then-dropped.txt")
        #expect(try CLI.json("history", [repo.path]).report.findings.isEmpty)
        let r = try CLI.json("history", [repo.path, "--all-objects"])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@\(blob):1:3"])
        #expect(r.report.findings.first?.blob == blob)
        #expect(r.report.findings.first?.commit == nil)
    }

    @Test mutating func secretKeptAcrossFiftyCommitsIsOneFinding() throws {
        let repo = try TestRepo()
        try repo.write("settings.py", "API = \"\(gen.githubPAT())\"\n")
        let first = try repo.commitAll("add settings")
        for i in 1...49 {
            try repo.append("settings.py", "OPTION_\(i) = \(i)\n")
            try repo.commitAll("edit \(i)")
        }
        let r = try CLI.json("history", [repo.path])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@settings.py:1:8"])
        #expect(r.report.findings.first?.commit == first)
        #expect(r.report.findings.first?.occurrences == 49)
        #expect(r.report.stats.blobs_scanned == 50)
    }

    @Test mutating func repackedHistoryReportsTheSameWithWholeBlobs() throws {
        let repo = try TestRepo()
        var lines = (0..<200).map { "option_\($0) = \($0)  # token ttl, password rules" }
        var added: [String] = []
        for i in 0..<40 {
            lines[(i * 17) % lines.count] = "option_\(i) = changed \(i)"
            if i % 10 == 3 { lines.insert("key_\(i) = \"\(gen.githubPAT())\"", at: 20 + i) }
            try repo.write("settings.py", lines.joined(separator: "\n") + "\n")
            let c = try repo.commitAll("edit \(i)")
            if i % 10 == 3 { added.append(c) }
        }
        try repo.git("repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=250")
        let reused = try CLI.json("history", [repo.path])
        let whole = try CLI.json("history", [repo.path, "--whole-blobs"])
        #expect(
            reused.report.findings.map(\.position) == [
                "github-pat-classic@settings.py:24:10", "github-pat-classic@settings.py:34:11", "github-pat-classic@settings.py:44:11",
                "github-pat-classic@settings.py:54:11",
            ])
        #expect(reused.report.findings.map(\.commit) == added)
        #expect(whole.report.findings.map(\.position) == reused.report.findings.map(\.position))
        #expect(whole.report.findings.map(\.commit) == added)
        #expect(whole.report.findings.map(\.occurrences) == reused.report.findings.map(\.occurrences))
    }

    @Test mutating func unchangedBlobIsScannedOnceAndCountsEveryCommit() throws {
        let repo = try TestRepo()
        try repo.write("keys.env", "T=\(gen.githubPAT())\n")
        let first = try repo.commitAll("keys")
        for i in 1...9 {
            try repo.write("other.txt", "\(i)\n")
            try repo.commitAll("other \(i)")
        }
        let r = try CLI.json("history", [repo.path])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@keys.env:1:3"])
        #expect(r.report.findings.first?.commit == first)
        #expect(r.report.findings.first?.occurrences == 9)
        #expect(r.report.stats.blobs_scanned == 10)  // keys.env once, other.txt nine times
    }

    @Test mutating func secretIntroducedInAMergeResolution() throws {
        let repo = try TestRepo()
        try repo.write("conf.ini", "mode = base\n")
        try repo.commitAll("base")
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.write("conf.ini", "mode = topic\n")
        try repo.commitAll("topic")
        try repo.git("checkout", "-q", "main")
        try repo.write("conf.ini", "mode = main\n")
        try repo.commitAll("main")
        _ = try? repo.git("merge", "-q", "topic")  // conflicts
        let pat = gen.githubPAT()
        try repo.write("conf.ini", "mode = merged\ntoken = \(pat)\n")
        let merge = try repo.commitAll("merge topic")
        let r = try CLI.json("history", [repo.path])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@conf.ini:2:9"])
        #expect(r.report.findings.first?.commit == merge)
        // Range mode sees the resolution as added against both parents.
        let range = try CLI.json("history", [repo.path, "--range", "HEAD~1..HEAD"])
        #expect(range.report.findings.map(\.position) == ["github-pat-classic@conf.ini:2:9"])
        #expect(range.report.findings.first?.commit == merge)
    }

    /// A clean merge of a topic adds, against the topic, nothing: the topic's secret belongs to the
    /// topic's commit, and a range holding only the merge reports nothing. A file the merge itself
    /// creates (in neither parent) is new against both.
    @Test mutating func rangeJudgesAMergeAgainstEveryParent() throws {
        let repo = try TestRepo()
        try repo.write("conf.ini", "mode = base\n")
        try repo.write("notes.txt", "one\n")
        try repo.commitAll("base")
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.append("conf.ini", "token = \(gen.githubPAT())\n")
        try repo.git("mv", "notes.txt", "docs.txt")
        try repo.append("docs.txt", "key \(gen.githubPAT())\n")
        let topic = try repo.commitAll("topic adds a token, renames notes")
        try repo.git("checkout", "-q", "main")
        try repo.write("other.txt", "main\n")
        try repo.commitAll("main moves on")
        try repo.git("merge", "-q", "--no-ff", "--no-commit", "topic")
        try repo.write("secrets.env", "T=\(gen.githubPAT())\n")
        let merge = try repo.commitAll("merge topic, adding secrets.env")

        let onlyMerge = try CLI.json("history", [repo.path, "--range", "topic..main"])
        #expect(onlyMerge.report.findings.map(\.position) == ["github-pat-classic@secrets.env:1:3"])
        #expect(onlyMerge.report.findings.map(\.commit) == [merge])
        #expect(onlyMerge.report.errors.isEmpty)

        let withTopic = try CLI.json("history", [repo.path, "--range", "HEAD~1..HEAD"])
        #expect(
            withTopic.report.findings.map(\.position) == [
                "github-pat-classic@conf.ini:2:9", "github-pat-classic@docs.txt:2:5", "github-pat-classic@secrets.env:1:3",
            ])
        #expect(withTopic.report.findings.map(\.commit) == [topic, topic, merge])
    }

    /// A path that changes type (symbolic link to file) or a commit that deletes a file goes through
    /// rename detection; a commit that only edits files in place does not need it. Both report only
    /// what each commit adds.
    @Test mutating func rangeHandlesTypeChangesDeletionsAndInPlaceEdits() throws {
        let repo = try TestRepo()
        try repo.write("target.txt", "plain\n")
        try repo.symlink("link", to: "target.txt")
        try repo.write("old.txt", "alpha\nbeta\n")
        try repo.commitAll("base")
        try repo.git("rm", "-q", "link", "old.txt")
        try repo.write("link", "T=\(gen.githubPAT())\n")
        try repo.write("fresh.txt", "alpha\nK=\(gen.githubPAT())\n")
        let retyped = try repo.commitAll("link becomes a file, old.txt goes")
        try repo.write("target.txt", "plain\nS=\(gen.githubPAT())\n")
        let edited = try repo.commitAll("an edit in place")
        let r = try CLI.json("history", [repo.path, "--range", "HEAD~2..HEAD"])
        #expect(
            r.report.findings.map(\.position) == [
                "github-pat-classic@fresh.txt:2:3", "github-pat-classic@link:1:3", "github-pat-classic@target.txt:2:3",
            ])
        #expect(r.report.findings.map(\.commit) == [retyped, retyped, edited])
    }

    /// A file whose name is not UTF-8, edited in place: only the edit is new (the name cannot be
    /// looked up by its decoded form, so the commit goes through the full diff).
    @Test mutating func rangeEditOfAFileNamedInBytesThatAreNotUTF8() throws {
        let repo = try TestRepo()
        let name = "\"$(printf 'bad\\377name.env')\""
        _ = try Run.process("/bin/sh", ["-c", "printf 'alpha line one\\nbravo line two\\n' > \(name)"], cwd: repo.url)
        try repo.commitAll("base")
        _ = try Run.process("/bin/sh", ["-c", "printf 'alpha line one\\nbravo line two\\ncharlie line three\\n' > \(name)"], cwd: repo.url)
        let edit = try repo.commitAll("edit")
        let r = try CLI.json("history", [repo.path, "--range", "HEAD~1..HEAD", "--config", try everyLineRules(repo)])
        #expect(r.report.findings.map(\.line) == [3])
        #expect(r.report.findings.map(\.commit) == [edit])
    }

    /// A conflict resolution that keeps the topic's secret line and the mainline's other line adds,
    /// against the topic, only the mainline's line: the secret is the topic's, not the merge's.
    @Test mutating func resolutionKeepingTheTopicsLineAddsNothingAgainstTheTopic() throws {
        let repo = try TestRepo()
        try repo.write("conf.ini", "mode = base\nport = 1\n")
        try repo.commitAll("base")
        try repo.git("checkout", "-q", "-b", "topic")
        let pat = gen.githubPAT()
        try repo.write("conf.ini", "mode = topic\nport = 1\ntoken = \(pat)\n")
        try repo.commitAll("topic")
        try repo.git("checkout", "-q", "main")
        try repo.write("conf.ini", "mode = main\nport = 2\n")
        let main = try repo.commitAll("main")
        _ = try? repo.git("merge", "-q", "topic")  // conflicts
        try repo.write("conf.ini", "mode = main\nport = 2\ntoken = \(pat)\nuser = merged\n")
        let merge = try repo.commitAll("merge topic")
        let r = try CLI.json("history", [repo.path, "--range", "topic..main", "--config", try everyLineRules(repo)])
        // Main's commit adds lines 1-2. Against main the merge adds lines 3-4; against the topic lines
        // 1, 2 and 4: only line 4 is new to both.
        #expect(r.report.findings.map(\.position) == ["every-line@conf.ini:1:1", "every-line@conf.ini:2:1", "every-line@conf.ini:4:1"])
        #expect(r.report.findings.map(\.commit) == [main, main, merge])
    }

    @Test mutating func renamedFileKeepsItsFindingAndIsNotRescanned() throws {
        let repo = try TestRepo()
        try repo.write("old/name.yml", "key: \(gen.githubPAT())\n")
        let added = try repo.commitAll("add")
        try repo.git("mv", "old/name.yml", "new-name.yml")
        let renamed = try repo.commitAll("rename")
        let r = try CLI.json("history", [repo.path])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@new-name.yml:1:6", "github-pat-classic@old/name.yml:1:6"])
        #expect(r.report.findings.map(\.commit) == [renamed, added])
        #expect(r.report.findings.map(\.occurrences) == [1, 1])  // each other's
        #expect(r.report.stats.blobs_scanned == 1)
    }

    @Test mutating func missingObjectIsAnErrorButOtherFindingsAreReported() throws {
        let repo = try TestRepo()
        try repo.write("keep.txt", "k \(gen.githubPAT())\n")
        try repo.write("lost.txt", "k \(gen.githubPAT())\n")
        try repo.commitAll()
        let lost = try repo.git("rev-parse", "HEAD:lost.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(atPath: "\(repo.path)/.git/objects/\(lost.prefix(2))/\(lost.dropFirst(2))")
        try expectIncompleteWithOnlyKeepFound(repo, lost: lost)
    }

    /// `keep.txt`'s secret is reported; the unreadable `lost` blob is an error that fails the scan.
    private func expectIncompleteWithOnlyKeepFound(_ repo: TestRepo, lost: String) throws {
        let r = try CLI.json("history", [repo.path])
        #expect(r.status == 2)
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@keep.txt:1:3"])
        #expect(r.report.errors.map(\.kind) == ["missing_object"])
        #expect(r.report.errors.first?.object == lost)
        #expect(r.report.stats.complete == false)
        #expect(try CLI.json("history", [repo.path, "--allow-incomplete"]).status == 1)
    }

    @Test mutating func corruptPackDataIsAnErrorButOtherFindingsAreReported() throws {
        let repo = try TestRepo()
        try repo.write("keep.txt", "k \(gen.githubPAT())\n")
        // Enough varied text that the blob's compressed data is long enough to damage in the middle.
        try repo.write("lost.txt", "k \(gen.githubPAT())\n" + (0..<40).map { _ in gen.body(30) }.joined(separator: "\n"))
        try repo.commitAll()
        try repo.git("repack", "-a", "-d", "-q")
        let lost = try repo.git("rev-parse", "HEAD:lost.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.corruptPacked(try #require(try repo.packEntries().first { $0.id == lost }))
        try expectIncompleteWithOnlyKeepFound(repo, lost: lost)
    }

    @Test mutating func rangeReportsOnlyAddedLines() throws {
        let repo = try TestRepo()
        try repo.write("service.env", "OLD=\(gen.githubPAT())\nPORT=80\n")
        let base = try repo.commitAll("legacy secret")
        try repo.write(
            "service.env",
            "OLD=\(try String(contentsOfFile: repo.path + "/service.env", encoding: .utf8).split(separator: "\n")[0].dropFirst(4))\nPORT=8080\n"
        )
        try repo.commitAll("touch the file")
        let clean = try CLI.json("history", [repo.path, "--range", "\(base)..HEAD"])
        #expect(clean.status == 0)
        #expect(clean.report.findings.isEmpty)
        try repo.append("service.env", "NEW=\(gen.githubPAT())\n")
        let adding = try repo.commitAll("new secret")
        let r = try CLI.json("history", [repo.path, "--range", "\(base)..HEAD"])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@service.env:3:5"])
        #expect(r.report.findings.first?.commit == adding)
        #expect(r.report.stats.commits_scanned == 2)
        let since = try CLI.json("history", [repo.path, "--since-commit", base])
        #expect(since.report.findings.map(\.position) == ["github-pat-classic@service.env:3:5"])
        let branch = try CLI.json("history", [repo.path, "--branch", "main"])
        #expect(branch.report.findings.map(\.position) == ["github-pat-classic@service.env:1:5", "github-pat-classic@service.env:3:5"])
    }

    @Test func missingRangeEndIsAClearError() throws {
        let repo = try TestRepo()
        try repo.write("a", "a\n")
        try repo.commitAll()
        let missing = String(repeating: "ab", count: 20)
        let r = try CLI.run(["history", repo.path, "--range", "\(missing)..HEAD"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("revision '\(missing)' is not in this repository"))
    }

    @Test mutating func bareShallowSubmoduleAndLFS() throws {
        let repo = try TestRepo()
        try repo.write("one.txt", "k \(gen.githubPAT())\n")
        try repo.commitAll("one")
        try repo.write("two.txt", "k \(gen.githubPAT())\n")
        try repo.write("big.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:\(String(repeating: "0", count: 64))\nsize 12\n")
        try repo.git("add", "-A")
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(String(repeating: "1", count: 40)),vendor/lib")
        try repo.git("commit", "-q", "-m", "two")

        let bare = try TestRepo(git: false)
        try Run.process("/usr/bin/env", ["git", "clone", "-q", "--bare", repo.path, bare.path + "/r.git"])
        let b = try CLI.json("history", [bare.path + "/r.git"])
        #expect(b.report.findings.map(\.position) == ["github-pat-classic@one.txt:1:3", "github-pat-classic@two.txt:1:3"])
        #expect(b.report.stats.submodules_skipped == 1)
        #expect(b.report.stats.lfs_pointers_skipped == 1)

        let shallow = try TestRepo(git: false)
        try Run.process("/usr/bin/env", ["git", "clone", "-q", "--depth", "1", "file://" + repo.path, shallow.path + "/s"])
        let s = try CLI.json("history", [shallow.path + "/s"])
        #expect(s.status == 1)
        #expect(s.report.stats.shallow == true)
        #expect(s.report.stats.commits_scanned == 1)
        #expect(s.report.findings.map(\.position) == ["github-pat-classic@one.txt:1:3", "github-pat-classic@two.txt:1:3"])
    }

    @Test func notAGitRepository() throws {
        let dir = try TestRepo(git: false)
        let r = try CLI.run(["history", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("not inside a git repository"))
    }
}

@Suite struct StagedCommandTests {
    var gen = TestSecrets(seed: 5)

    @Test mutating func stagedSecretIsFoundButNotAnUnstagedEdit() throws {
        let repo = try TestRepo()
        try repo.write("app.js", "const a = 1;\nconst b = 2;\n")
        try repo.commitAll()
        try repo.write("app.js", "// header\nconst a = 1;\nconst t = \"\(gen.githubPAT())\";\nconst b = 2;\n")
        try repo.git("add", "app.js")
        try repo.append("app.js", "const u = \"\(gen.githubPAT())\";\n")  // not staged
        try repo.write("notes.txt", "k \(gen.githubPAT())\n")  // untracked, not staged
        let r = try CLI.json("staged", [repo.path])
        #expect(r.status == 1)
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@app.js:3:12"])
    }

    @Test mutating func preExistingSecretInATouchedFileIsNotReported() throws {
        let repo = try TestRepo()
        try repo.write("cfg.env", "A=\(gen.githubPAT())\nB=1\n")
        try repo.commitAll()
        try repo.append("cfg.env", "C=2\n")
        try repo.git("add", "cfg.env")
        let r = try CLI.json("staged", [repo.path])
        #expect(r.status == 0)
        #expect(r.report.findings.isEmpty)
    }

    @Test mutating func worksBeforeTheFirstCommit() throws {
        let repo = try TestRepo()
        try repo.write("first.txt", "x\nk \(gen.githubPAT())\n")
        try repo.git("add", "first.txt")
        let r = try CLI.json("staged", [repo.path])
        #expect(r.report.findings.map(\.position) == ["github-pat-classic@first.txt:2:3"])
        #expect(r.report.findings.first?.commit == nil)
    }
}

/// A rule file (in the repository's `.git`, outside its work tree) whose one rule matches every
/// non-empty line: findings then show exactly which lines a range scan counts as added.
func everyLineRules(_ repo: TestRepo) throws -> String {
    let url = URL(fileURLWithPath: repo.path + "/.git/every-line.toml")
    try """
    [[rules]]
    id = "every-line"
    description = "every non-empty line"
    regex = '''(?m)^([^\\n]{1,200})$'''
    """.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}
