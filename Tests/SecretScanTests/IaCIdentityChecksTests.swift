import Testing

@testable import SecretScan

/// Bad/good pairs for the identity and storage checks: OIDC trust policies, long-lived and root
/// access keys, secret files uploaded to S3.
@Suite struct IaCIdentityChecksTests {
    static let githubProvider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"

    static func trustRole(_ condition: String) -> String {
        """
        resource "aws_iam_role" "deploy" {
          assume_role_policy = jsonencode({
            Statement = [{
              Effect    = "Allow"
              Action    = "sts:AssumeRoleWithWebIdentity"
              Principal = { Federated = "\(githubProvider)" }
              Condition = {
        \(condition)
              }
            }]
          })
        }

        """
    }

    @Test func oidcTrustTerraformBad() {
        let noSub = Self.trustRole(#"        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }"#)
        #expect(iacPositions(noSub, path: "main.tf") == ["iac-oidc-trust-unrestricted@6:34-6:108"])
        let wildcard = Self.trustRole(
            """
                    StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
                    StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:my-org/*" }
            """)
        #expect(iacPositions(wildcard, path: "main.tf") == ["iac-oidc-trust-unrestricted@9:71-9:83"])
        let noAudience = Self.trustRole(
            #"        StringLike = { "token.actions.githubusercontent.com:sub" = "repo:my-org/app:ref:refs/heads/main" }"#)
        #expect(iacHits(noAudience, path: "main.tf") == ["iac-oidc-trust-unrestricted@6"])
        for any in ["*", "repo:*"] {
            let text = Self.trustRole(
                """
                        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
                        StringLike   = { "token.actions.githubusercontent.com:sub" = "\(any)" }
                """)
            #expect(iacHits(text, path: "main.tf") == ["iac-oidc-trust-unrestricted@9"], "\(any)")
        }
    }

    @Test func oidcTrustTerraformGood() {
        let pinned = Self.trustRole(
            """
                    StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
                    StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:my-org/app:ref:refs/heads/main" }
            """)
        #expect(iacHits(pinned, path: "main.tf") == [])
        // StringEquals compares `*` literally: it matches no real subject.
        let literalStar = Self.trustRole(
            """
                    StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com", "token.actions.githubusercontent.com:sub" = "repo:*" }
            """)
        #expect(iacHits(literalStar, path: "main.tf") == [])
    }

    @Test func oidcTrustPolicyDocumentAndCloudFormation() {
        let document = """
            data "aws_iam_policy_document" "trust" {
              statement {
                actions = ["sts:AssumeRoleWithWebIdentity"]
                principals {
                  type        = "Federated"
                  identifiers = ["\(Self.githubProvider)"]
                }
                condition {
                  test     = "StringEquals"
                  variable = "token.actions.githubusercontent.com:aud"
                  values   = ["sts.amazonaws.com"]
                }
                condition {
                  test     = "StringLike"
                  variable = "token.actions.githubusercontent.com:sub"
                  values   = ["%@"]
                }
              }
            }

            """
        #expect(iacHits(document.replacingOccurrences(of: "%@", with: "repo:*:*"), path: "main.tf") == ["iac-oidc-trust-unrestricted@16"])
        #expect(iacHits(document.replacingOccurrences(of: "%@", with: "repo:my-org/app:*"), path: "main.tf") == [])
        let template = """
            Resources:
              Deploy:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: sts:AssumeRoleWithWebIdentity
                        Principal:
                          Federated: arn:aws:iam::123456789012:oidc-provider/gitlab.com
                        Condition:
                          StringLike:
                            gitlab.com:sub: "%@"
                          StringEquals:
                            gitlab.com:aud: https://gitlab.com

            """
        #expect(
            iacHits(template.replacingOccurrences(of: "%@", with: "project_path:my-group/*"), path: "template.yaml") == [
                "iac-oidc-trust-unrestricted@13"
            ])
        #expect(
            iacHits(
                template.replacingOccurrences(of: "%@", with: "project_path:my-group/app:ref_type:branch:ref:main"), path: "template.yaml")
                == [])
    }

    @Test func oidcTrustCDK() {
        let app = """
            import * as iam from 'aws-cdk-lib/aws-iam';
            const provider = new iam.OpenIdConnectProvider(this, 'GitHub', { url: 'https://token.actions.githubusercontent.com' });
            new iam.Role(this, 'Deploy', {
              assumedBy: new iam.OpenIdConnectPrincipal(provider, {
                StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
                StringLike: { 'token.actions.githubusercontent.com:sub': '%@' },
              }),
            });

            """
        #expect(iacHits(app.replacingOccurrences(of: "%@", with: "repo:*"), path: "lib/stack.ts") == ["iac-oidc-trust-unrestricted@6"])
        #expect(iacHits(app.replacingOccurrences(of: "%@", with: "repo:my-org/app:environment:prod"), path: "lib/stack.ts") == [])
    }

    @Test func accessKeysBadAndGood() {
        let terraform = """
            resource "aws_iam_access_key" "ci" {
              user = aws_iam_user.ci.name
            }
            resource "aws_iam_access_key" "root_arn" {
              user = "arn:aws:iam::123456789012:root"
            }

            """
        #expect(iacHits(terraform, path: "main.tf") == ["iac-iam-access-key@1", "iac-tf-root-access-key@5"])
        #expect(iacHits("resource \"aws_iam_role\" \"ci\" {\n  name = \"ci\"\n}\n", path: "main.tf") == [])
        let template = """
            Resources:
              CiKey:
                Type: AWS::IAM::AccessKey
                Properties:
                  UserName: !Ref CiUser
              RootKey:
                Type: AWS::IAM::AccessKey
                Properties:
                  UserName: root

            """
        #expect(iacHits(template, path: "template.yaml") == ["iac-iam-access-key@2", "iac-root-credentials@9"])
        #expect(iacHits("Resources:\n  Ci:\n    Type: AWS::IAM::Role\n", path: "template.yaml") == [])
        let cdk = "import * as iam from 'aws-cdk-lib/aws-iam';\nconst key = new iam.AccessKey(this, 'Key', { user });\n"
        #expect(iacHits(cdk, path: "lib/stack.ts") == ["iac-iam-access-key@2"])
        #expect(
            iacHits(
                "const role = new iam.Role(this, 'R', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });\n",
                path: "lib/stack.ts") == [])
    }

    @Test func rootKeyFile() {
        var s = FakeSecrets(seed: 31)
        let text = "AWSAccessKeyId=\(s.keyID())\nAWSSecretKey=\(s.secretKey())\n"
        #expect(iacHits(text, path: "ops/rootkey.csv") == ["iac-root-credentials@1"])
        #expect(iacHits(text, path: "ops/keys.csv") == [])
    }

    @Test func secretFilesUploadedToS3() {
        let bad = """
            resource "aws_s3_object" "env" {
              bucket = aws_s3_bucket.config.id
              key    = "app/.env"
              source = "${path.module}/files/app.env"
            }
            resource "aws_s3_object" "cert" {
              bucket                 = aws_s3_bucket.config.id
              key                    = "tls/server.pem"
              server_side_encryption = "AES256"
            }

            """
        #expect(iacHits(bad, path: "main.tf") == ["iac-s3-secret-file-no-kms@4", "iac-s3-secret-file-no-kms@8"])
        let good = """
            resource "aws_s3_object" "env" {
              bucket                 = aws_s3_bucket.config.id
              key                    = "app/.env"
              server_side_encryption = "aws:kms"
              kms_key_id             = aws_kms_key.config.arn
            }
            resource "aws_s3_object" "cert" {
              bucket = aws_s3_bucket.secure.id
              key    = "tls/server.pem"
            }
            resource "aws_s3_bucket_server_side_encryption_configuration" "secure" {
              bucket = aws_s3_bucket.secure.id
              rule {
                apply_server_side_encryption_by_default {
                  sse_algorithm     = "aws:kms"
                  kms_master_key_id = aws_kms_key.config.arn
                }
              }
            }
            resource "aws_s3_object" "logo" {
              bucket = aws_s3_bucket.config.id
              key    = "img/logo.png"
            }

            """
        #expect(iacHits(good, path: "main.tf") == [])
        let cdk = """
            import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
            new s3deploy.BucketDeployment(this, 'Config', {
              sources: [s3deploy.Source.asset('./config/secrets.json')],
              destinationBucket: bucket,%@
            });

            """
        #expect(iacHits(cdk.replacingOccurrences(of: "%@", with: ""), path: "lib/stack.ts") == ["iac-s3-secret-file-no-kms@2"])
        #expect(
            iacHits(
                cdk.replacingOccurrences(of: "%@", with: "\n  serverSideEncryption: s3deploy.ServerSideEncryption.AWS_KMS,"),
                path: "lib/stack.ts") == [])
    }
}
