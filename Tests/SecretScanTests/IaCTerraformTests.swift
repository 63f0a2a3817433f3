@testable import SecretScan
import Testing
import TestSupport

@Suite struct IaCTerraformTests {
    @Test func secretMaterialBad() {
        var s = FakeSecrets(seed: 10)
        let text = """
        provider "aws" {
          region     = "us-east-1"
          access_key = "\(s.keyID())"
          secret_key = "\(s.secretKey())"
        }

        resource "aws_secretsmanager_secret_version" "db" {
          secret_id     = aws_secretsmanager_secret.db.id
          secret_string = jsonencode({
            username = "app"
            password = "\(s.next())"
          })
        }
        resource "aws_secretsmanager_secret_version" "api" {
          secret_id     = aws_secretsmanager_secret.api.id
          secret_string = "\(s.next(32))"
        }
        resource "aws_secretsmanager_secret_version" "heredoc" {
          secret_id     = aws_secretsmanager_secret.api.id
          secret_string = <<EOT
        {"user": "svc", "api_key": "\(s.next())"}
        EOT
        }
        resource "aws_ssm_parameter" "db" {
          name  = "/prod/db/password"
          type  = "SecureString"
          value = "\(s.next())"
        }
        resource "aws_db_instance" "main" {
          engine   = "postgres"
          username = "app"
          password = "\(s.next())"
        }
        resource "aws_rds_cluster" "aurora" {
          master_username = "app"
          master_password = "\(s.next())"
        }
        resource "aws_lambda_function" "fn" {
          function_name = "fn"
          environment {
            variables = {
              DB_PASSWORD = "\(s.next())"
              LOG_LEVEL   = "debug"
            }
          }
        }
        variable "api_token" {
          type    = string
          default = "\(s.next())"
        }
        resource "aws_iam_user" "root" { name = "root" }
        resource "aws_iam_access_key" "root" {
          user = aws_iam_user.root.name
        }
        """
        #expect(iacHits(text, path: "main.tf") == [
            "iac-tf-provider-static-credentials@3",
            "iac-tf-provider-static-credentials@4",
            "iac-tf-secret-version-literal@11",
            "iac-tf-secret-version-literal@16",
            "iac-tf-secret-version-literal@21",
            "iac-tf-ssm-parameter-literal@27",
            "iac-tf-password-literal@32",
            "iac-tf-password-literal@36",
            "iac-tf-password-literal@42",
            "iac-tf-variable-not-sensitive@47",
            "iac-tf-variable-secret-default@49",
            "iac-tf-root-access-key@53",
        ])
    }

    @Test func secretMaterialGood() {
        let text = """
        provider "aws" {
          region = "us-east-1"
          assume_role {
            role_arn = "arn:aws:iam::123456789012:role/terraform"
          }
        }
        resource "aws_secretsmanager_secret_version" "db" {
          secret_id     = aws_secretsmanager_secret.db.id
          secret_string = data.aws_secretsmanager_secret_version.db.secret_string
        }
        resource "aws_secretsmanager_secret_version" "generated" {
          secret_id     = aws_secretsmanager_secret.generated.id
          secret_string = jsonencode({
            username = "app"
            password = random_password.db.result
            host     = "${aws_db_instance.main.address}"
          })
        }
        resource "aws_secretsmanager_secret_version" "heredoc" {
          secret_id     = aws_secretsmanager_secret.generated.id
          secret_string = <<EOT
        {"username": "app", "password": "${random_password.db.result}"}
        EOT
        }
        resource "aws_ssm_parameter" "db" {
          name  = "/prod/db/password"
          type  = "SecureString"
          value = random_password.db.result
        }
        resource "aws_ssm_parameter" "url" {
          name  = "/prod/api/url"
          type  = "String"
          value = "https://api.example.org"
        }
        resource "aws_db_instance" "main" {
          engine                      = "postgres"
          username                    = "app"
          manage_master_user_password = true
        }
        resource "aws_rds_cluster" "aurora" {
          master_username = "app"
          master_password = var.db_password
        }
        resource "aws_lambda_function" "fn" {
          function_name = "fn"
          environment {
            variables = {
              DB_PASSWORD_SECRET_ARN = aws_secretsmanager_secret.db.arn
              PASSWORD_MIN_LENGTH    = "12"
              API_KEY_NAME           = "service-key"
              KEYCLOAK_URL           = "https://sso.internal/realms/main"
            }
          }
        }
        variable "api_token" {
          type      = string
          sensitive = true
        }
        variable "password_length" {
          type    = number
          default = 24
        }
        module "db" {
          source   = "./modules/db"
          password = var.db_password
        }
        locals {
          db_password = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]
        }
        resource "aws_iam_access_key" "deploy" {
          user = aws_iam_user.deploy.name
        }
        """
        #expect(iacHits(text, path: "main.tf") == [])
        #expect(HCLParser.parse(Array(text.utf8)).blocks.count == 14)
    }

    @Test func moduleLocalsAndNestedBlocks() {
        var s = FakeSecrets(seed: 11)
        let text = """
        module "db" {
          source   = "./modules/db"
          password = "\(s.next())"
        }
        locals {
          db_password = "\(s.next())"
          settings = {
            api_key = "\(s.next())"
          }
        }
        resource "aws_mq_broker" "mq" {
          user {
            username = "admin"
            password = "\(s.next())"
          }
        }
        resource "aws_elasticache_user" "u" {
          passwords = ["\(s.next())", var.other]
        }
        resource "aws_iam_access_key" "literal_root" {
          user = "root"
        }
        """
        #expect(iacHits(text, path: "main.tf") == [
            "iac-tf-password-literal@3",
            "iac-tf-password-literal@6",
            "iac-tf-password-literal@8",
            "iac-tf-password-literal@14",
            "iac-tf-password-literal@18",
            "iac-tf-root-access-key@21",
        ])
        let resources = iacScan(text, path: "main.tf").compactMap(\.resource)
        #expect(resources == ["module.db", "locals", "locals", "aws_mq_broker.mq", "aws_elasticache_user.u", "aws_iam_access_key.literal_root"])
    }

    @Test func variableDefaultsAndConnectionStrings() {
        var s = FakeSecrets(seed: 12)
        let text = """
        variable "database_url" {
          default = "postgres://app:\(s.next())@db.internal:5432/app"
        }
        variable "service_url" {
          default = "https://api.internal/v1"
        }
        variable "db" {
          type = object({ user = string, password = string })
          default = {
            user     = "app"
            password = "\(s.next())"
          }
        }
        variable "db_password_prod" {
          type      = string
          sensitive = true
          default   = "\(s.next())"
        }
        """
        #expect(iacHits(text, path: "vars.tf") == [
            "iac-tf-variable-secret-default@2",
            "iac-tf-variable-secret-default@11",
            "iac-tf-variable-secret-default@17",
        ])
    }

    @Test func ssmParameterNamedLikeASecret() {
        var s = FakeSecrets(seed: 13)
        let text = """
        resource "aws_ssm_parameter" "token" {
          name  = "/prod/github/token"
          type  = "String"
          value = "\(s.next())"
        }
        resource "aws_ssm_parameter" "heredoc" {
          name  = "/prod/tls/private-key"
          type  = "SecureString"
          value = <<EOT
          \(s.next(48))
        EOT
        }
        """
        #expect(iacPositions(text, path: "main.tf") == [
            "iac-tf-ssm-parameter-literal@4:12-4:31",
            "iac-tf-ssm-parameter-literal@10:3-10:50",
        ])
    }

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
        #expect(iacHits(text, path: "main.tf", optIn: ["iac-secret-no-replica"]) == [
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
