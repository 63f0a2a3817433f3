import Foundation
import TestSupport
import Testing

/// Hardcoded secrets by meaning: a literal given to a secret-named target is found whatever its
/// entropy; references (variables, environment lookups, templates, secret-store ARNs) never are.
/// The values are the seed document's own examples, assembled at run time.
@Suite struct HardcodedSecretTests {
    /// `"a" + "b"` keeps this file free of the literals the rules look for.
    static func q(_ parts: String...) -> String { "\"" + parts.joined() + "\"" }

    func seedRepository() throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write("app.py", "API_KEY = \(Self.q("abc", "123"))\nimport os\nDB = os.environ[\"DB_PASSWORD\"]\n")
        try repo.write(
            "deploy.sh",
            "aws ssm put-parameter --name /prod/db/password --value \(Self.q("ActualSecure", "Password123!")) --type SecureString\n"
                + "aws secretsmanager create-secret --name prod/db --secret-string '{\"username\":\"admin\",\"pass" + "word\":\"Sup3rS3cr"
                + "etValue\"}'\n" + "export TF_VAR_x=\"your-secret-key\"\n")
        try repo.write(".env", "DATABASE_URL=postgres://app:" + "s3cr3t" + "@db:5432/shop\n")
        try repo.write(
            "config.js",
            "const db = { user: \"app\", pass" + "word: \(Self.q("hun", "ter2")) };\nconst p = process.env.DB_PASSWORD;\n"
                + "this.keyStorePassword = keyStorePassword;\n")
        try repo.write(
            "main.tf",
            """
            resource "aws_db_instance" "db" {
              password = random_password.db_password.result
            }
            resource "aws_secretsmanager_secret_version" "v" {
              secret_string = var.external_api_key
            }

            """)
        try repo.write("x.c", "token_data->client_ref_count++;\ns->store_token = !!string_list_lookup(list, name);\n")
        try repo.write("u.rb", "ENV[\"X_API_KEY\"] = @previous_key\n")
        try repo.write("ssm.py", "value = ssm.get_parameter(Name=\"/prod/db\", WithDecryption=True)['Parameter']['Value']\n")
        return repo
    }

    @Test func seedExamplesAreFoundAndReferencesAreNot() throws {
        let repo = try seedRepository()
        let r = try CLI.scanJSON([repo.path, "--no-iac"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(
            r.report.findings.map(\.position) == [
                "url-credentials-weak@.env:1:29",
                "hardcoded-api-key@app.py:1:12",
                "hardcoded-password@config.js:1:38",
                "aws-cli-parameter-value@deploy.sh:1:57",
                "hardcoded-password@deploy.sh:2:98",
            ])
    }

    @Test func confidenceComesFromContext() throws {
        let repo = try TestRepo()
        let line = "API_KEY = \(Self.q("abc", "123"))\n"
        try repo.write("src/app.py", line)
        try repo.write("tests/test_app.py", line)
        try repo.write("t/lib-auth.sh", line)
        try repo.write("README.rdoc", line)
        try repo.write("src/prod.py", "API_KEY = \(Self.q("q8Lm2ZrTk4wPx7Vn", "B3sD9fGh"))\n")
        struct Report: Decodable {
            struct F: Decodable {
                var path: String
                var confidence: String
            }
            var findings: [F]
        }
        let all = try CLI.run(["scan", repo.path, "-f", "json"])
        let byPath = Dictionary(
            uniqueKeysWithValues: try JSONDecoder().decode(Report.self, from: all.stdoutData).findings.map { ($0.path, $0.confidence) })
        #expect(
            byPath == [
                "src/app.py": "medium", "tests/test_app.py": "low", "t/lib-auth.sh": "low", "README.rdoc": "low", "src/prod.py": "high",
            ])
        let filtered = try CLI.scanJSON([repo.path, "--min-confidence", "medium"])
        #expect(filtered.report.findings.map(\.path) == ["src/app.py", "src/prod.py"])
        let text = try CLI.run(["scan", repo.path, "--min-confidence", "high"])
        #expect(text.stdout.contains(" · 4 below --min-confidence high"), "\(text.stdout)")
        try repo.write(".secretscan.toml", "[extend]\nuseDefault = true\n\n[report]\nminConfidence = \"high\"\n")
        #expect(try CLI.scanJSON([repo.path]).report.findings.map(\.path) == ["src/prod.py"])
    }

    /// What issue #14 lists as missed: weak passwords in password fields, URLs with common
    /// passwords, application keys under secret names, XML, PHP constants, command lines, JSON
    /// inside strings and keystore passwords.
    @Test func weakAndPlainLiteralsUnderSecretNamesAreFound() throws {
        let repo = try TestRepo()
        let pw = "pass" + "word"
        try repo.write(
            "src/settings.py",
            [
                "\(pw) = \(Self.q("sec", "ret"))",
                "administrator_login_\(pw) = \(Self.q("Admin", "Password123!"))",
                "url = \"mysql://root:\("pa" + "ss")@db:3306/shop\"",
                "deterministic_key = \(Self.q("Zk9wQ3Vz", "dG9tZXJLZXkxMjM0"))",
                "current_\(pw) = \(Self.q("1234", "5678"))",
                "body = \"{\\\"user\\\": \\\"svc\\\", \\\"\(pw)\\\": \\\"\("Qz8v" + "Lm2pRt")\\\"}\"",
                "keystore\(pw.capitalized) = \(Self.q("Kst0re", "Pass!"))",
                "AUTH_KEY = \(Self.q("abcdef12-", "1234-9876"))",
            ].joined(separator: "\n") + "\n")
        try repo.write(
            "conf/app.config",
            "<add key=\"Db\(pw.capitalized)\" value=\"\("Xq9-pass-" + "2024")\" />\n<\(pw)>\("Xq9pass" + "2024")</\(pw)>\n")
        try repo.write("wp-config.php", "<?php\ndefine('DB_\(pw.uppercased())', '\("Xq9pass" + "2024")');\n")
        try repo.write("docker-compose.yml", "services:\n  db:\n    environment:\n      - POSTGRES_\(pw.uppercased())=\("sec" + "ret")\n")
        try repo.write(
            "scripts/db.sh", "mysql -u root -p\("Xq9pass" + "2024") shop\ndocker login -u ci -p \("Xq9pass" + "2024") registry.acme.io\n")
        let r = try CLI.scanJSON([repo.path, "--no-iac", "--no-gitignore"])
        #expect(
            r.report.findings.map(\.position) == [
                "hardcoded-password-xml@conf/app.config:1:30",
                "hardcoded-password-xml@conf/app.config:2:11",
                "hardcoded-password-config@docker-compose.yml:4:27",
                "database-cli-password@scripts/db.sh:1:17",
                "cli-password-argument@scripts/db.sh:2:23",
                "hardcoded-password@src/settings.py:1:13",
                "hardcoded-password@src/settings.py:2:33",
                "url-credentials-weak@src/settings.py:3:21",
                "generic-key-assignment@src/settings.py:4:22",
                "hardcoded-password@src/settings.py:5:21",
                "hardcoded-password@src/settings.py:6:45",
                "keystore-password@src/settings.py:7:21",
                "hardcoded-api-key@src/settings.py:8:13",
                "hardcoded-secret-define@wp-config.php:2:24",
            ], "\(r.report.findings.map(\.position))")
    }

    /// Self-announced placeholders, hashes, ciphertext, public keys, format strings, interpolation
    /// and secret-store references are not findings, nor are descriptions of a value.
    @Test func placeholdersReferencesAndNonSecretKindsAreNot() throws {
        let repo = try TestRepo()
        let pw = "pass" + "word"
        let lines = [
            "\(pw)_hash = \"$2y$12$\("R9h/cIPz0gi.URNNX3kh2O" + "PST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")\"",
            "\"CiphertextBlob\": \"\("AQIDAHhBase64CipherText" + "ThatIsLongEnough12345678")\"",
            "\(pw) = \"<your-\(pw)>\"",
            "api_key = \"xxxxxxxxxxxx\"",
            "api_key = \"********\"",
            "api_key = \"REPLACE_ME\"",
            "api_key = \"EXAMPLE_KEY_123\"",
            "\(pw) = \"…\"",
            "\(pw) = \"%(\(pw))s\"",
            "\(pw) = \"%s\"",
            "\(pw) = \"${DB_PASSWORD}\"",
            "\(pw) = \"$DB_PASSWORD\"",
            "\(pw) = \"#{db_\(pw)}\"",
            "\(pw) = \"{{ db_\(pw) }}\"",
            "secret_arn = \"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf\"",
            "MasterUserPassword: \"{{resolve:secretsmanager:prod/db:SecretString:\(pw)}}\"",
            "MasterUserPassword: \"{{resolve:ssm-secure:/prod/db/\(pw):1}}\"",
            "MasterUserPassword: !Ref Db\(pw.capitalized)",
            "\(pw): ${{ secrets.DB_PASSWORD }}",
            "\(pw): vault:secret/data/db#\(pw)",
            "access_token = \"not-a-real-test-value\"",
            "\(pw) = \"some-\(pw)\"",
            "GH_TOKEN = \"valid.access.token.from.peter\"",
            "access_token = \"ya29.a0Zx...\"",
            "\"\(pw)\": \"#/components/schemas/LoginBody\",",
            "\"@acme/auth-token\": \"^4.0.0\",",
        ]
        try repo.write("src/app.py", lines.joined(separator: "\n") + "\n")
        let r = try CLI.scanJSON([repo.path, "--no-iac", "--no-gitignore"])
        #expect(r.report.findings.map(\.position) == [], "\(r.report.findings.map(\.position))")
        #expect(r.status == 0)
    }
}
