import Foundation
import TestSupport
import Testing

/// `--fix`, configuration of the sensitive list, and errors.
extension GitignoreCommandTests {
    @Test func fixAppendsMissingPatternsOnceAndKeepsTemplatesTrackable() throws {
        let f = try Fixture()
        let before =
            Self.coverage(except: [".env", ".env.*", "*.pem"]).replacingOccurrences(
                of: "!.env.example\n!.env.sample\n!.env.template\n", with: "")
            + "node_modules/"  // no final newline
        try f.repo.write(".gitignore", before)
        try f.commit(".gitignore")
        let r = try f.run(["--fix"])
        // `.env` is covered already: `*.env` matches it.
        #expect(
            r.stdout.hasPrefix(
                "added to \(f.repo.path)/.gitignore:\n  .env.*\n  *.pem\n  !.env.example\n  !.env.sample\n  !.env.template\nno findings"))
        #expect(r.status == 0)
        let after = try f.read(".gitignore")
        #expect(
            after == before
                + """
                \n\n# Sensitive files: never commit these (added by secretscan gitignore \
                --fix)\n.env.*\n*.pem\n!.env.example\n!.env.sample\n!.env.template\n
                """
        )

        // A second run adds nothing, even though .gitignore now has uncommitted changes.
        let second = try f.run(["--fix"])
        #expect(second.stdout.hasPrefix("nothing to add"))
        #expect(second.status == 0)
        #expect(try f.read(".gitignore") == after)
    }

    @Test func fixRefusesUncommittedChangesUnlessForced() throws {
        let f = try Fixture()
        try f.repo.write(".gitignore", "*.log\r\n")
        try f.commit(".gitignore")
        try f.repo.write(".gitignore", "*.log\r\n*.tmp\r\n")
        let refused = try f.run(["--fix"])
        #expect(refused.status == 2)
        #expect(
            refused.stderr
                == """
                error: .gitignore has uncommitted changes; commit or stash them first so the fix can be reviewed on its own, or pass \
                --force\n
                """
        )
        #expect(try f.read(".gitignore") == "*.log\r\n*.tmp\r\n")

        let forced = try f.run(["--fix", "--force", "--format", "json"])
        #expect(forced.status == 0)
        #expect(forced.stderr.hasPrefix("added to \(f.repo.path)/.gitignore:\n  .env\n"))
        let content = try f.read(".gitignore")
        // CRLF kept; every default pattern appended after the existing lines.
        #expect(
            content == "*.log\r\n*.tmp\r\n\r\n# Sensitive files: never commit these (added by secretscan gitignore --fix)\r\n"
                + Self.allDefaults.map { $0 + "\r\n" }.joined() + "!.env.example\r\n!.env.sample\r\n!.env.template\r\n")
        // With the fix in place every probe is covered (by the tracked, modified .gitignore).
        #expect(try f.json().findings == [])

        // An untracked .gitignore is an uncommitted change too.
        let g = try Fixture()
        try g.repo.write(".gitignore", "*.log\n")
        #expect(try g.run(["--fix"]).status == 2)
        // Without any .gitignore, --fix creates one; until it is committed its coverage is not shared.
        let h = try Fixture()
        let created = try h.run(["--fix", "--format", "json"])
        #expect(created.status == 0)  // not-shared findings are low: below the default --fail-on medium
        #expect(try h.run(["--format", "json", "--fail-on", "low"]).status == 1)
        #expect(
            try h.read(".gitignore").hasPrefix(
                "# Sensitive files: never commit these (added by secretscan gitignore --fix)\n.env\n.env.*\n"))
        let notShared = try h.json()
        #expect(Set(notShared.findings.map(\.rule_id)) == ["gitignore-not-shared"])
        #expect(notShared.findings.count == Self.allDefaults.count)
        #expect(try h.run(["--fix"]).stdout.hasPrefix("nothing to add"))
    }

    @Test func configurationAddsRemovesAndRequiresPatterns() throws {
        let f = try Fixture()
        try f.repo.write(".gitignore", Self.coverage(except: [".npmrc", "*.asc"]))
        try f.repo.write("keys/signing.asc", "plain words\n")
        try f.repo.write("data/app.sqlite", "plain words\n")
        try f.commit(".gitignore", "keys/signing.asc")
        try f.repo.write(
            ".secretscan.toml",
            """
            [extend]
            useDefault = true

            [gitignore]
            add = ["*.sqlite", ".env.example"]
            remove = ["*.asc"]
            required = [".npmrc", "/local.db"]
            """)
        let r = try f.json()
        #expect(
            r.findings.map(\.position) == [
                "gitignore-not-covered@.gitignore:1:1",
                "gitignore-not-covered@.gitignore:1:1",
                "gitignore-not-covered@.gitignore:1:1",
                "gitignore-exposed-untracked@data/app.sqlite:1:1",
            ])
        let byPattern = Dictionary(uniqueKeysWithValues: r.findings.dropLast().map { ($0.explanation!, $0.severity) })
        #expect(
            byPattern == [
                "No committed .gitignore ignores `.npmrc`, `web/.npmrc` and `packages/app/.npmrc`: they could be committed with `git add` (sensitive pattern `.npmrc`, required by policy).":
                    "high",
                "No committed .gitignore ignores `sample.sqlite`, `app/sample.sqlite` and `deploy/config/sample.sqlite`: they could be committed with `git add` (sensitive pattern `*.sqlite`).":
                    "low",
                "No committed .gitignore ignores `local.db`: it could be committed with `git add` (sensitive pattern `/local.db`, required by policy).":
                    "high",
            ])
        #expect(
            r.stderr.contains(
                """
                warning: [gitignore] '.env.example' names template files (.env.example and the like), which stay trackable; it is not \
                checked\n
                """
            ))
        // --config names another file.
        try f.home.write("other.toml", "[extend]\nuseDefault = true\n\n[gitignore]\nremove = [\".npmrc\"]\n")
        let other = try f.json(["--config", f.home.path + "/other.toml"])
        #expect(
            other.findings.map(\.position) == ["gitignore-not-covered@.gitignore:1:1", "gitignore-tracked-sensitive@keys/signing.asc:1:1"])
        #expect(
            other.findings[0].explanation
                == """
                No committed .gitignore ignores `private.asc` and `keys/signing-key.asc`: they could be committed with `git add` \
                (sensitive pattern `*.asc`).
                """
        )
    }
}

extension GitignoreCommandTests {
    @Test func errors() throws {
        let plain = try TestRepo(git: false)
        let f = try Fixture()
        let notGit = try Run.process(CLI.binary, ["gitignore", plain.path], environment: f.env)
        #expect(notGit.status == 2)
        #expect(
            notGit.stderr == "error: \(plain.path): not inside a git work tree; gitignore checks need a repository (run `git init` first)\n"
        )
        let outside = try f.run(["--explain", "../elsewhere"])
        #expect(outside.status == 2)
        #expect(outside.stderr == "error: ../elsewhere: outside the repository's work tree\n")
        #expect(try f.run(["--force"]).status == 2)
        #expect(try f.run(["--fix", "--explain", "x"]).status == 2)
    }
}
