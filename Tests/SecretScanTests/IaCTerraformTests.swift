import TestSupport
import Testing

@testable import SecretScan

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
        #expect(
            iacHits(text, path: "main.tf") == [
                "iac-tf-provider-static-credentials@3",
                "iac-tf-provider-static-credentials@4",
                "iac-tf-secret-version-literal@11",
                "iac-tf-secret-version-literal@16",
                "iac-tf-secret-version-literal@21",
                "iac-secret-no-cmk@24",
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
              name   = "/prod/db/password"
              type   = "SecureString"
              key_id = aws_kms_key.app.arn
              value  = random_password.db.result
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
        // A non-root access key is still a long-lived key (iac-iam-access-key), not secret material.
        #expect(iacHits(text, path: "main.tf") == ["iac-iam-access-key@71"])
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
        #expect(
            iacHits(text, path: "main.tf") == [
                "iac-tf-password-literal@3",
                "iac-tf-password-literal@6",
                "iac-tf-password-literal@8",
                "iac-tf-password-literal@14",
                "iac-tf-password-literal@18",
                "iac-tf-root-access-key@21",
            ])
        let resources = iacScan(text, path: "main.tf").compactMap(\.resource)
        #expect(
            resources == ["module.db", "locals", "locals", "aws_mq_broker.mq", "aws_elasticache_user.u", "aws_iam_access_key.literal_root"])
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
        #expect(
            iacHits(text, path: "vars.tf") == [
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
        #expect(
            iacPositions(text, path: "main.tf") == [
                "iac-tf-ssm-parameter-literal@4:12-4:31",
                "iac-secret-no-cmk@6:1-6:37",
                "iac-tf-ssm-parameter-literal@10:3-10:50",
            ])
    }
}
