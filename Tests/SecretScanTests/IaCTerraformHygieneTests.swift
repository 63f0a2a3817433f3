import TestSupport
import Testing

@testable import SecretScan

/// Terraform hygiene checks and write-only arguments.
extension IaCTerraformTests {
    @Test func hygieneBad() {
        let text = """
            resource "aws_kms_key" "secrets" {
              description = "secrets"
            }
            resource "aws_kms_key" "off" {
              enable_key_rotation = false
            }
            resource "aws_secretsmanager_secret" "db" {
              name                    = "prod/db"
              recovery_window_in_days = 0
            }
            variable "db_password" {
              type = string
            }
            data "aws_iam_policy_document" "read" {
              statement {
                actions   = ["secretsmanager:GetSecretValue", "kms:Decrypt"]
                resources = ["*"]
              }
            }
            resource "aws_iam_policy" "ssm" {
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect   = "Allow"
                  Action   = ["ssm:GetParameter*"]
                  Resource = "arn:aws:ssm:*:*:parameter/*"
                }]
              })
            }
            resource "aws_iam_role_policy" "heredoc" {
              policy = <<EOF
            {
              "Statement": [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:*"}]
            }
            EOF
            }
            resource "aws_iam_role" "app" {
              assume_role_policy = data.aws_iam_policy_document.trust.json
              inline_policy {
                name   = "read"
                policy = jsonencode({ Statement = [{ Action = "kms:Decrypt", Resource = "arn:${data.aws_partition.current.partition}:kms:${var.region}:${local.account}:key/*" }] })
              }
            }
            """
        #expect(
            iacHits(text, path: "main.tf", optIn: ["iac-secret-no-replica"]) == [
                "iac-kms-key-no-rotation@1",
                "iac-kms-key-no-rotation@5",
                "iac-secret-no-cmk@7",
                "iac-secret-no-replica@7",
                "iac-secret-no-rotation@7",
                "iac-tf-secret-no-recovery-window@9",
                "iac-tf-variable-not-sensitive@11",
                "iac-iam-secret-read-wildcard@17",
                "iac-iam-secret-read-wildcard@26",
                "iac-iam-secret-read-wildcard@33",
                "iac-iam-secret-read-wildcard@41",
            ])
        let iam = iacScan(text, path: "main.tf").filter { $0.ruleID == "iac-iam-secret-read-wildcard" }
        #expect(iam.first?.explanation?.contains("secretsmanager:GetSecretValue, kms:Decrypt") == true)
        #expect(iam.first?.resource == "data.aws_iam_policy_document.read")
        #expect(iam.first?.secret == "")
    }

    @Test func hygieneGood() {
        let text = """
            resource "aws_kms_key" "secrets" {
              enable_key_rotation = true
              policy              = data.aws_iam_policy_document.key.json
            }
            resource "aws_kms_key" "signing" {
              customer_master_key_spec = "RSA_2048"
              key_usage                = "SIGN_VERIFY"
            }
            resource "aws_secretsmanager_secret" "db" {
              name                    = "prod/db"
              kms_key_id              = aws_kms_key.secrets.arn
              recovery_window_in_days = 7
              replica {
                region = "us-west-2"
              }
            }
            resource "aws_secretsmanager_secret_rotation" "db" {
              secret_id           = aws_secretsmanager_secret.db.id
              rotation_lambda_arn = aws_lambda_function.rotate.arn
              rotation_rules {
                automatically_after_days = 30
              }
            }
            variable "db_password" {
              type      = string
              sensitive = true
            }
            variable "db_password_secret_arn" {
              type = string
            }
            data "aws_iam_policy_document" "read" {
              statement {
                actions   = ["secretsmanager:GetSecretValue"]
                resources = [aws_secretsmanager_secret.db.arn, "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/app/*"]
              }
              statement {
                effect    = "Deny"
                actions   = ["secretsmanager:*"]
                resources = ["*"]
              }
              statement {
                actions   = ["kms:Decrypt"]
                resources = ["*"]
                condition {
                  test     = "StringEquals"
                  variable = "kms:ViaService"
                  values   = ["secretsmanager.us-east-1.amazonaws.com"]
                }
              }
              statement {
                actions   = ["s3:GetObject", "logs:*"]
                resources = ["*"]
              }
            }
            data "aws_iam_policy_document" "key" {
              statement {
                actions   = ["kms:*"]
                resources = ["*"]
              }
            }
            resource "aws_iam_policy" "scoped" {
              policy = jsonencode({
                Statement = [{
                  Effect   = "Allow"
                  Action   = ["ssm:GetParameter"]
                  Resource = "arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/*"
                }]
              })
            }
            """
        #expect(iacHits(text, path: "main.tf", optIn: ["iac-secret-no-replica"]) == [])
        #expect(HCLParser.parse(Array(text.utf8)).blocks.count == 9)
    }

    @Test func writeOnlyArguments() {
        var s = FakeSecrets(seed: 14)
        let bad = """
            resource "aws_db_instance" "main" {
              password_wo         = "\(s.next())"
              password_wo_version = 1
            }
            resource "aws_secretsmanager_secret_version" "db" {
              secret_id                = aws_secretsmanager_secret.db.id
              secret_string_wo         = "\(s.next())"
              secret_string_wo_version = 1
            }
            """
        #expect(iacHits(bad, path: "main.tf") == ["iac-tf-password-literal@2", "iac-tf-secret-version-literal@7"])
        let good = """
            ephemeral "random_password" "db" {
              length = 32
            }
            resource "aws_db_instance" "main" {
              password_wo         = ephemeral.random_password.db.result
              password_wo_version = 1
            }
            resource "aws_secretsmanager_secret_version" "db" {
              secret_id                = aws_secretsmanager_secret.db.id
              secret_string_wo         = ephemeral.random_password.db.result
              secret_string_wo_version = 1
            }
            """
        #expect(iacHits(good, path: "main.tf") == [])
    }

    @Test func rotationInAnotherFileIsNotGuessed() {
        let text = """
            resource "aws_secretsmanager_secret" "db" {
              name       = "prod/db"
              kms_key_id = var.kms_key_arn
            }
            resource "aws_secretsmanager_secret_rotation" "other" {
              secret_id = var.secret_id
            }
            """
        #expect(iacHits(text, path: "main.tf") == [])
    }
}
