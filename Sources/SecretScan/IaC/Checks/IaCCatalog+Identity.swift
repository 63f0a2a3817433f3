/// Catalog entries for identity and storage: OIDC trust policies, long-lived and root access keys,
/// secret files uploaded to S3.
extension IaCCatalog {
    static let identity: [IaCCheck] = [
        IaCCheck(
            .oidcTrustUnrestricted,
            title: "OIDC trust policy that any repository can assume",
            description:
                """
                A role trust policy federates GitHub Actions (`token.actions.githubusercontent.com`) or GitLab without restricting the \
                token's subject (`:sub` missing, `*`, `repo:*`, or a wildcard in place of the owner or repository name), or without \
                checking its audience (`:aud`): a workflow in any repository on that platform can obtain the role's credentials.
                """,
            severity: .critical, confidence: .high, tags: ["iac", "aws", "iam", "oidc", "ci"],
            remediation:
                #"""
                Pin the audience and the subject: `StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }` and \#
                `StringLike: { "token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:ref:refs/heads/main" }` (Terraform: \#
                `condition { test = "StringEquals" variable = "token.actions.githubusercontent.com:sub" values = \#
                ["repo:my-org/my-repo:environment:prod"] }`); for GitLab, `gitlab.com:sub` = \#
                `project_path:my-group/my-project:ref_type:branch:ref:main` and `gitlab.com:aud` = `https://gitlab.com`.
                """#
        ),
        IaCCheck(
            .iamAccessKey,
            title: "Long-lived IAM access key created in infrastructure code",
            description:
                """
                An `aws_iam_access_key` (CloudFormation `AWS::IAM::AccessKey`, CDK `AccessKey`) creates a long-lived key pair: its \
                secret lands in the Terraform state or stack outputs and must be handed to whoever uses it.
                """,
            severity: .high, confidence: .high, tags: ["iac", "aws", "iam", "access-key"],
            remediation:
                #"""
                Use roles instead of users with keys: an `aws_iam_role` assumed by the workload (ECS task role, instance profile, \#
                IRSA) or by CI through OIDC (`role-to-assume` with `id-token: write`). If a key is unavoidable, create it outside the \#
                code and keep it in Secrets Manager with rotation.
                """#
        ),
        IaCCheck(
            .rootCredentials,
            title: "AWS root account credentials",
            description:
                """
                A root user's key file (`rootkey.csv`, as the console downloads it) is in the repository, or infrastructure code \
                creates an access key for the root user (`UserName: root`, `arn:aws:iam::<account>:root`).
                """,
            severity: .critical, confidence: .high, tags: ["iac", "aws", "iam", "access-key", "root"],
            remediation:
                #"""
                Delete the root user's access keys in the IAM console (Security credentials) now and remove the file from the \#
                repository and its history. Never create root keys: use IAM Identity Center or roles, and an `aws_iam_role` for \#
                automation.
                """#
        ),
        IaCCheck(
            .s3SecretFileNoKMS,
            title: "Secret file uploaded to S3 without SSE-KMS",
            description:
                """
                An `aws_s3_object` (or `aws_s3_bucket_object`, CDK `BucketDeployment`) uploads a file whose name marks it as holding \
                secrets (`.env`, `*.pem`, `*.key`, `secrets.*`) without `aws:kms` server-side encryption on the object or as the \
                bucket's default: anyone with `s3:GetObject` reads it, and the file is in the repository too.
                """,
            severity: .high, confidence: .medium, tags: ["iac", "aws", "s3", "file"],
            remediation:
                #"""
                Keep the values in Secrets Manager and read them at run time instead of shipping a file. If a file must go to S3, \#
                encrypt it with a customer-managed key: `server_side_encryption = "aws:kms"` and `kms_key_id = aws_kms_key.app.arn` \#
                (CDK: `serverSideEncryption: s3deploy.ServerSideEncryption.AWS_KMS` with `serverSideEncryptionAwsKmsKeyId`).
                """#
        ),
    ]
}
