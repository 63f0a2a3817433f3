import Testing

@testable import SecretScan

/// OIDC trust policies whose federated principal is a reference to a provider (Terraform
/// `aws_iam_openid_connect_provider.github.arn`, CloudFormation `!Ref` / `!GetAtt`) rather than
/// text that names the issuer.
@Suite struct IaCOIDCReferenceTests {
    static let audience = """
            condition {
              test     = "StringEquals"
              variable = "token.actions.githubusercontent.com:aud"
              values   = ["sts.amazonaws.com"]
            }
        """

    static func subject(_ value: String) -> String {
        """
            condition {
              test     = "StringLike"
              variable = "token.actions.githubusercontent.com:sub"
              values   = ["\(value)"]
            }
        """
    }

    static func policyDocument(identifier: String = "aws_iam_openid_connect_provider.github.arn", _ conditions: String) -> String {
        """
        resource "aws_iam_openid_connect_provider" "github" {
          url            = "https://token.actions.githubusercontent.com"
          client_id_list = ["sts.amazonaws.com"]
        }
        data "aws_iam_policy_document" "trust" {
          statement {
            actions = ["sts:AssumeRoleWithWebIdentity"]
            principals {
              type        = "Federated"
              identifiers = [\(identifier)]
            }
        \(conditions)
          }
        }

        """
    }

    @Test func policyDocumentWithProviderReferenceBad() {
        // Any repository: `repo:*`.
        let anyRepo = Self.policyDocument(Self.audience + "\n" + Self.subject("repo:*"))
        #expect(iacPositions(anyRepo, path: "main.tf") == ["iac-oidc-trust-unrestricted@20:20-20:25"])
        // No `:sub` condition.
        #expect(iacPositions(Self.policyDocument(Self.audience), path: "main.tf") == ["iac-oidc-trust-unrestricted@10:22-10:63"])
        // No `:aud` condition.
        let noAudience = Self.policyDocument(Self.subject("repo:my-org/app:ref:refs/heads/main"))
        #expect(iacPositions(noAudience, path: "main.tf") == ["iac-oidc-trust-unrestricted@10:22-10:63"])
        // No condition at all: the referenced provider is GitHub's.
        #expect(iacPositions(Self.policyDocument(""), path: "main.tf") == ["iac-oidc-trust-unrestricted@10:22-10:63"])
        // A provider defined elsewhere: the condition keys name GitHub's issuer.
        let external = Self.policyDocument(identifier: "var.github_oidc_provider_arn", Self.audience + "\n" + Self.subject("repo:*"))
        #expect(iacHits(external, path: "main.tf") == ["iac-oidc-trust-unrestricted@20"])
    }

    @Test func policyDocumentWithProviderReferenceGood() {
        let pinned = Self.policyDocument(Self.audience + "\n" + Self.subject("repo:my-org/app:ref:refs/heads/main"))
        #expect(iacHits(pinned, path: "main.tf") == [])
        // A provider defined elsewhere, no condition: nothing says which issuer it is.
        #expect(iacHits(Self.policyDocument(identifier: "var.github_oidc_provider_arn", ""), path: "main.tf") == [])
        // Not a web-identity statement: condition keys alone do not make it an OIDC trust.
        let assumeRole = Self.policyDocument(identifier: "var.saml_provider_arn", Self.subject("repo:*"))
            .replacingOccurrences(of: "sts:AssumeRoleWithWebIdentity", with: "sts:AssumeRoleWithSAML")
        #expect(iacHits(assumeRole, path: "main.tf") == [])
    }

    static func jsonencodeRole(_ condition: String) -> String {
        """
        resource "aws_iam_openid_connect_provider" "github" {
          url = "https://token.actions.githubusercontent.com"
        }
        resource "aws_iam_role" "deploy" {
          assume_role_policy = jsonencode({
            Statement = [{
              Effect    = "Allow"
              Action    = "sts:AssumeRoleWithWebIdentity"
              Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
        \(condition)
            }]
          })
        }

        """
    }

    @Test func jsonencodeWithProviderReferenceBadAndGood() {
        let anyRepo = Self.jsonencodeRole(
            """
                  Condition = {
                    StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
                    StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:*" }
                  }
            """)
        #expect(iacPositions(anyRepo, path: "main.tf") == ["iac-oidc-trust-unrestricted@12:71-12:76"])
        #expect(iacPositions(Self.jsonencodeRole(""), path: "main.tf") == ["iac-oidc-trust-unrestricted@9:33-9:74"])
        let pinned = Self.jsonencodeRole(
            """
                  Condition = {
                    StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
                    StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:my-org/app:environment:prod" }
                  }
            """)
        #expect(iacHits(pinned, path: "main.tf") == [])
    }

    static func template(principal: String, _ condition: String) -> String {
        """
        Resources:
          GitHubOIDCProvider:
            Type: AWS::IAM::OIDCProvider
            Properties:
              Url: https://token.actions.githubusercontent.com
              ClientIdList: [sts.amazonaws.com]
          Deploy:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: sts:AssumeRoleWithWebIdentity
                    Principal:
                      Federated: \(principal)
        \(condition)
        """
    }

    static let principals = [
        "!Ref GitHubOIDCProvider", "!GetAtt GitHubOIDCProvider.Arn", #"{"Fn::GetAtt": [GitHubOIDCProvider, Arn]}"#,
        #"{"Ref": GitHubOIDCProvider}"#,
    ]

    @Test func cloudFormationWithProviderReferenceBad() {
        for principal in Self.principals {
            #expect(
                iacHits(Self.template(principal: principal, ""), path: "template.yaml") == ["iac-oidc-trust-unrestricted@15"],
                "\(principal)")
            let anyRepo = Self.template(
                principal: principal,
                """
                            Condition:
                              StringEquals:
                                token.actions.githubusercontent.com:aud: sts.amazonaws.com
                              StringLike:
                                token.actions.githubusercontent.com:sub: "repo:*"
                """)
            #expect(iacHits(anyRepo, path: "template.yaml") == ["iac-oidc-trust-unrestricted@20"], "\(principal)")
        }
    }

    @Test func cloudFormationWithProviderReferenceGood() {
        for principal in Self.principals {
            let pinned = Self.template(
                principal: principal,
                """
                            Condition:
                              StringEquals:
                                token.actions.githubusercontent.com:aud: sts.amazonaws.com
                              StringLike:
                                token.actions.githubusercontent.com:sub: "repo:my-org/app:ref:refs/heads/main"
                """)
            #expect(iacHits(pinned, path: "template.yaml") == [], "\(principal)")
        }
        // A reference to something that is not an OIDC provider, without conditions.
        #expect(iacHits(Self.template(principal: "!Ref SamlProviderArn", ""), path: "template.yaml") == [])
    }
}

/// Secret files uploaded to S3 from an interpolated path (`"${path.module}/files/.env"`).
@Suite struct IaCS3InterpolatedSourceTests {
    static func object(source: String, key: String = "app/config") -> String {
        """
        resource "aws_s3_object" "config" {
          bucket = aws_s3_bucket.config.id
          key    = "\(key)"
          source = "\(source)"
        }

        """
    }

    @Test func interpolatedSecretFileIsReported() {
        for path in [
            "${path.module}/files/.env", "${path.module}/.env", "${path.root}/certs/${var.env}/server.pem", "${var.dir}/secrets.json",
            "${path.module}/files/${var.env}/.env", #"${join("/", [path.module, "files"])}/.env"#, "${path.module}/${var.name}.pem",
            "${path.module}/files/${local.n}/id_rsa", "${path.module}/.env.${var.stage}", "${path.module}/sample/.env",
        ] {
            #expect(
                iacPositions(Self.object(source: path), path: "main.tf") == ["iac-s3-secret-file-no-kms@4:13-4:\(12 + path.utf8.count)"],
                "\(path)")
        }
    }

    @Test func interpolatedOrdinaryFileIsNot() {
        for path in [
            "${path.module}/files/logo.png", "${path.module}/files/.env.example", "${path.module}/${var.env_file}",
            "${path.module}/env/${var.name}",
        ] {
            #expect(iacHits(Self.object(source: path), path: "main.tf") == [], "\(path)")
        }
    }
}
