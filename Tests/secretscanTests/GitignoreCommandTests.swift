import Foundation
import TestSupport
import Testing

/// End-to-end tests of `secretscan gitignore` on real temporary git repositories, with git's
/// system and user configuration shut out (HOME is a temporary directory).
@Suite struct GitignoreCommandTests {
    /// Every default sensitive pattern: a `.gitignore` with these covers the whole list.
    static let allDefaults = [
        ".env", ".env.*", "*.env", ".envrc", "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "*.kdbx", "*.ppk",
        "*.asc", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "secrets.*", "*.secret", "*.secrets", "secrets/",
        ".aws/credentials", "credentials.json", "*service-account*.json", "rootkey.csv", "*.tfstate", "*.tfstate.*",
        "*.tfvars", "*.tfvars.json", ".terraformrc", ".npmrc", ".pypirc", ".netrc", ".git-credentials",
        ".docker/config.json", ".pgpass", ".htpasswd", "kubeconfig", ".kube/config",
    ]

    /// A `.gitignore` with every default pattern except `except`, keeping templates trackable.
    static func coverage(except: Set<String> = [], extra: [String] = []) -> String {
        (allDefaults.filter { !except.contains($0) } + ["!.env.example", "!.env.sample", "!.env.template"] + extra)
            .joined(separator: "\n") + "\n"
    }

    final class Fixture {
        let repo: TestRepo
        let home: TestRepo

        init() throws {
            repo = try TestRepo()
            home = try TestRepo(git: false)
        }

        var env: [String: String] {
            var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") && $0.key != "XDG_CONFIG_HOME" }
            env["HOME"] = home.path
            env["GIT_CONFIG_NOSYSTEM"] = "1"
            env["NO_COLOR"] = "1"
            return env
        }

        func run(_ args: [String]) throws -> Run.Result {
            try Run.process(CLI.binary, ["gitignore"] + args, cwd: repo.url, environment: env)
        }

        func json(_ args: [String] = []) throws -> (status: Int32, findings: [Finding], stderr: String) {
            let r = try run(["--format", "json"] + args)
            do {
                return (r.status, try JSONDecoder().decode(Report.self, from: r.stdoutData).findings, r.stderr)
            } catch {
                throw Run.Failure(message: "status \(r.status), stderr: \(r.stderr), stdout: \(r.stdout)")
            }
        }

        func commit(_ paths: String...) throws {
            try repo.git(["add", "--force", "--"] + paths, environment: env)
            try repo.git(["commit", "-q", "-m", "commit"], environment: env)
        }

        func read(_ path: String) throws -> String {
            try String(contentsOf: repo.url.appendingPathComponent(path), encoding: .utf8)
        }
    }

    struct Report: Decodable { var findings: [Finding] }

    struct Finding: Decodable, Equatable {
        var kind: String
        var rule_id: String
        var severity: String
        var confidence: String
        var tags: [String]
        var path: String
        var line: Int
        var column: Int
        var secret: String
        var fingerprint: String
        var remediation: String?
        var explanation: String?

        var position: String { "\(rule_id)@\(path):\(line):\(column)" }
    }

    @Test func fullyCoveredRepositoryIsClean() throws {
        let f = try Fixture()
        try f.repo.write(".gitignore", Self.coverage())
        try f.repo.write("src/main.py", "print('hello')\n")
        try f.repo.write(".env.example", "NAME=value\n")
        try f.commit(".gitignore", "src/main.py", ".env.example")
        let r = try f.json()
        #expect(r.findings == [])
        #expect(r.status == 0)
        let text = try f.run([])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("no findings"))
    }

    @Test func notCoveredNegatedAndNotShared() throws {
        let f = try Fixture()
        try f.repo.write(".gitignore", Self.coverage(except: [".npmrc", "*.tfvars"]))
        try f.repo.write("keys/.gitignore", "!*.key\n")
        try f.commit(".gitignore", "keys/.gitignore")
        try f.repo.write(".git/info/exclude", "*.tfvars\n")
        let r = try f.json()
        #expect(r.status == 1)
        #expect(
            r.findings.map(\.position) == [
                "gitignore-not-shared@.git/info/exclude:1:1",
                "gitignore-not-covered@.gitignore:1:1",
                "gitignore-negated@keys/.gitignore:1:1",
            ])
        let (local, notCovered, negated) = (r.findings[0], r.findings[1], r.findings[2])
        #expect(notCovered.kind == "gitignore")
        #expect(notCovered.severity == "low")
        #expect(notCovered.confidence == "high")
        #expect(notCovered.tags == ["gitignore", "package-credentials"])
        #expect(notCovered.secret == "")
        #expect(notCovered.fingerprint.count == 32)
        #expect(
            notCovered.explanation
                == """
                No committed .gitignore ignores `.npmrc`, `web/.npmrc` and `packages/app/.npmrc`: they could be committed with `git \
                add` (sensitive pattern `.npmrc`).
                """
        )
        #expect(
            notCovered.remediation
                == """
                Add `.npmrc` to the top .gitignore and commit it (secretscan gitignore --fix); keep the secrets such files hold in \
                AWS Secrets Manager or SSM Parameter Store.
                """
        )
        #expect(negated.severity == "medium")
        #expect(negated.tags == ["gitignore", "private-key", "negation"])
        #expect(
            negated.explanation
                == """
                `keys/server.key` is re-included by `keys/.gitignore:1:!*.key`, a negation in a nested .gitignore, so it could be \
                committed (sensitive pattern `*.key`).
                """
        )
        #expect(local.severity == "low")
        #expect(
            local.explanation
                == """
                `terraform.tfvars`, `infra/prod.tfvars` and `infra/envs/prod/terraform.tfvars` are ignored only by \
                `.git/info/exclude:1:*.tfvars`, which only this clone reads: other clones would commit them (sensitive pattern \
                `*.tfvars`).
                """
        )

        // Fingerprints depend on content, not on line numbers.
        try f.repo.write(".gitignore", "# moved down\n" + Self.coverage(except: [".npmrc", "*.tfvars"]))
        try f.repo.write("keys/.gitignore", "# comment\n!*.key\n")
        let again = try f.json()
        #expect(
            again.findings.map(\.position) == [
                "gitignore-not-shared@.git/info/exclude:1:1",
                "gitignore-not-covered@.gitignore:1:1",
                "gitignore-negated@keys/.gitignore:2:1",
            ])
        #expect(again.findings.map(\.fingerprint) == r.findings.map(\.fingerprint))

        // Coverage from the user's global excludes file is not shared either; an uncommitted nested
        // .gitignore does not count.
        try f.home.write("global-ignore", ".npmrc\n")
        try f.home.write(".gitconfig", "[core]\n\texcludesFile = ~/global-ignore\n")
        try f.repo.write("web/.gitignore", ".npmrc\n")
        let global = try f.json()
        #expect(
            global.findings.map(\.position) == [
                "gitignore-not-shared@.git/info/exclude:1:1",
                "gitignore-not-shared@\(f.home.path)/global-ignore:1:1",
                "gitignore-negated@keys/.gitignore:2:1",
                "gitignore-not-shared@web/.gitignore:1:1",
            ])
        #expect(
            global.findings[1].explanation
                == """
                `.npmrc` and `packages/app/.npmrc` are ignored only by `\(f.home.path)/global-ignore:1:.npmrc`, this user's global \
                core.excludesFile: other clones would commit them (sensitive pattern `.npmrc`).
                """
        )
        #expect(
            global.findings[3].explanation
                == """
                `web/.npmrc` is ignored only by `web/.gitignore:1:.npmrc`, a .gitignore that is not committed: other clones would \
                commit it (sensitive pattern `.npmrc`).
                """
        )
    }

    @Test func trackedSensitiveAndTrackedIgnoredFiles() throws {
        let f = try Fixture()
        try f.repo.write(".gitignore", Self.coverage(extra: ["*.log"]))
        for path in ["config/.env", "id_rsa", "infra/terraform.tfstate", "deploy/server.pem", "app.log", ".env.example", "src/ok.txt"] {
            try f.repo.write(path, "plain words\n")
        }
        try f.commit(
            ".gitignore", "config/.env", "id_rsa", "infra/terraform.tfstate", "deploy/server.pem", "app.log", ".env.example", "src/ok.txt")
        let r = try f.json()
        #expect(r.status == 1)
        #expect(
            r.findings.map(\.position) == [
                "gitignore-tracked-ignored@app.log:1:1",
                "gitignore-tracked-sensitive@config/.env:1:1",
                "gitignore-tracked-sensitive@deploy/server.pem:1:1",
                "gitignore-tracked-sensitive@id_rsa:1:1",
                "gitignore-tracked-sensitive@infra/terraform.tfstate:1:1",
            ])
        let env = r.findings[1]
        #expect(env.severity == "high")
        #expect(env.confidence == "high")
        #expect(env.tags == ["gitignore", "dotenv", "tracked"])
        // `*.env` (line 3) also matches `.env` and comes later: the last matching line decides.
        #expect(
            env.explanation
                == """
                `config/.env` is tracked in the index and matches the sensitive pattern `.env`; `.gitignore:3:*.env` ignores it, but \
                it was committed before or added with --force.
                """
        )
        #expect(
            env.remediation
                == """
                Stop tracking it with `git rm --cached config/.env` and make sure .gitignore covers `.env`; its contents stay in the \
                history, so rotate every secret it held and keep the new values in AWS Secrets Manager or SSM Parameter Store, \
                fetched at run time.
                """
        )
        let log = r.findings[0]
        #expect(log.severity == "medium")
        #expect(
            log.explanation
                == """
                `app.log` is tracked although `.gitignore:43:*.log` ignores it (as `git ls-files -ci --exclude-standard` lists it): \
                it was committed before the rule or added with --force.
                """
        )
        // Same set as git's own listing of tracked ignored files.
        let git = try f.repo.git(["ls-files", "-ci", "--exclude-standard"], environment: f.env)
        #expect(git == "app.log\nconfig/.env\ndeploy/server.pem\nid_rsa\ninfra/terraform.tfstate\n")
    }

    @Test func exposedUntrackedFiles() throws {
        let f = try Fixture()
        try f.repo.write(".gitignore", Self.coverage(except: [".env.*", "*.pem"]))
        try f.commit(".gitignore")
        try f.repo.write(".env.local", "NAME=value\n")
        try f.repo.write("certs/client.pem", "plain words\n")
        try f.repo.write(".env.sample", "NAME=value\n")  // a template: fine
        try f.repo.write("secrets.yaml", "plain words\n")  // ignored: fine
        try f.repo.write("notes.txt", "plain words\n")
        let r = try f.json()
        #expect(
            r.findings.filter { $0.rule_id == "gitignore-exposed-untracked" }.map(\.position) == [
                "gitignore-exposed-untracked@.env.local:1:1",
                "gitignore-exposed-untracked@certs/client.pem:1:1",
            ])
        let env = try #require(r.findings.first { $0.path == ".env.local" })
        #expect(env.severity == "high")
        #expect(env.tags == ["gitignore", "dotenv", "untracked"])
        #expect(
            env.explanation
                == """
                `.env.local` matches the sensitive pattern `.env.*`, is not tracked and no ignore rule excludes it: one `git add .` \
                would commit it.
                """
        )
        #expect(
            r.findings.map(\.rule_id).sorted() == [
                "gitignore-exposed-untracked", "gitignore-exposed-untracked", "gitignore-not-covered", "gitignore-not-covered",
            ])
    }

    @Test func ignoredTemplatesGetANote() throws {
        let f = try Fixture()
        try f.repo.write(
            ".gitignore",
            Self.coverage(except: [".env", ".env.*"]).replacingOccurrences(of: "!.env.example\n!.env.sample\n!.env.template\n", with: "")
                + ".env*\n")
        try f.commit(".gitignore")
        let r = try f.json()
        #expect(r.findings.map(\.position) == ["gitignore-template-ignored@.gitignore:38:1"])
        let note = r.findings[0]
        #expect(note.severity == "low")
        #expect(note.tags == ["gitignore", "template"])
        #expect(
            note.explanation
                == """
                Template `.env.example`, `.env.sample` and `.env.template` are ignored by `.gitignore:38:.env*`; templates should \
                stay trackable.
                """
        )
        #expect(
            note.remediation
                == """
                Templates hold no secrets and show which settings exist: keep them trackable by adding `!.env.example`, \
                `!.env.sample`, `!.env.template` after line 38 of .gitignore.
                """
        )
    }

    @Test func explainMatchesGitCheckIgnore() throws {
        let f = try Fixture()
        try f.repo.write(".gitignore", "*.pem\n!public.pem\nbuild/\n")
        try f.repo.write("sub/.gitignore", "\\#notes\n")
        try f.repo.write("build/out.txt", "x")
        try f.repo.write(".git/info/exclude", "local.txt\n")
        let paths = ["a.pem", "public.pem", "build", "build/out.txt", "sub/#notes", "local.txt", "other.txt", "quo\"te.pem", "ü.pem"]
        let r = try f.run(["--explain"] + paths)
        let git = try Run.process(
            "/usr/bin/env", ["git", "check-ignore", "--no-index", "-v", "-n"] + paths, cwd: f.repo.url, environment: f.env)
        #expect(r.stdout == git.stdout)
        #expect(
            r.stdout == """
                .gitignore:1:*.pem\ta.pem
                .gitignore:2:!public.pem\tpublic.pem
                .gitignore:3:build/\tbuild
                .gitignore:3:build/\tbuild/out.txt
                sub/.gitignore:1:\\#notes\tsub/#notes
                .git/info/exclude:1:local.txt\tlocal.txt
                ::\tother.txt
                .gitignore:1:*.pem\t"quo\\"te.pem"
                .gitignore:1:*.pem\t"\\303\\274.pem"

                """)
        #expect(r.status == 0)
        #expect(try f.run(["--explain", "other.txt", "public.pem"]).status == 1)  // none ignored, like git

        let json = try f.run(["--explain", "a.pem", "public.pem", "other.txt", "-f", "json"])
        #expect(
            json.stdout == """
                [
                  {
                    "ignored" : true,
                    "line" : 1,
                    "path" : "a.pem",
                    "pattern" : "*.pem",
                    "source" : ".gitignore"
                  },
                  {
                    "ignored" : false,
                    "line" : 2,
                    "path" : "public.pem",
                    "pattern" : "!public.pem",
                    "source" : ".gitignore"
                  },
                  {
                    "ignored" : false,
                    "line" : null,
                    "path" : "other.txt",
                    "pattern" : null,
                    "source" : null
                  }
                ]

                """)
        // Paths are relative to PATH.
        let sub = try Run.process(CLI.binary, ["gitignore", "sub", "--explain", "#notes", "../a.pem"], cwd: f.repo.url, environment: f.env)
        #expect(sub.stdout == "sub/.gitignore:1:\\#notes\t#notes\n.gitignore:1:*.pem\t../a.pem\n")
    }
}
