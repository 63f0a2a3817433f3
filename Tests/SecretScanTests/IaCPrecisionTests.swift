import TestSupport
import Testing

@testable import SecretScan

@Suite struct IaCPrecisionTests {
    @Test(arguments: [
        "DB_PASSWORD", "apiKey", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "MasterUserPassword", "client_secret",
        "GITHUB_TOKEN", "SECRET_KEY_BASE", "jwtSecret", "db-pass", "PRIVATE_KEY", "x-api-key", "APIKey", "db.password",
        "OAuthToken", "PASSWORD2", "mysql_root_password", "stripeApiKey", "WEBHOOK_SIGNING_KEY", "passphrase",
    ])
    func secretNames(_ name: String) {
        #expect(SecretName.classify(name) == .secret, "\(name)")
    }

    @Test(arguments: [
        "PASSWORD_MIN_LENGTH", "SECRET_ARN", "API_KEY_NAME", "DB_PASSWORD_FILE", "KMS_KEY_ID", "PUBLIC_KEY", "CACHE_KEY",
        "TOKEN_TTL", "password_policy", "SECRETS_MANAGER_ENDPOINT", "PASSWORD_RESET_EXPIRES_MINUTES", "partitionKey",
        "KEYCLOAK_REALM", "monkey", "passwordless_enabled", "SECRET_PATH", "key", "TOKEN_ENDPOINT", "API_KEY_HEADER",
        "LOG_LEVEL", "secretsmanager", "bypass", "DB_USER", "password_length", "secret_name",
    ])
    func nonSecretNames(_ name: String) {
        #expect(SecretName.classify(name) == .none, "\(name)")
    }

    @Test(arguments: ["DATABASE_URL", "KEYCLOAK_URL", "REDIS_DSN", "ConnectionString", "mongo_uri", "SECRET_URL"])
    func connectionNames(_ name: String) {
        #expect(SecretName.classify(name) == .connection, "\(name)")
    }

    @Test func strictNamesJudgeTheLastWord() {
        #expect(SecretName.classify("master_password", strict: true) == .secret)
        #expect(SecretName.classify("auth_token", strict: true) == .secret)
        #expect(SecretName.classify("auth_token_update_strategy", strict: true) == .none)
        #expect(SecretName.classify("secret_string", strict: true) == .none)
        #expect(SecretName.classify("secret_string", strict: false) == .secret)
        #expect(SecretName.classify("kms_key", strict: true) == .none)
        #expect(SecretName.classify("DB_PASSWORD_PROD", strict: false) == .secret)
        #expect(SecretName.classify("DB_PASSWORD_PROD", strict: true) == .none)
    }

    @Test func tokenization() {
        #expect(SecretName.tokens("AWS_SECRET_ACCESS_KEY") == ["aws", "secret", "access", "key"])
        #expect(SecretName.tokens("apiKey") == ["api", "key"])
        #expect(SecretName.tokens("APIKey") == ["api", "key"])
        #expect(SecretName.tokens("db.master-password2") == ["db", "master", "password", "2"])
        #expect(SecretName.tokens("KEYCLOAK_URL") == ["keycloak", "url"])
    }

    @Test(arguments: [
        "", "   ", "${DB_PASSWORD}", "${var.db_password}", "{{resolve:secretsmanager:prod/db:SecretString:password}}",
        "{{resolve:ssm-secure:/prod/db/password}}", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db",
        "$DB_PASSWORD", "${{ secrets.DB_PASSWORD }}", "var.db_password", "local.password", "data.x.y", "module.db.password",
        "changeme", "<your-password>", "/run/secrets/db_password", "true", "false", "xxxxxxxxxxxx", "********",
        "example-password-here", "your_api_key", "REPLACE_ME", "TODO", "postgres", "password", "secret",
        "set me in the console", "%env(DB_PASSWORD)%", "process.env.API_KEY", "op://vault/item/password",
    ])
    func notLiterals(_ value: String) {
        #expect(!LiteralValue.isSecretLiteral(value, name: "DB_PASSWORD"), "\(value)")
    }

    @Test func literals() {
        var s = FakeSecrets(seed: 50)
        for value in [s.next(), s.next(12), "P" + s.next(8) + "!#", s.next(40)] {
            #expect(LiteralValue.isSecretLiteral(value, name: "DB_PASSWORD"), "\(value)")
        }
        // The value may not just repeat the name.
        #expect(!LiteralValue.isSecretLiteral("db_password", name: "DB_PASSWORD"))
    }

    @Test func embeddedCredentials() {
        var s = FakeSecrets(seed: 51)
        #expect(LiteralValue.hasEmbeddedCredential("postgres://app:\(s.next())@db.internal:5432/app"))
        #expect(LiteralValue.hasEmbeddedCredential("Server=db;Database=app;User Id=app;Password=\(s.next());"))
        #expect(!LiteralValue.hasEmbeddedCredential("postgres://db.internal:5432/app"))
        #expect(!LiteralValue.hasEmbeddedCredential("postgres://app@db.internal/app"))
        #expect(!LiteralValue.hasEmbeddedCredential("postgres://app:${DB_PASSWORD}@db/app"))
        #expect(!LiteralValue.hasEmbeddedCredential("postgres://postgres:" + "postgres@localhost/app"))
        #expect(!LiteralValue.hasEmbeddedCredential("https://sso.internal/realms/main"))
    }

    /// The precision examples of the issue, in every format that judges environment names.
    @Test func precisionExamplesAcrossFormats() {
        let names: [(String, String)] = [
            ("KEYCLOAK_URL", "https://sso.internal/realms/main"),
            ("PASSWORD_MIN_LENGTH", "12"),
            ("SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db"),
            ("API_KEY_NAME", "reporting-key"),
            ("DB_PASSWORD", "${DB_PASSWORD}"),
            ("API_TOKEN", "changeme"),
            ("DB_PASSWORD_FILE", "/run/secrets/db_password"),
        ]
        let compose = "services:\n  api:\n    environment:\n" + names.map { "      \($0.0): \"\($0.1)\"\n" }.joined()
        #expect(iacHits(compose, path: "docker-compose.yml") == [])
        let dockerfile = "FROM alpine\n" + names.map { "ENV \($0.0)=\"\($0.1)\"\n" }.joined()
        #expect(iacHits(dockerfile, path: "Dockerfile") == [])
        let k8s =
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      env:\n"
            + names.map { "        - name: \($0.0)\n          value: \"\($0.1)\"\n" }.joined()
        #expect(iacHits(k8s, path: "pod.yaml") == [])
        let taskdef =
            "{\"family\": \"f\", \"containerDefinitions\": [{\"name\": \"c\", \"environment\": ["
            + names.map { "{\"name\": \"\($0.0)\", \"value\": \"\($0.1)\"}" }.joined(separator: ",") + "]}]}"
        #expect(iacHits(taskdef, path: "taskdef.json") == [])
        let terraform =
            "resource \"aws_lambda_function\" \"f\" {\n  environment {\n    variables = {\n"
            + names.map { "      \($0.0) = \"\($0.1.replacingOccurrences(of: "${", with: "$${"))\"\n" }.joined() + "    }\n  }\n}\n"
        #expect(iacHits(terraform, path: "main.tf") == [])
    }

    /// Constructs found in widely used modules (terraform-aws-rds and the like) yield nothing.
    @Test func everydayTerraformHasNoFindings() {
        let text = #"""
            locals {
              is_mssql = element(split("-", var.engine), 0) == "sqlserver"
              password = var.create_random_password ? random_password.master[0].result : var.password
            }
            resource "random_password" "master" {
              count   = var.create_random_password ? 1 : 0
              length  = var.random_password_length
              special = false
            }
            resource "aws_db_instance" "this" {
              count                               = var.create && false == local.is_mssql ? 1 : 0
              username                            = var.username
              password                            = local.password
              manage_master_user_password         = var.manage_master_user_password
              master_user_secret_kms_key_id       = var.master_user_secret_kms_key_id
              iam_database_authentication_enabled = var.iam_database_authentication_enabled
              monitoring_role_arn                 = var.monitoring_interval > 0 ? coalesce(var.monitoring_role_arn, join(", ", aws_iam_role.enhanced_monitoring.*.arn), null) : null
              performance_insights_retention_period = var.performance_insights_enabled == true ? var.performance_insights_retention_period : null
              tags = merge(var.tags, { "Name" = format("%s", var.identifier) },)
              user_data = <<-EOF
                #!/bin/bash
                DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)
              EOF
              timeouts {
                create = lookup(var.timeouts, "create", null)
              }
              dynamic "restore_to_point_in_time" {
                for_each = var.restore_to_point_in_time != null ? [var.restore_to_point_in_time] : []
                content {
                  restore_time = lookup(restore_to_point_in_time.value, "restore_time", null)
                }
              }
            }
            module "db" {
              source             = "terraform-aws-modules/rds/aws"
              username           = "complete_postgresql"
              maintenance_window = "Mon:00:00-Mon:03:00"
              parameters = [
                { name = "autovacuum", value = 1 },
                { name = "client_encoding", value = "utf8" },
              ]
              db_option_group_tags = { "Sensitive" = "low" }
              password_policy = {
                min_length = 14
              }
            }
            variable "password" {
              description = "Password for the master DB user. Note that this may show up in logs"
              type        = string
              default     = null
              sensitive   = true
            }
            variable "create_random_password" {
              type    = bool
              default = true
            }
            variable "random_password_length" {
              type    = number
              default = 16
            }
            output "db_instance_password" {
              value     = try(aws_db_instance.this[0].password, "")
              sensitive = true
            }
            resource "aws_ssm_parameter" "endpoint" {
              name  = "/${var.env}/db/endpoint"
              type  = "String"
              value = (
                var.create
                ? aws_db_instance.this[0].endpoint
                : ""
              )
            }
            """#
        #expect(iacHits(text, path: "modules/db/main.tf") == [])
        // The file was read: a literal in place of the reference is reported.
        var s = FakeSecrets(seed: 53)
        let changed = text.replacingOccurrences(of: "= local.password", with: "= \"\(s.next())\"")
        #expect(iacHits(changed, path: "modules/db/main.tf") == ["iac-tf-password-literal@13"])
    }

    /// A sample-style CloudFormation template (conditions, `!If`, `!Join`, `!Sub |` user data,
    /// `cfn-init` metadata) with its secrets passed properly yields nothing.
    @Test func everydayCloudFormationHasNoFindings() {
        let text = """
            AWSTemplateFormatVersion: "2010-09-09"
            Description: WordPress with RDS
            Parameters:
              KeyName:
                Type: AWS::EC2::KeyPair::KeyName
              DBUser:
                Type: String
                Default: wordpress
              DBPassword:
                Type: String
                NoEcho: true
                MinLength: 8
                AllowedPattern: "[a-zA-Z0-9]*"
              DBPasswordMinLength:
                Type: Number
                Default: 8
            Conditions:
              UseReplica: !Equals [!Ref "AWS::Region", us-east-1]
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  MasterUsername: !Ref DBUser
                  MasterUserPassword: !Join ["", ["{{resolve:secretsmanager:", !Ref DbSecret, ":SecretString:password}}"]]
                  StorageEncrypted: !If [UseReplica, true, !Ref "AWS::NoValue"]
              Web:
                Type: AWS::EC2::Instance
                Metadata:
                  AWS::CloudFormation::Init:
                    config:
                      files:
                        /tmp/setup.mysql:
                          content: !Sub |
                            CREATE USER '${DBUser}'@'localhost' IDENTIFIED BY '${DBPassword}';
                Properties:
                  KeyName: !Ref KeyName
                  UserData:
                    Fn::Base64: !Sub |
                      #!/bin/bash -xe
                      /opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource Web --region ${AWS::Region}
              DbSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  KmsKeyId: alias/app
                  GenerateSecretString:
                    SecretStringTemplate: !Sub '{"username": "${DBUser}"}'
                    GenerateStringKey: password
                    ExcludeCharacters: '"@/\\'
              DbSecretRotation:
                Type: AWS::SecretsManager::RotationSchedule
                Properties:
                  SecretId: !Ref DbSecret
                  HostedRotationLambda:
                    RotationType: MySQLSingleUser
            Outputs:
              WebsiteURL:
                Value: !Sub "http://${Web.PublicDnsName}/wordpress"
            """
        #expect(iacHits(text, path: "templates/wordpress.yaml") == [])
        // The template was read: without `NoEcho` the parameter is reported.
        #expect(
            iacHits(text.replacingOccurrences(of: "    NoEcho: true\n", with: ""), path: "templates/wordpress.yaml")
                == ["iac-cfn-parameter-no-echo@9"])
    }

    @Test func commentsAndStringsDoNotFoolTerraform() {
        var s = FakeSecrets(seed: 52)
        let text = """
            # password = "\(s.next())"
            // resource "aws_db_instance" "x" { password = "\(s.next())" }
            /*
            resource "aws_db_instance" "y" {
              password = "\(s.next())"
            }
            */
            resource "aws_db_instance" "main" {
              identifier = "db # not a comment"
              tags = {
                password = "\(s.next())"
              }
              password = var.password # "\(s.next())"
            }
            """
        #expect(iacHits(text, path: "main.tf") == [])
    }
}
