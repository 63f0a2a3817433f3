import Foundation
import TestSupport
import Testing

/// Rule files written for gitleaks, betterleaks 2.x and kingfisher / Nosey Parker load unchanged.
@Suite struct RuleFormatCompatibilityTests {
    var gen = TestSecrets(seed: 77)

    @Test mutating func gitleaksConfigWithCustomRulesAllowlistsAndExtend() throws {
        let repo = try TestRepo()
        try repo.write(
            "gitleaks.toml",
            """
            title = "team config"
            minVersion = "v8.25.0"

            [extend]
            useDefault = true
            disabledRules = ["generic-secret-assignment"]

            [[rules]]
            id = "acme-internal-token"
            description = "ACME internal token"
            regex = '''\\b(acme_[a-z0-9]{32})\\b'''
            keywords = ["acme_"]
            tags = ["internal"]
              [rules.allowlist]
              stopwords = ["sandbox"]

            [[rules]]
            id = "github-pat-classic"
              [[rules.allowlists]]
              paths = ['''^fixtures/''']

            [allowlist]
            description = "global"
            regexTarget = "line"
            regexes = ['''(?i)sample only''']
            """)
        let internalToken = "acme_" + gen.body(32, from: Array("abcdefghijklmnopqrstuvwxyz0123456789"))
        let sandbox = "acme_sandbox" + gen.body(25, from: Array("abcdefghijklmnopqrstuvwxyz0123456789"))
        try repo.write(
            "app/config.py",
            "TOKEN = '\(internalToken)'\nSANDBOX = '\(sandbox)'\nGH = '\(gen.githubPAT())'\nDOC = '\(gen.githubPAT())'  # sample only\n")
        try repo.write("fixtures/gh.txt", "\(gen.githubPAT())\n")
        let r = try CLI.scanJSON([repo.path, "--config", repo.path + "/gitleaks.toml"])
        #expect(
            r.report.findings.map(\.position) == [
                "acme-internal-token@app/config.py:1:10",
                "github-pat-classic@app/config.py:3:7",
            ], "\(r.stderr)")
    }

    @Test mutating func gitleaksCompositeRequiredRule() throws {
        let repo = try TestRepo()
        try repo.write(
            "pair.toml",
            """
            [[rules]]
            id = "acme-client-id"
            regex = '''\\b(acid_[A-Z0-9]{16})\\b'''
            keywords = ["acid_"]
            skipReport = true

            [[rules]]
            id = "acme-client-secret"
            regex = '''\\b(acsec_[A-Za-z0-9]{32})\\b'''
            keywords = ["acsec_"]
              [[rules.required]]
              id = "acme-client-id"
              withinLines = 2
            """)
        let id = "acid_" + gen.body(16, from: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
        let secret = "acsec_" + gen.body(32)
        try repo.write("near.env", "CLIENT_ID=\(id)\nCLIENT_SECRET=\(secret)\n")
        try repo.write("alone.env", "CLIENT_SECRET=\(secret)\n")
        let r = try CLI.scanJSON([repo.path, "--config", repo.path + "/pair.toml"])
        #expect(r.report.findings.map(\.position) == ["acme-client-secret@near.env:2:15"])
    }

    @Test mutating func betterleaks2Config() throws {
        let repo = try TestRepo()
        try repo.write(
            "betterleaks.toml",
            """
            title = "betterleaks 2"
            minVersion = "v2.0.0"
            prefilter = '''attributes.path matches "\\\\.lock$"'''

            [[rules]]
            id = "acme-key-id"
            regex = '''\\b(AKEY[A-Z2-7]{16})\\b'''
            keywords = ["akey"]
            confidence = "medium"
            skipReport = true

            [[rules]]
            id = "acme-key-pair"
            description = "ACME key pair"
            regex = '''(?i)acme[_-]?secret\\s*[:=]\\s*["']?([A-Za-z0-9/+]{40})'''
            valueGroup = 1
            keywords = ["acme"]
            confidence = "high"
            validate = '''http.post("https://api.acme.test/verify", secret)'''
              [[rules.components]]
              id = "acme-key-id"
              within = "3"
            """)
        let keyID = "AKEY" + gen.body(16, from: TestSecrets.upperBase32)
        let secret = gen.body(40, from: TestSecrets.base64)
        try repo.write("deploy.env", "ACME_KEY_ID=\(keyID)\nACME_SECRET=\(secret)\n")
        let r = try CLI.scanJSON([repo.path, "--config", repo.path + "/betterleaks.toml"])
        #expect(r.report.findings.map(\.position) == ["acme-key-pair@deploy.env:2:13"])
        #expect(r.stderr.contains("rule 'acme-key-pair': `validate` is a betterleaks Expr program"))
        #expect(r.stderr.contains("top-level `prefilter` is a betterleaks Expr program"))
    }

    @Test mutating func kingfisherYAMLRules() throws {
        let repo = try TestRepo()
        let rulesDir = try TestRepo(git: false)
        try rulesDir.write(
            "kingfisher.yml",
            """
            rules:
              - name: ACME API Token
                id: kingfisher.acme.1
                pattern: |
                  (?x)
                  \\b
                  (acmetok_[a-z0-9]{40})   # the token
                  \\b
                min_entropy: 3.0
                confidence: medium
                examples:
                  - acmetok_0k2j4h6g8f1d3s5a7p9o2i4u6y8t1r3e5w7q9z0x
                negative_examples:
                  - acmetok_short
                validation:
                  type: Http
                depends_on_rule:
                  - rule_id: kingfisher.acme.2
                    variable: ACME_ACCOUNT
              - name: ACME account
                id: kingfisher.acme.2
                pattern: '\\b(acct-[0-9]{8})\\b'
                examples: ['acct-20481937']
            """)
        let token = "acmetok_" + gen.body(40, from: Array("abcdefghijklmnopqrstuvwxyz0123456789"))
        try repo.write("svc.yaml", "account: acct-20481937\ntoken: \(token)\n")
        let r = try CLI.scanJSON([repo.path, "--config", rulesDir.path + "/kingfisher.yml"])
        #expect(r.report.findings.map(\.position) == ["kingfisher.acme.2@svc.yaml:1:10", "kingfisher.acme.1@svc.yaml:2:8"], "\(r.stderr)")
        #expect(r.stderr.contains("`validation` is skipped: SecretScan never sends secrets over the network"))
        let t = try CLI.run(["rules", "test", "--config", rulesDir.path + "/kingfisher.yml"])
        #expect(t.stdout.contains("rule 'kingfisher.acme.2': has no `negative_examples`"))
    }

    @Test func invalidYAMLNamesTheLine() throws {
        let repo = try TestRepo(git: false)
        try repo.write("bad.yaml", "rules:\n  - id: x\n    pattern: [unclosed\n")
        let r = try CLI.run(["scan", repo.path, "--config", repo.path + "/bad.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml:"))
        #expect(r.stderr.contains("invalid YAML"))
    }
}
