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
}
