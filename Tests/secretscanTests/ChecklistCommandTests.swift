import Foundation
import TestSupport
import Testing

/// `secretscan checklist` end to end: every item's pass, fail and not_applicable outcomes on real
/// repositories, with exact evidence.
@Suite struct ChecklistCommandTests {
    var gen = TestSecrets(seed: 1616)

    struct Document: Decodable {
        struct Evidence: Decodable {
            var path: String
            var line: Int
            var detail: String
        }
        struct Item: Decodable {
            var id: String
            var title: String
            var status: String
            var reason: String
            var evidence: [Evidence]
            var remediation: String
        }
        struct Summary: Decodable {
            var pass: Int
            var fail: Int
            var not_applicable: Int
            var unknown: Int
            var failing: [String]
            var history_scanned: Bool
            var language: String
        }
        var version: Int
        var items: [Item]
        var summary: Summary

        func item(_ id: String) -> Item? { items.first { $0.id == id } }
        var statuses: [String: String] { Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0.status) }) }
        /// `path:line` of each piece of evidence of an item.
        func evidence(_ id: String) -> [String] { item(id)?.evidence.map { "\($0.path):\($0.line)" } ?? [] }
    }

    static let ids = [
        "no-secrets-in-git", "secrets-in-secret-store", "iam-scoped-to-secret-arns", "customer-managed-kms", "cloudtrail-enabled",
        "rotation-enabled", "gitignore-covers-sensitive", "ci-uses-oidc", "deletion-recovery-window", "secrets-replicated",
    ]
    static let awsIDs = [
        "secrets-in-secret-store", "iam-scoped-to-secret-arns", "customer-managed-kms", "cloudtrail-enabled", "rotation-enabled",
        "deletion-recovery-window", "secrets-replicated",
    ]

    static func checklist(_ args: [String]) throws -> (status: Int32, doc: Document, stderr: String) {
        let r = try CLI.run(["checklist", "--format", "json"] + args)
        do {
            return (r.status, try JSONDecoder().decode(Document.self, from: r.stdoutData), r.stderr)
        } catch {
            throw Run.Failure(message: "status \(r.status), stderr: \(r.stderr), stdout: \(r.stdout)")
        }
    }

    static let gitignore = ".env\n*.pem\n*.key\nsecrets.*\n"

    static let provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"

    /// The seed's Example 1 (ECS task reading a Secrets Manager secret with a CMK through
    /// `valueFrom`, a policy scoped to the secret's ARN) plus rotation, a replica, CloudTrail, a
    /// covering .gitignore and a GitHub OIDC deploy workflow.
    static func exampleOne() throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write(
            "infra/main.tf",
            """
            provider "aws" {
              region = "us-east-1"
            }

            resource "aws_kms_key" "secrets" {
              description         = "Secrets Manager key"
              enable_key_rotation = true
            }

            resource "aws_secretsmanager_secret" "db" {
              name       = "prod/db"
              kms_key_id = aws_kms_key.secrets.arn
              replica {
                region = "us-west-2"
              }
            }

            resource "aws_iam_role_policy" "task_secrets" {
              role = aws_iam_role.task_execution.id
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect   = "Allow"
                  Action   = ["secretsmanager:GetSecretValue"]
                  Resource = [aws_secretsmanager_secret.db.arn]
                }]
              })
            }

            resource "aws_ecs_task_definition" "app" {
              family             = "app"
              execution_role_arn = aws_iam_role.task_execution.arn
              container_definitions = jsonencode([{
                name  = "app"
                image = "app:latest"
                secrets = [{
                  name      = "DB_PASSWORD"
                  valueFrom = aws_secretsmanager_secret.db.arn
                }]
              }])
            }

            """)
        // Rotation and CloudTrail in other files of the module.
        try repo.write(
            "infra/rotation.tf",
            """
            resource "aws_secretsmanager_secret_rotation" "db" {
              secret_id           = aws_secretsmanager_secret.db.id
              rotation_lambda_arn = aws_lambda_function.rotate.arn
              rotation_rules {
                automatically_after_days = 30
              }
            }

            resource "aws_cloudtrail" "main" {
              name                  = "main"
              s3_bucket_name        = aws_s3_bucket.trail.id
              is_multi_region_trail = true
            }

            """)
        try repo.write(
            "infra/oidc.tf",
            """
            resource "aws_iam_role" "deploy" {
              name = "deploy"
              assume_role_policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  Action    = "sts:AssumeRoleWithWebIdentity"
                  Principal = { Federated = "\(provider)" }
                  Condition = {
                    StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
                    StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:my-org/app:ref:refs/heads/main" }
                  }
                }]
              })
            }

            """)
        try repo.write(".gitignore", gitignore)
        try repo.write(
            ".github/workflows/deploy.yml",
            """
            name: deploy
            on: push
            permissions:
              id-token: write
              contents: read
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      role-to-assume: arn:aws:iam::123456789012:role/deploy
                      aws-region: us-east-1
                  - run: terraform -chdir=infra apply -auto-approve

            """)
        try repo.commitAll("example 1")
        return repo
    }

    /// Every anti-pattern: a token committed then deleted, a literal in an ECS environment, a
    /// wildcard policy, no CMK, logging off, no rotation, no replica, immediate deletion, an
    /// incomplete .gitignore with a tracked key file, stored keys in CI and an open OIDC trust.
    mutating func antiPatterns() throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write("config/token.txt", "GITHUB_TOKEN=\(gen.githubPAT())\n")
        try repo.commitAll("add token")
        try FileManager.default.removeItem(at: repo.url.appendingPathComponent("config/token.txt"))
        try repo.commitAll("remove token")
        try repo.write(
            "infra/main.tf",
            """
            provider "aws" { region = "us-east-1" }

            resource "aws_secretsmanager_secret" "db" {
              name                    = "prod/db"
              recovery_window_in_days = 0
            }

            resource "aws_iam_role_policy" "task_secrets" {
              role = aws_iam_role.task_execution.id
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect   = "Allow"
                  Action   = ["secretsmanager:GetSecretValue"]
                  Resource = "*"
                }]
              })
            }

            resource "aws_ecs_task_definition" "app" {
              family = "app"
              container_definitions = jsonencode([{
                name  = "app"
                image = "app:latest"
                environment = [{
                  name  = "DB_PASSWORD"
                  value = "\(gen.body(20))"
                }]
              }])
            }

            resource "aws_cloudtrail" "main" {
              name           = "main"
              s3_bucket_name = aws_s3_bucket.trail.id
              enable_logging = false
            }

            resource "aws_iam_role" "deploy" {
              name = "deploy"
              assume_role_policy = jsonencode({
                Statement = [{
                  Effect    = "Allow"
                  Action    = "sts:AssumeRoleWithWebIdentity"
                  Principal = { Federated = "\(Self.provider)" }
                  Condition = {
                    StringLike = { "token.actions.githubusercontent.com:sub" = "repo:*" }
                  }
                }]
              })
            }

            """)
        try repo.write(".gitignore", "node_modules/\n")
        try repo.write("certs/server.pem", "see the ops vault\n")
        try repo.write(
            ".github/workflows/deploy.yml",
            """
            name: deploy
            on: push
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
                      aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                      aws-region: us-east-1

            """)
        try repo.commitAll("infra")
        return repo
    }

    @Test func exampleOnePassesEveryItem() throws {
        let repo = try Self.exampleOne()
        let r = try Self.checklist([repo.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.doc.items.map(\.id) == Self.ids)
        #expect(r.doc.statuses == Dictionary(uniqueKeysWithValues: Self.ids.map { ($0, "pass") }))
        #expect(r.doc.summary.pass == 10 && r.doc.summary.failing.isEmpty && r.doc.summary.history_scanned)
        #expect(r.doc.summary.language == "terraform")
        #expect(r.doc.evidence("secrets-in-secret-store") == ["infra/main.tf:38"])
        #expect(r.doc.evidence("customer-managed-kms") == ["infra/main.tf:12"])
        #expect(r.doc.evidence("rotation-enabled") == ["infra/main.tf:10"])
        #expect(r.doc.evidence("cloudtrail-enabled") == ["infra/rotation.tf:9"])
        #expect(r.doc.evidence("ci-uses-oidc") == [".github/workflows/deploy.yml:13"])
        #expect(r.doc.evidence("secrets-replicated") == ["infra/main.tf:10"])
        #expect(r.doc.evidence("deletion-recovery-window") == ["infra/main.tf:10"])
        #expect(r.doc.items.allSatisfy { $0.remediation.isEmpty })
    }

    @Test mutating func antiPatternsFailEveryItemWithEvidence() throws {
        let repo = try antiPatterns()
        let r = try Self.checklist([repo.path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.doc.statuses == Dictionary(uniqueKeysWithValues: Self.ids.map { ($0, "fail") }))
        #expect(r.doc.summary.failing == Self.ids)
        #expect(r.doc.evidence("no-secrets-in-git") == ["config/token.txt:1"])
        #expect(r.doc.item("no-secrets-in-git")?.evidence.first?.detail.hasPrefix("github-pat-classic: ghp_…") == true)
        #expect(r.doc.evidence("secrets-in-secret-store") == ["infra/main.tf:27"])
        #expect(r.doc.evidence("iam-scoped-to-secret-arns") == ["infra/main.tf:15"])
        #expect(r.doc.evidence("customer-managed-kms") == ["infra/main.tf:3"])
        #expect(r.doc.evidence("cloudtrail-enabled") == ["infra/main.tf:35"])
        #expect(r.doc.evidence("rotation-enabled") == ["infra/main.tf:3"])
        #expect(
            r.doc.evidence("gitignore-covers-sensitive") == [
                ".gitignore:1", ".gitignore:1", ".gitignore:1", ".gitignore:1", "certs/server.pem:1",
            ])
        #expect(
            r.doc.item("gitignore-covers-sensitive")?.evidence.prefix(4).map(\.detail) == [
                "no committed .gitignore ignores `.env` (e.g. .env)", "no committed .gitignore ignores `*.pem` (e.g. server.pem)",
                "no committed .gitignore ignores `*.key` (e.g. server.key)",
                "no committed .gitignore ignores `secrets.*` (e.g. secrets.yaml)",
            ])
        #expect(r.doc.evidence("ci-uses-oidc") == [".github/workflows/deploy.yml:9", "infra/main.tf:46"])
        #expect(r.doc.evidence("deletion-recovery-window") == ["infra/main.tf:5"])
        #expect(r.doc.evidence("secrets-replicated") == ["infra/main.tf:3"])
        #expect(r.doc.items.allSatisfy { !$0.remediation.isEmpty })
        #expect(r.doc.item("rotation-enabled")?.remediation.contains("aws_secretsmanager_secret_rotation") == true)
        // No secret value is ever printed in full.
        #expect(!r.doc.items.flatMap(\.evidence).contains { $0.detail.contains("ghp_") && !$0.detail.contains("…") })

        // --no-history: the deleted token is no longer in the tree.
        let fast = try Self.checklist([repo.path, "--no-history"])
        #expect(fast.doc.item("no-secrets-in-git")?.status == "pass")
        #expect(!fast.doc.summary.history_scanned)

        // --fail-items gates on the named items only.
        let gated = try CLI.run(["checklist", repo.path, "--fail-items", "no-secrets-in-git", "--no-history"])
        #expect(gated.status == 0, "\(gated.stdout)")
        let gatedFail = try CLI.run(["checklist", repo.path, "--fail-items", "no-secrets-in-git,rotation-enabled", "--no-history"])
        #expect(gatedFail.status == 1)
        // The JSON summary's `failing` agrees with the exit code: only gated items count.
        let gatedJSON = try Self.checklist([repo.path, "--fail-items", "no-secrets-in-git", "--no-history"])
        #expect(gatedJSON.status == 0)
        #expect(gatedJSON.doc.summary.failing == [])
        #expect(gatedJSON.doc.summary.fail == 9)
        let gatedFailJSON = try Self.checklist([repo.path, "--fail-items", "no-secrets-in-git,rotation-enabled", "--no-history"])
        #expect(gatedFailJSON.status == 1)
        #expect(gatedFailJSON.doc.summary.failing == ["rotation-enabled"])
        let unknown = try CLI.run(["checklist", repo.path, "--fail-items", "no-such-item"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown checklist item 'no-such-item'"))
    }

    @Test func plainApplicationIsNotApplicableForAWSItems() throws {
        let repo = try TestRepo()
        try repo.write("app.py", "def main():\n    print(\"hello\")\n")
        try repo.write("README.md", "# app\n")
        try repo.write(".gitignore", Self.gitignore)
        try repo.commitAll("app")
        let r = try Self.checklist([repo.path])
        #expect(r.status == 0, "\(r.stderr)")
        var expected = Dictionary(uniqueKeysWithValues: Self.awsIDs.map { ($0, "not_applicable") })
        expected["no-secrets-in-git"] = "pass"
        expected["gitignore-covers-sensitive"] = "pass"
        expected["ci-uses-oidc"] = "not_applicable"
        #expect(r.doc.statuses == expected)
        #expect(r.doc.item("rotation-enabled")?.reason == "The repository has no AWS infrastructure code.")
        #expect(r.doc.item("ci-uses-oidc")?.reason == "No CI configuration (GitHub Actions, GitLab CI).")
    }

    @Test func awsCodeWithoutSecretsOrTrailDecidesPerItem() throws {
        // AWS code but no secret: the per-secret items do not apply; a single-region trail in
        // another module than a secret is unknown.
        let repo = try TestRepo()
        try repo.write(".gitignore", Self.gitignore)
        try repo.write("infra/main.tf", "resource \"aws_s3_bucket\" \"assets\" {\n  bucket = \"assets\"\n}\n")
        try repo.commitAll("bucket")
        let r = try Self.checklist([repo.path])
        #expect(r.doc.item("rotation-enabled")?.status == "not_applicable")
        #expect(r.doc.item("customer-managed-kms")?.status == "not_applicable")
        #expect(r.doc.item("cloudtrail-enabled")?.status == "fail")
        #expect(r.doc.evidence("cloudtrail-enabled") == ["infra/main.tf:1"])
        try repo.write("trail/main.tf", "resource \"aws_cloudtrail\" \"t\" {\n  name = \"t\"\n}\n")
        try repo.write("app/main.tf", "resource \"aws_secretsmanager_secret\" \"s\" {\n  name = \"s\"\n}\n")
        let single = try Self.checklist([repo.path, "--no-history"])
        #expect(single.doc.item("cloudtrail-enabled")?.status == "unknown")
        #expect(single.doc.evidence("cloudtrail-enabled") == ["trail/main.tf:1"])
    }

    @Test func cloudFormationRepositoryGetsCloudFormationRemediation() throws {
        let repo = try TestRepo()
        try repo.write(".gitignore", Self.gitignore)
        try repo.write(
            "template.yaml",
            """
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              DbSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  Name: prod/db
                  GenerateSecretString:
                    PasswordLength: 32

            """)
        try repo.commitAll("template")
        let r = try Self.checklist([repo.path])
        #expect(r.doc.summary.language == "cloudformation")
        #expect(r.doc.item("rotation-enabled")?.status == "fail")
        #expect(r.doc.evidence("rotation-enabled") == ["template.yaml:3"])
        #expect(r.doc.item("rotation-enabled")?.remediation.contains("AWS::SecretsManager::RotationSchedule") == true)
        #expect(r.doc.item("deletion-recovery-window")?.status == "unknown")
        #expect(r.doc.item("secrets-replicated")?.remediation.contains("ReplicaRegions") == true)
    }

    @Test mutating func formatsTextMarkdownAndSARIF() throws {
        let repo = try antiPatterns()
        let text = try CLI.run(["checklist", repo.path])
        #expect(text.status == 1)
        #expect(text.stdout.contains("✗  no-secrets-in-git"))
        #expect(text.stdout.contains("    infra/main.tf:15  iac-iam-secret-read-wildcard: "))
        #expect(text.stdout.contains("0 pass · 10 fail · 0 not applicable · 0 unknown (secrets: full git history)"))
        let markdown = try CLI.run(["checklist", repo.path, "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("## SecretScan checklist\n\n**10 item(s) fail.**"))
        #expect(markdown.stdout.contains("| ✗ | `rotation-enabled` | fail |"))
        #expect(markdown.stdout.contains("- `infra/main.tf:3` "))
        let sarif = try CLI.run(["checklist", repo.path, "--format", "sarif"])
        #expect(sarif.status == 1)
        let validity = try SuppressionAndSARIFTests.validateSARIF(sarif.stdoutData)
        #expect(validity == "valid", "\(validity)")
        let doc = try JSONSerialization.jsonObject(with: sarif.stdoutData) as? [String: Any]
        let run = (doc?["runs"] as? [[String: Any]])?.first
        let results = run?["results"] as? [[String: Any]] ?? []
        #expect(Set(results.compactMap { $0["ruleId"] as? String }) == Set(Self.ids))
        let clean = try Self.exampleOne()
        let cleanSARIF = try CLI.run(["checklist", clean.path, "--format", "sarif"])
        #expect(cleanSARIF.status == 0)
        let cleanValidity = try SuppressionAndSARIFTests.validateSARIF(cleanSARIF.stdoutData)
        #expect(cleanValidity == "valid", "\(cleanValidity)")
    }
}
