import Foundation
import TestSupport
import Testing

@testable import SecretScan

/// A temporary git repository with an isolated git configuration (no system or user config).
final class IgnoreFixture {
    let repo: TestRepo
    let home: TestRepo
    var env: [String: String]

    init() throws {
        repo = try TestRepo()
        home = try TestRepo(git: false)
        env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") && $0.key != "XDG_CONFIG_HOME" }
        env["HOME"] = home.path
        env["GIT_CONFIG_NOSYSTEM"] = "1"
    }

    func write(_ path: String, _ text: String) throws { try repo.write(path, text) }
    func write(_ path: String, bytes: [UInt8]) throws { try repo.write(path, Data(bytes)) }

    func matcher() throws -> GitignoreMatcher { try GitignoreMatcher(repository: repo.path, environment: env) }

    /// `ignored SOURCE:LINE:PATTERN`, `included SOURCE:LINE:!PATTERN` or `none` for each path.
    func decide(_ paths: [String], directories: Set<String> = []) throws -> [String] {
        var m = try matcher()
        return paths.map { p in
            let d = m.explain(path: p, isDirectory: directories.contains(p))
            guard let origin = d.origin else { return "none" }
            return (d.ignored ? "ignored " : "included ") + origin
        }
    }
}

@Suite struct GitignoreMatcherTests {
    @Test func lastMatchingPatternWinsWithinAFile() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", "*.log\n!keep.log\nkeep.log\n!*.log\n*.log\n!other.log\n")
        #expect(
            try f.decide(["a.log", "keep.log", "other.log", "x.txt"]) == [
                "ignored .gitignore:5:*.log", "ignored .gitignore:5:*.log", "included .gitignore:6:!other.log", "none",
            ])
    }

    @Test func negationReincludesAFile() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", "*.pem\n!public.pem\n")
        #expect(
            try f.decide(["server.pem", "public.pem", "certs/public.pem"]) == [
                "ignored .gitignore:1:*.pem", "included .gitignore:2:!public.pem", "included .gitignore:2:!public.pem",
            ])
        var m = try f.matcher()
        let d = m.explain(path: "public.pem", isDirectory: false)
        #expect(
            d
                == IgnoreDecision(
                    path: "public.pem", ignored: false, match: IgnoreMatch(source: ".gitignore", line: 2, pattern: "!public.pem"),
                    shared: false))
        #expect(d.isNegation)
    }

    @Test func nothingUnderAnExcludedDirectoryCanBeReincluded() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", "build/\n!build/keep.txt\nout\n!out/keep.txt\ndist/*\n!dist/keep.txt\n")
        // The excluded directory's own .gitignore is never read.
        try f.write("build/.gitignore", "!keep.txt\n")
        try f.write("build/keep.txt", "x")
        #expect(
            try f.decide(
                ["build/keep.txt", "build/sub/deep.txt", "out/keep.txt", "dist/keep.txt", "dist/other.txt", "build"],
                directories: ["build"]) == [
                    "ignored .gitignore:1:build/", "ignored .gitignore:1:build/", "ignored .gitignore:3:out",
                    "included .gitignore:6:!dist/keep.txt", "ignored .gitignore:5:dist/*", "ignored .gitignore:1:build/",
                ])
    }

    @Test func nestedIgnoreFilesTakePrecedenceOverParents() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", "*.txt\n!*.md\n")
        try f.write("docs/.gitignore", "!*.txt\n*.md\n")
        try f.write("docs/deep/.gitignore", "notes.txt\n")
        #expect(
            try f.decide(["a.txt", "docs/a.txt", "docs/a.md", "docs/deep/notes.txt", "docs/deep/other.txt", "a.md"]) == [
                "ignored .gitignore:1:*.txt", "included docs/.gitignore:1:!*.txt", "ignored docs/.gitignore:2:*.md",
                "ignored docs/deep/.gitignore:1:notes.txt", "included docs/.gitignore:1:!*.txt", "included .gitignore:2:!*.md",
            ])
    }

    @Test func anchoringByLeadingOrMiddleSlash() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", "/top.txt\ndoc/frotz\nany.txt\n")
        try f.write("sub/.gitignore", "/here\nx/y\n")
        #expect(
            try f.decide([
                "top.txt", "a/top.txt", "doc/frotz", "a/doc/frotz", "any.txt", "a/b/any.txt",
                "sub/here", "sub/a/here", "here", "sub/x/y", "x/y",
            ]) == [
                "ignored .gitignore:1:/top.txt", "none", "ignored .gitignore:2:doc/frotz", "none",
                "ignored .gitignore:3:any.txt", "ignored .gitignore:3:any.txt",
                "ignored sub/.gitignore:1:/here", "none", "none", "ignored sub/.gitignore:2:x/y", "none",
            ])
    }

    @Test func trailingSlashMatchesDirectoriesOnly() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", "logs/\n/cache/\n")
        #expect(
            try f.decide(
                ["logs", "logs", "a/logs", "logs/x.txt", "cache", "a/cache"],
                directories: ["a/logs", "cache", "a/cache"]) == [
                    "none", "none", "ignored .gitignore:1:logs/", "ignored .gitignore:1:logs/", "ignored .gitignore:2:/cache/", "none",
                ])
        #expect(try f.decide(["logs"], directories: ["logs"]) == ["ignored .gitignore:1:logs/"])
        var m = try f.matcher()
        #expect(m.explain(path: "logs/", isDirectory: false).origin == ".gitignore:1:logs/")
    }

    @Test func starQuestionMarkAndBracketExpressions() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", "doc/*.txt\nfile?.c\n[a-c]x\nn[!0-9]\nd[[:digit:]]\n[]]z\nq[\\]]\n")
        #expect(
            try f.decide([
                "doc/a.txt", "doc/sub/a.txt", "file1.c", "file12.c", "bx", "dx", "na", "n1",
                "d7", "dz", "]z", "q]",
            ]) == [
                "ignored .gitignore:1:doc/*.txt", "none", "ignored .gitignore:2:file?.c", "none",
                "ignored .gitignore:3:[a-c]x", "none", "ignored .gitignore:4:n[!0-9]", "none",
                "ignored .gitignore:5:d[[:digit:]]", "none", "ignored .gitignore:6:[]]z", "ignored .gitignore:7:q[\\]]",
            ])
    }

    @Test func doubleAsteriskForms() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", "**/foo\nabc/**\na/**/b\nx**/y\n")
        #expect(
            try f.decide(
                [
                    "foo", "deep/er/foo", "abc/x", "abc/x/y", "abc", "a/b", "a/x/b", "a/x/y/b", "a/xb",
                    "x/y", "xz/y", "xz/w/y",
                ], directories: ["abc"]) == [
                    "ignored .gitignore:1:**/foo", "ignored .gitignore:1:**/foo", "ignored .gitignore:2:abc/**",
                    "ignored .gitignore:2:abc/**", "none", "ignored .gitignore:3:a/**/b", "ignored .gitignore:3:a/**/b",
                    "ignored .gitignore:3:a/**/b", "none", "ignored .gitignore:4:x**/y", "ignored .gitignore:4:x**/y",
                    // git quirk: the literal prefix `x` is compared first, and the rest, `**/y`, then counts as
                    // a leading `**/` that spans directories.
                    "ignored .gitignore:4:x**/y",
                ])
    }

    @Test func escapesCommentsAndTrailingSpaces() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", "#hash\n\\#hash\n\\!bang\nspace\\ \ntrimmed   \n  lead\n\\*star\n")
        #expect(
            try f.decide(["#hash", "!bang", "bang", "space ", "space", "trimmed", "trimmed   ", "  lead", "*star", "xstar"]) == [
                "ignored .gitignore:2:\\#hash", "ignored .gitignore:3:\\!bang", "none", "ignored .gitignore:4:space\\ ", "none",
                "ignored .gitignore:5:trimmed", "none", "ignored .gitignore:6:  lead", "ignored .gitignore:7:\\*star", "none",
            ])
    }

    @Test func crlfLineEndingsAndByteOrderMark() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", bytes: [0xEF, 0xBB, 0xBF] + Array("*.log\r\n\r\n!keep.log\r\n# c\r\nlast".utf8))
        #expect(
            try f.decide(["a.log", "keep.log", "last", "last\r"]) == [
                "ignored .gitignore:1:*.log", "included .gitignore:3:!keep.log", "ignored .gitignore:5:last", "none",
            ])
    }

    @Test func precedenceGitignoreThenInfoExcludeThenExcludesFile() throws {
        let f = try IgnoreFixture()
        let global = f.home.url.appendingPathComponent("global-ignore").path
        try f.home.write("global-ignore", "*.tmp\n!keep.tmp\nkeep.bak\n")
        try f.write(".git/info/exclude", "# local\n*.bak\n!keep.tmp\n")
        try f.repo.git("config", "core.excludesFile", global)
        try f.write(".gitignore", "!keep.bak\n")
        #expect(
            try f.decide(["a.tmp", "keep.tmp", "a.bak", "keep.bak"]) == [
                "ignored \(global):1:*.tmp", "included .git/info/exclude:3:!keep.tmp", "ignored .git/info/exclude:2:*.bak",
                "included .gitignore:1:!keep.bak",
            ])
        var m = try f.matcher()
        #expect(m.explain(path: "a.bak", isDirectory: false).shared == false)
        #expect(m.explain(path: "a.tmp", isDirectory: false).shared == false)
    }

    @Test func excludesFileComesFromGitConfigInGitsOrder() throws {
        let f = try IgnoreFixture()
        let xdg = f.home.url.appendingPathComponent("xdg").path
        // Default: $XDG_CONFIG_HOME/git/ignore.
        try f.home.write("xdg/git/ignore", "from-xdg-default\n")
        f.env["XDG_CONFIG_HOME"] = xdg
        #expect(try f.decide(["from-xdg-default"]) == ["ignored \(xdg)/git/ignore:1:from-xdg-default"])
        // Without XDG_CONFIG_HOME: ~/.config/git/ignore.
        f.env["XDG_CONFIG_HOME"] = nil
        try f.home.write(".config/git/ignore", "from-home-default\n")
        #expect(try f.decide(["from-home-default"]) == ["ignored \(f.home.path)/.config/git/ignore:1:from-home-default"])
        // $XDG_CONFIG_HOME/git/config, then ~/.gitconfig (which wins), then the repository's config.
        f.env["XDG_CONFIG_HOME"] = xdg
        try f.home.write("xdg/git/config", "[core]\n\texcludesFile = ~/one\n")
        try f.home.write("one", "one\n")
        try f.home.write("two", "two\n")
        try f.home.write("three", "three\n")
        #expect(try f.decide(["one", "two"]) == ["ignored \(f.home.path)/one:1:one", "none"])
        try f.home.write(".gitconfig", "# user\n[Core]\n\tExcludesFile = \"~/two\" ; comment\n")
        #expect(try f.decide(["one", "two"]) == ["none", "ignored \(f.home.path)/two:1:two"])
        try f.repo.git("config", "core.excludesfile", f.home.path + "/three")
        #expect(try f.decide(["two", "three"]) == ["none", "ignored \(f.home.path)/three:1:three"])
        // GIT_CONFIG_GLOBAL replaces the global files; GIT_CONFIG_SYSTEM is read unless GIT_CONFIG_NOSYSTEM.
        try f.repo.git("config", "--unset", "core.excludesfile")
        try f.home.write("sys.config", "[core]\n\texcludesFile = \(f.home.path)/one\n")
        f.env["GIT_CONFIG_GLOBAL"] = f.home.path + "/missing"
        f.env["GIT_CONFIG_SYSTEM"] = f.home.path + "/sys.config"
        #expect(try f.decide(["one", "two"]) == ["none", "none"])
        f.env["GIT_CONFIG_NOSYSTEM"] = nil
        #expect(try f.decide(["one", "two"]) == ["ignored \(f.home.path)/one:1:one", "none"])
    }

    @Test func gitConfigSyntax() throws {
        let f = try IgnoreFixture()
        try f.home.write("inc.config", "[core]\n  excludesfile = \"/tmp/with \\\"quote\\\" and \\\\ slash\" # trailing\n")
        try f.home.write(
            ".gitconfig",
            """
            ; comment
            [user]
            \tname = x
            [core "sub"]
            \texcludesFile = /wrong/subsection
            [core]
            \tignoreCase
            \texcludesFile = /first/line \\
            continued
            [include]
            \tpath = inc.config

            """)
        let config = GitIgnoreConfig.load(gitDirectory: nil, environment: f.env)
        #expect(config == GitIgnoreConfig(excludesFile: "/tmp/with \"quote\" and \\ slash", ignoreCase: true))
        try f.home.write(".gitconfig", "[core]\n\texcludesFile = /first/line \\\ncontinued\n\tignorecase = off\n")
        #expect(
            GitIgnoreConfig.load(gitDirectory: nil, environment: f.env)
                == GitIgnoreConfig(excludesFile: "/first/line continued", ignoreCase: false))
        var env = f.env
        env["GIT_CONFIG_COUNT"] = "1"
        env["GIT_CONFIG_KEY_0"] = "Core.IgnoreCase"
        env["GIT_CONFIG_VALUE_0"] = "yes"
        #expect(GitIgnoreConfig.load(gitDirectory: nil, environment: env).ignoreCase == true)
    }

    @Test func coreIgnoreCase() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", "*.LOG\nBuild/\nSub/x.txt\n[A-C]z\n")
        #expect(try f.decide(["a.log", "build/x", "sub/x.txt", "bz"]) == ["none", "none", "none", "none"])
        try f.repo.git("config", "core.ignorecase", "true")
        #expect(
            try f.decide(["a.log", "build/x", "sub/x.txt", "bz"]) == [
                "ignored .gitignore:1:*.LOG", "ignored .gitignore:2:Build/", "ignored .gitignore:3:Sub/x.txt",
                "ignored .gitignore:4:[A-C]z",
            ])
    }

    @Test func symlinkedGitignoreIsNotRead() throws {
        let f = try IgnoreFixture()
        try f.write("real-ignore", "*.log\n")
        try f.write("sub/placeholder", "")
        try f.repo.symlink("sub/.gitignore", to: "../real-ignore")
        #expect(try f.decide(["sub/a.log"]) == ["none"])
    }

    @Test func sharedMeansATrackedGitignore() throws {
        let f = try IgnoreFixture()
        try f.write(".gitignore", "*.log\n")
        try f.write("sub/.gitignore", "*.tmp\n")
        try f.repo.git("add", ".gitignore")
        var m = try f.matcher()
        #expect(m.explain(path: "a.log", isDirectory: false).shared == true)
        #expect(m.explain(path: "sub/a.tmp", isDirectory: false).shared == false)
        #expect(m.explain(path: "sub/a.txt", isDirectory: false).shared == false)
    }

    @Test func wildmatchQuirks() {
        func wm(_ p: String, _ t: String, pathname: Bool = true, fold: Bool = false) -> Bool {
            Wildmatch.matches(Array(p.utf8), Array(t.utf8), pathname: pathname, caseFold: fold)
        }
        #expect(wm("foo/**/bar", "foo/bar"))
        #expect(wm("foo/**/bar", "foo/a/b/bar"))
        #expect(!wm("foo*bar", "foo/bar"))
        #expect(wm("foo*bar", "foo/bar", pathname: false))
        #expect(wm("**/foo", "foo"))
        #expect(!wm("x**y", "x/y/z"))
        #expect(wm("*/", "a/"))
        #expect(wm("[[:alpha:]]", "q"))
        #expect(!wm("[[:space:]]", "\u{0B}"))  // git's isspace has no vertical tab
        #expect(!wm("[[:nope:]]", "n"))
        #expect(wm("[a-", "[a-") == false)
        #expect(!wm("trail\\", "trail\\"))
        #expect(wm("\\*", "*"))
        #expect(wm("A*", "abc", fold: true))
        #expect(!wm("[A]", "a", fold: true))  // set members are not folded, as in git
        // ... so folding can lose a match (git check-ignore with core.ignorecase=true agrees):
        #expect(wm("[B]", "B") && !wm("[B]", "B", fold: true))
        #expect(wm("*.[!o]", "x.O") && !wm("*.[!o]", "x.O", fold: true))
        #expect(wm("\\B", "B") && !wm("\\B", "B", fold: true))  // an escaped byte is not folded either
        #expect(wm("[A-C]", "b", fold: true))  // ranges are
        #expect(wm("[^a]", "b"))
        #expect(!wm("a?c", "a/c"))
    }
}
