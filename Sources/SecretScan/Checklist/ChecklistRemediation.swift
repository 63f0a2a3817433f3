/// What to write instead, per item and infrastructure language: the externalized form.
enum ChecklistRemediation {
    static func snippet(_ id: ChecklistItemID, _ language: IaCLanguage) -> String {
        switch id {
        case .noSecretsInGit:
            return """
                # Rotate every secret found first: it stays in every clone until the history is rewritten.
                git rm --cached <file> && git commit -m "Stop tracking secrets"
                git filter-repo --invert-paths --path <file>   # then force-push and have every clone re-cloned
                # Keep the new value in Secrets Manager and read it at run time.
                """
        case .gitignoreCoversSensitive:
            return """
                # .gitignore (or: secretscan gitignore --fix)
                .env
                .env.*
                *.pem
                *.key
                secrets.*
                !.env.example
                # and stop tracking what is committed: git rm --cached <file>
                """
        case .ciUsesOIDC:
            return """
                # .github/workflows/deploy.yml
                permissions:
                  id-token: write
                  contents: read
                steps:
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      role-to-assume: arn:aws:iam::123456789012:role/deploy
                      aws-region: us-east-1

                """ + (snippets[.ciUsesOIDC]?[language] ?? "")
        default:
            return snippets[id]?[language] ?? ""
        }
    }

    private static let snippets: [ChecklistItemID: [IaCLanguage: String]] = [
        .secretsInSecretStore: [
            .terraform: """
            # ECS: inject the secret, never a literal in environment
            secrets = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }]
            # elsewhere: data "aws_secretsmanager_secret_version" "db" { secret_id = aws_secretsmanager_secret.db.id }
            """,
            .cloudFormation: """
            Secrets:
              - Name: DB_PASSWORD
                ValueFrom: !Ref DbSecret
            # elsewhere: '{{resolve:secretsmanager:prod/db:SecretString:password}}'
            """,
            .cdk: """
            const db = secretsmanager.Secret.fromSecretNameV2(this, 'Db', 'prod/db');
            container.addSecret('DB_PASSWORD', ecs.Secret.fromSecretsManager(db, 'password'));
            """,
        ],
        .iamScopedToSecretARNs: [
            .terraform: """
            statement {
              actions   = ["secretsmanager:GetSecretValue"]
              resources = [aws_secretsmanager_secret.db.arn]
            }
            """,
            .cloudFormation: """
            - Effect: Allow
              Action: secretsmanager:GetSecretValue
              Resource: !Ref DbSecret
            """,
            .cdk: "dbSecret.grantRead(taskDefinition.executionRole!);  // scoped to this secret's ARN",
        ],
        .customerManagedKMS: [
            .terraform: """
            resource "aws_kms_key" "secrets" { enable_key_rotation = true }
            resource "aws_secretsmanager_secret" "db" {
              name       = "prod/db"
              kms_key_id = aws_kms_key.secrets.arn
            }
            """,
            .cloudFormation: """
            SecretsKey:
              Type: AWS::KMS::Key
              Properties: { EnableKeyRotation: true }
            DbSecret:
              Type: AWS::SecretsManager::Secret
              Properties: { KmsKeyId: !Ref SecretsKey }
            """,
            .cdk: """
            const key = new kms.Key(this, 'SecretsKey', { enableKeyRotation: true });
            new secretsmanager.Secret(this, 'Db', { encryptionKey: key });
            """,
        ],
        .cloudTrailEnabled: [
            .terraform: """
            resource "aws_cloudtrail" "main" {
              name                  = "main"
              s3_bucket_name        = aws_s3_bucket.trail.id
              is_multi_region_trail = true
              enable_logging        = true
            }
            """,
            .cloudFormation: """
            Trail:
              Type: AWS::CloudTrail::Trail
              Properties: { IsLogging: true, IsMultiRegionTrail: true, S3BucketName: !Ref TrailBucket }
            """,
            .cdk: "new cloudtrail.Trail(this, 'Trail', { isMultiRegionTrail: true });",
        ],
        .rotationEnabled: [
            .terraform: """
            resource "aws_secretsmanager_secret_rotation" "db" {
              secret_id           = aws_secretsmanager_secret.db.id
              rotation_lambda_arn = aws_lambda_function.rotate.arn
              rotation_rules { automatically_after_days = 30 }
            }
            """,
            .cloudFormation: """
            DbRotation:
              Type: AWS::SecretsManager::RotationSchedule
              Properties:
                SecretId: !Ref DbSecret
                RotationLambdaARN: !GetAtt RotateFunction.Arn
                RotationRules: { AutomaticallyAfterDays: 30 }
            """,
            .cdk: "dbSecret.addRotationSchedule('Rotation', { rotationLambda: rotateFn, automaticallyAfter: Duration.days(30) });",
        ],
        .ciUsesOIDC: [
            .terraform: """
            # trust policy of the deploy role
            condition {
              test     = "StringEquals"
              variable = "token.actions.githubusercontent.com:aud"
              values   = ["sts.amazonaws.com"]
            }
            condition {
              test     = "StringLike"
              variable = "token.actions.githubusercontent.com:sub"
              values   = ["repo:my-org/my-repo:ref:refs/heads/main"]
            }
            """,
            .cloudFormation: """
            # AssumeRolePolicyDocument of the deploy role
            Condition:
              StringEquals: { "token.actions.githubusercontent.com:aud": sts.amazonaws.com }
              StringLike: { "token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:ref:refs/heads/main" }
            """,
            .cdk: """
            new iam.OpenIdConnectPrincipal(provider, {
              StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
              StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:my-org/my-repo:ref:refs/heads/main' },
            });
            """,
        ],
        .deletionRecoveryWindow: [
            .terraform: """
            resource "aws_secretsmanager_secret" "db" {
              name                    = "prod/db"
              recovery_window_in_days = 30   # 7–30; never 0
            }
            """,
            .cloudFormation: """
            DbSecret:
              Type: AWS::SecretsManager::Secret
              DeletionPolicy: Retain        # delete it later with a recovery window
              UpdateReplacePolicy: Retain
            """,
            .cdk: "new secretsmanager.Secret(this, 'Db', { removalPolicy: RemovalPolicy.RETAIN });",
        ],
        .secretsReplicated: [
            .terraform: """
            resource "aws_secretsmanager_secret" "db" {
              name = "prod/db"
              replica {
                region     = "us-west-2"
                kms_key_id = aws_kms_key.secrets_replica.arn
              }
            }
            """,
            .cloudFormation: """
            DbSecret:
              Type: AWS::SecretsManager::Secret
              Properties:
                ReplicaRegions:
                  - Region: us-west-2
            """,
            .cdk: "new secretsmanager.Secret(this, 'Db', { replicaRegions: [{ region: 'us-west-2' }] });",
        ],
    ]
}
