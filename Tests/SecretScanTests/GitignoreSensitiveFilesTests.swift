import Testing

@testable import SecretScan

@Suite struct GitignoreSensitiveFilesTests {
    @Test func defaultListCoversEverythingTheIssueNames() throws {
        let list = try SensitiveFileList()
        #expect(
            list.patterns.map(\.pattern) == [
                ".env", ".env.*", "*.env", ".envrc", "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "*.kdbx", "*.ppk",
                "*.asc", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "secrets.*", "*.secret", "*.secrets", "secrets/",
                ".aws/credentials", "credentials.json", "*service-account*.json", "rootkey.csv", "*.tfstate", "*.tfstate.*",
                "*.tfvars", "*.tfvars.json", ".terraformrc", ".npmrc", ".pypirc", ".netrc", ".git-credentials",
                ".docker/config.json", ".pgpass", ".htpasswd", "kubeconfig", ".kube/config",
            ])
        #expect(list.warnings == [])
        // Every probe is matched by its own pattern, and none is a template.
        for entry in list.patterns {
            for probe in entry.probes {
                #expect(list.match(probe) != nil, "\(probe)")
                #expect(!SensitiveFileList.isTemplate(probe), "\(probe)")
            }
        }
    }

    @Test func matchingFilePathsAtAnyDepthIgnoringCase() throws {
        let list = try SensitiveFileList()
        let cases: [(String, String?)] = [
            (".env", ".env"), ("deep/dir/.env", ".env"), (".env.production", ".env.*"), ("prod.env", "*.env"),
            ("certs/Server.PEM", "*.pem"), ("home/.ssh/id_ed25519", "id_ed25519"), ("id_rsa.pub", nil),
            ("config/secrets.prod.json", "secrets.*"), ("k8s/secrets/db.yaml", "secrets/"), ("secrets", nil),
            ("x/.aws/credentials", ".aws/credentials"), ("gcp-service-account-ci.json", "*service-account*.json"),
            ("infra/terraform.tfstate.backup", "*.tfstate.*"), ("prod.tfvars.json", "*.tfvars.json"),
            ("user/.docker/config.json", ".docker/config.json"), ("ops/.kube/config", ".kube/config"),
            (".env.example", nil), ("app/.env.sample", nil), (".env.template", nil), ("prod.tfvars.example", nil),
            ("config/secrets.example.yaml", nil), ("README.md", nil), ("src/keys.go", nil),
        ]
        for (path, expected) in cases {
            #expect(list.match(path)?.pattern == expected, "\(path)")
        }
    }

    @Test func configurationAddsRemovesAndRequires() throws {
        let list = try SensitiveFileList(
            settings: GitignoreSettings(
                add: ["*.sqlite", "/deploy/*.conf", "backups/", "db[0-9].dump", ".env.sample"],
                remove: ["*.asc", "not-listed"],
                required: [".env", "*.bak"]))
        #expect(!list.patterns.contains { $0.pattern == "*.asc" })
        #expect(list.patterns.first { $0.pattern == ".env" }?.required == true)
        #expect(list.patterns.first { $0.pattern == ".envrc" }?.required == false)
        let added = list.patterns.suffix(5).map { "\($0.pattern) \($0.required) \($0.probes) \($0.nestedProbe ?? "-")" }
        #expect(
            added == [
                "*.sqlite false [\"sample.sqlite\", \"app/sample.sqlite\", \"deploy/config/sample.sqlite\"] sample.sqlite",
                "/deploy/*.conf false [\"deploy/sample.conf\"] -",
                """
                backups/ false [\"backups/example.txt\", \"app/backups/example.txt\", \"deploy/config/backups/example.txt\"] \
                backups/example.txt
                """,
                "db[0-9].dump false [\"db0.dump\", \"app/db0.dump\", \"deploy/config/db0.dump\"] db0.dump",
                "*.bak true [\"sample.bak\", \"app/sample.bak\", \"deploy/config/sample.bak\"] sample.bak",
            ])
        #expect(
            list.warnings == [
                "[gitignore] remove: 'not-listed' is not in the sensitive-file list; nothing removed",
                "[gitignore] '.env.sample' names template files (.env.example and the like), which stay trackable; it is not checked",
            ])
        #expect(list.match("data/app.SQLITE")?.pattern == "*.sqlite")
        #expect(list.match("keys/a.asc") == nil)
    }

    @Test func invalidConfiguredPatterns() {
        #expect(throws: GitignoreError.invalidPattern("!x", reason: "a negation cannot name sensitive files; list the files themselves")) {
            try SensitiveFileList(settings: GitignoreSettings(add: ["!x"]))
        }
        #expect(throws: GitignoreError.invalidPattern("", reason: "empty pattern")) {
            try SensitiveFileList(settings: GitignoreSettings(required: ["  "]))
        }
        #expect(
            throws: GitignoreError.invalidPattern(
                "#x", reason: "a line starting with # is a comment in .gitignore; write \\# for a literal #")
        ) {
            try SensitiveFileList(settings: GitignoreSettings(add: ["#x"]))
        }
    }

    @Test func templates() {
        for name in [
            ".env.example", ".env.sample", ".env.template", ".env.dist", "x/terraform.tfvars.example", "secrets.example.json",
            "app.config.tmpl",
        ] {
            #expect(SensitiveFileList.isTemplate(name), "\(name)")
        }
        for name in [".env", ".env.local", "terraform.tfvars", "example.pem"] {
            #expect(!SensitiveFileList.isTemplate(name), "\(name)")
        }
    }
}
