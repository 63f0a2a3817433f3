import Foundation
import TestSupport
import Testing

/// Checklist outcomes for the forms real repositories use: OIDC trust policies that reference
/// their provider, CDK removal policies, `--fail-items` in the JSON summary.
extension ChecklistCommandTests {
    static let oidcWorkflow = """
        name: deploy
        on: push
        permissions:
          id-token: write
          contents: read
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - uses: aws-actions/configure-aws-credentials@v4
                with:
                  role-to-assume: arn:aws:iam::123456789012:role/deploy
                  aws-region: us-east-1

        """

    static func referencedProviderTrust(subject: String) -> String {
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
              identifiers = [aws_iam_openid_connect_provider.github.arn]
            }
            condition {
              test     = "StringEquals"
              variable = "token.actions.githubusercontent.com:aud"
              values   = ["sts.amazonaws.com"]
            }
            condition {
              test     = "StringLike"
              variable = "token.actions.githubusercontent.com:sub"
              values   = ["\(subject)"]
            }
          }
        }
        resource "aws_iam_role" "deploy" {
          name               = "deploy"
          assume_role_policy = data.aws_iam_policy_document.trust.json
        }

        """
    }

    @Test func ciUsesOIDCFailsForTrustThatReferencesItsProvider() throws {
        let repo = try TestRepo()
        try repo.write(".gitignore", Self.gitignore)
        try repo.write(".github/workflows/deploy.yml", Self.oidcWorkflow)
        try repo.write("infra/main.tf", Self.referencedProviderTrust(subject: "repo:*"))
        try repo.commitAll("oidc")
        let bad = try Self.checklist([repo.path, "--no-history"])
        #expect(bad.doc.item("ci-uses-oidc")?.status == "fail")
        #expect(bad.doc.evidence("ci-uses-oidc") == ["infra/main.tf:20"])

        try repo.write("infra/main.tf", Self.referencedProviderTrust(subject: "repo:my-org/app:ref:refs/heads/main"))
        try repo.commitAll("pin the subject")
        let good = try Self.checklist([repo.path, "--no-history"])
        #expect(good.doc.item("ci-uses-oidc")?.status == "pass")
        #expect(good.doc.evidence("ci-uses-oidc") == [".github/workflows/deploy.yml:12"])
    }
}

extension ChecklistCommandTests {
    static func cdkSecret(_ removalPolicy: String) -> String {
        """
        import * as cdk from 'aws-cdk-lib';
        import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

        export class DbStack extends cdk.Stack {
          constructor(scope: cdk.App, id: string) {
            super(scope, id);
            new secretsmanager.Secret(this, 'DbSecret', {
              secretName: 'prod/db',\(removalPolicy)
            });
          }
        }

        """
    }

    @Test func deletionRecoveryWindowPassesForCDKRemovalPolicyRetain() throws {
        let repo = try TestRepo()
        try repo.write(".gitignore", Self.gitignore)
        try repo.write("lib/db-stack.ts", Self.cdkSecret("\n      removalPolicy: cdk.RemovalPolicy.RETAIN,"))
        try repo.commitAll("retained secret")
        let retained = try Self.checklist([repo.path, "--no-history"])
        #expect(retained.doc.item("deletion-recovery-window")?.status == "pass")
        #expect(retained.doc.evidence("deletion-recovery-window") == ["lib/db-stack.ts:9"])

        // The value ends at the next `,`: a later property is not the removal policy.
        try repo.write("lib/db-stack.ts", Self.cdkSecret("\n      removalPolicy: cdk.RemovalPolicy.DESTROY, description: RETAIN,"))
        try repo.commitAll("destroyed secret")
        let destroyed = try Self.checklist([repo.path, "--no-history"])
        #expect(destroyed.doc.item("deletion-recovery-window")?.status == "unknown")
        #expect(destroyed.doc.evidence("deletion-recovery-window") == ["lib/db-stack.ts:9"])
    }
}
