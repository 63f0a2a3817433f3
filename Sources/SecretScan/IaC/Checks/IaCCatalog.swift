/// The descriptions of every infrastructure check. Remediations show the externalized form.
enum IaCCatalog {
    static let checks: [IaCCheck] = secretMaterial + containers + ci + hygiene + identity

    static let byID: [String: IaCCheck] = Dictionary(uniqueKeysWithValues: checks.map { ($0.id, $0) })

    static func check(_ id: IaCCheckID) -> IaCCheck {
        // Every id has an entry (a test checks it); the fallback keeps a missing one from crashing.
        byID[id.rawValue]
            ?? IaCCheck(
                id, title: id.rawValue, description: "", severity: .medium, confidence: .medium,
                tags: ["iac"], remediation: "")
    }

    private static let secretMaterial: [IaCCheck] = [
        IaCCheck(
            .tfSecretVersionLiteral,
            title: "Literal secret value in aws_secretsmanager_secret_version",
            description:
                """
                `secret_string` or `secret_binary` of an `aws_secretsmanager_secret_version` holds a literal (a string, a heredoc, or a \
                secret-named key of `jsonencode({...})`): the secret is in the repository and in the Terraform state.
                """,
            severity: .critical, confidence: .high, tags: ["iac", "terraform", "aws", "secretsmanager"],
            remediation:
                #"""
                Do not write the value in Terraform. Let it be generated (`secret_string = random_password.db.result`, or on Terraform \#
                1.11+ the write-only `secret_string_wo = ephemeral.random_password.db.result` with `secret_string_wo_version = 1`), or \#
                set it outside Terraform (`aws secretsmanager put-secret-value`) and read it where needed: `secret_string = \#
                data.aws_secretsmanager_secret_version.db.secret_string`. Rotate the exposed value.
                """#
        ),
        IaCCheck(
            .tfSSMParameterLiteral,
            title: "Literal value in a SecureString (or secret-named) aws_ssm_parameter",
            description:
                """
                An `aws_ssm_parameter` of type `SecureString`, or one whose name ends in a secret-ish word, has a literal `value`: the \
                encryption at rest is moot when the plaintext is committed.
                """,
            severity: .critical, confidence: .high, tags: ["iac", "terraform", "aws", "ssm"],
            remediation:
                #"""
                Create the value outside Terraform (`aws ssm put-parameter --type SecureString --name /prod/db/password`) and read it: \#
                `data "aws_ssm_parameter" "db" { name = "/prod/db/password" }` → `data.aws_ssm_parameter.db.value`; or generate it: \#
                `value = random_password.db.result` (write-only `value_wo` on Terraform 1.11+), with `type = "SecureString"` and `key_id \#
                = aws_kms_key.app.arn`.
                """#
        ),
        IaCCheck(
            .tfPasswordLiteral,
            title: "Literal password, token or key in a Terraform argument",
            description:
                """
                A secret-named argument of a resource, module or `locals` (`password` on `aws_db_instance`, `master_password` on \
                `aws_rds_cluster`, `auth_token`, a `DB_PASSWORD` key of a Lambda `environment`, …) is a literal string.
                """,
            severity: .critical, confidence: .high, tags: ["iac", "terraform", "password"], trivy: "AVD-GEN-0001",
            remediation:
                #"""
                Let AWS manage the credential (`manage_master_user_password = true` on RDS and Aurora) or reference a secret: `password = \#
                data.aws_secretsmanager_secret_version.db.secret_string` (`jsondecode(...).password` for a JSON secret), `password = \#
                random_password.db.result`, or a `sensitive = true` variable fed from the secret store (`password_wo` on Terraform \#
                1.11+). Rotate the exposed value.
                """#
        ),
        IaCCheck(
            .tfProviderStaticCredentials,
            title: "Static AWS credentials in a provider \"aws\" block",
            description:
                """
                `access_key`, `secret_key` or `token` in a `provider \"aws\"` block is a literal: long-lived keys committed with the \
                code.
                """,
            severity: .critical, confidence: .high, tags: ["iac", "terraform", "aws", "access-key"], checkov: "CKV_AWS_41",
            remediation:
                #"""
                Delete the arguments and let the provider use its credential chain (environment, `profile`, SSO, instance or task role), \#
                or `assume_role { role_arn = "arn:aws:iam::123456789012:role/terraform" }`; in CI use OIDC (`role-to-assume` with \#
                `permissions: id-token: write`). Deactivate and rotate the exposed key.
                """#
        ),
        IaCCheck(
            .tfVariableSecretDefault,
            title: "Secret-named Terraform variable with a literal default",
            description:
                """
                A `variable` with a secret-ish name (`db_password`, `api_key`, …) has a literal `default`, or its object default has a \
                secret-named key with a literal value.
                """,
            severity: .high, confidence: .medium, tags: ["iac", "terraform", "variable"],
            remediation:
                #"""
                Remove the default and mark the variable sensitive (`variable "db_password" { sensitive = true }`); supply it at run time \#
                from the secret store (e.g. `TF_VAR_db_password` from a CI secret), or read it directly with \#
                `data.aws_secretsmanager_secret_version.db.secret_string`.
                """#
        ),
        IaCCheck(
            .tfRootAccessKey,
            title: "Access key created for the root user",
            description:
                "An `aws_iam_access_key` is created for a user named `root`: a long-lived key with unrestricted access to the account.",
            severity: .critical, confidence: .high, tags: ["iac", "terraform", "aws", "iam", "access-key"], trivy: "AVD-AWS-0141",
            remediation:
                #"""
                Never create keys for the root user. Grant a role the permissions needed and use short-lived credentials (SSO, \#
                `role-to-assume` via OIDC in CI, instance or task roles); if an IAM user is unavoidable, use a least-privilege one: `user \#
                = aws_iam_user.deploy.name`.
                """#
        ),
        IaCCheck(
            .cfnSecretStringLiteral,
            title: "Literal SecretString in an AWS::SecretsManager::Secret",
            description:
                """
                `SecretString` of an `AWS::SecretsManager::Secret` is a literal (or a JSON literal with secret-named keys): the secret is \
                in the template and the stack's stored template.
                """,
            severity: .critical, confidence: .high, tags: ["iac", "cloudformation", "aws", "secretsmanager"],
            remediation:
                #"""
                Generate the value instead: `GenerateSecretString: { SecretStringTemplate: '{"username":"app"}', GenerateStringKey: \#
                password, PasswordLength: 32 }`; consumers read it with `{{resolve:secretsmanager:prod/db:SecretString:password}}`. \#
                Rotate the exposed value.
                """#
        ),
        IaCCheck(
            .cfnPasswordPropertyLiteral,
            title: "Literal password-like property in a CloudFormation resource",
            description:
                """
                A secret-named property (`MasterUserPassword`, `Password`, `AuthToken`, a `DB_PASSWORD` key of a Lambda `Environment`, …) \
                of a resource is a literal.
                """,
            severity: .critical, confidence: .high, tags: ["iac", "cloudformation", "aws", "password"],
            remediation:
                #"""
                Use a dynamic reference: `MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'` (or \#
                `{{resolve:ssm-secure:/prod/db/password}}` where supported), or `ManageMasterUserPassword: true` on RDS. Rotate the \#
                exposed value.
                """#
        ),
        IaCCheck(
            .cfnParameterNoEcho,
            title: "Secret-named CloudFormation parameter without NoEcho",
            description:
                """
                A parameter with a secret-ish name lacks `NoEcho: true`, so its value is shown in the console, `describe-stacks` output \
                and stack events.
                """,
            severity: .high, confidence: .medium, tags: ["iac", "cloudformation", "aws", "parameter"],
            remediation:
                #"""
                Add `NoEcho: true` — better, drop the parameter and reference the secret where it is used: \#
                `{{resolve:secretsmanager:prod/db:SecretString:password}}`.
                """#
        ),
        IaCCheck(
            .cfnParameterSecretDefault,
            title: "Secret-named CloudFormation parameter with a literal Default",
            description: "A parameter with a secret-ish name has a literal `Default`: the value is committed with the template.",
            severity: .critical, confidence: .high, tags: ["iac", "cloudformation", "aws", "parameter"],
            remediation:
                #"""
                Remove the `Default` and pass the value at deploy time from the secret store, or replace the parameter with \#
                `{{resolve:secretsmanager:prod/db:SecretString:password}}`. Rotate the exposed value.
                """#
        ),
        IaCCheck(
            .cdkSecretValuePlainText,
            title: "SecretValue.unsafePlainText with a literal (AWS CDK)",
            description:
                """
                `SecretValue.unsafePlainText(…)`, `SecretValue.plainText(…)` or `unsafe_plain_text(…)` is given a string literal: the \
                secret is in the code and in the synthesized template.
                """,
            severity: .critical, confidence: .high, tags: ["iac", "cdk", "aws"],
            remediation:
                #"""
                Reference the secret instead: `SecretValue.secretsManager('prod/db', { jsonField: 'password' })` (Python: \#
                `SecretValue.secrets_manager("prod/db", json_field="password")`) or `SecretValue.ssmSecure('/prod/db/password')`; for a \#
                new secret let Secrets Manager generate it: `new secretsmanager.Secret(this, 'Db', { generateSecretString: { … } })`.
                """#
        ),
        IaCCheck(
            .cdkStringParameterLiteral,
            title: "StringParameter with a literal value for a secret (AWS CDK)",
            description:
                """
                An `ssm.StringParameter` whose id or `parameterName` is secret-ish has a literal `stringValue` (`string_value`): a \
                plain-text parameter holding a committed secret.
                """,
            severity: .high, confidence: .medium, tags: ["iac", "cdk", "aws", "ssm"],
            remediation:
                #"""
                Keep the value out of the app: create a SecureString outside it (`aws ssm put-parameter --type SecureString --name \#
                /prod/db/password`) and reference it with `SecretValue.ssmSecure('/prod/db/password')`, or use Secrets Manager: \#
                `secretsmanager.Secret.fromSecretNameV2(this, 'Db', 'prod/db')`.
                """#
        ),
    ]

    private static let containers: [IaCCheck] = [
        IaCCheck(
            .ecsEnvironmentSecretLiteral,
            title: "Secret in an ECS container's environment",
            description:
                """
                A container definition (Terraform `container_definitions`, a JSON task definition, or CloudFormation \
                `ContainerDefinitions`) has a secret-named `environment` entry with a literal value instead of a `secrets` entry with \
                `valueFrom`.
                """,
            severity: .critical, confidence: .high, tags: ["iac", "ecs", "aws", "container"], trivy: "AVD-AWS-0036",
            remediation:
                #"""
                Move it to `secrets` with `valueFrom`: `secrets: [{ name: "DB_PASSWORD", valueFrom: \#
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db:password::" }]` (CloudFormation: `Secrets: [{ Name: \#
                DB_PASSWORD, ValueFrom: !Ref DbSecret }]`), and allow the task execution role `secretsmanager:GetSecretValue` on that \#
                secret. Rotate the exposed value.
                """#
        ),
        IaCCheck(
            .k8sSecretManifest,
            title: "Kubernetes Secret with data committed",
            description: "A `kind: Secret` manifest carries values in `data` or `stringData` (base64 is an encoding, not encryption).",
            severity: .high, confidence: .high, tags: ["iac", "kubernetes", "secret"],
            remediation:
                #"""
                Commit a reference, not the Secret: an External Secrets Operator `ExternalSecret` (`secretStoreRef` to AWS Secrets \#
                Manager, `remoteRef: { key: prod/db, property: password }`), the Secrets Store CSI driver with the AWS provider, or a \#
                `SealedSecret`. Rotate the exposed values.
                """#
        ),
        IaCCheck(
            .k8sEnvSecretLiteral,
            title: "Secret as a literal in a Kubernetes container env",
            description: "A container's `env` entry with a secret-ish name has a literal `value` instead of `valueFrom.secretKeyRef`.",
            severity: .high, confidence: .high, tags: ["iac", "kubernetes", "container"],
            remediation:
                #"""
                Reference a Secret: `env: [{ name: DB_PASSWORD, valueFrom: { secretKeyRef: { name: db-credentials, key: password } } }]`, \#
                with the Secret synced from AWS Secrets Manager (External Secrets Operator or the Secrets Store CSI driver). Rotate the \#
                exposed value.
                """#
        ),
        IaCCheck(
            .dockerEnvSecretLiteral,
            title: "Secret in a Dockerfile ENV or ARG",
            description: "An `ENV` or `ARG` with a secret-ish name has a literal value: it stays in the image layers and `docker history`.",
            severity: .high, confidence: .high, tags: ["iac", "docker"], trivy: "AVD-DS-0031",
            remediation:
                #"""
                Use a BuildKit secret for build-time secrets: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` (build with \#
                `--secret id=npm_token,env=NPM_TOKEN`), and inject run-time secrets when the container starts (ECS `secrets`/`valueFrom`, \#
                Kubernetes `secretKeyRef`). Rotate the exposed value.
                """#
        ),
        IaCCheck(
            .dockerCopySecretFile,
            title: "Dockerfile copies a credential file into the image",
            description:
                """
                `COPY` or `ADD` takes a `.env` file, a private key, or a credential file (`.aws/credentials`, `.npmrc`, `.netrc`, \
                `id_rsa`, `*.pem`, …) from the build context into an image layer.
                """,
            severity: .high, confidence: .medium, tags: ["iac", "docker", "file"], trivy: "AVD-DS-0031",
            remediation:
                #"""
                List the file in `.dockerignore`; mount it only for the step that needs it: `RUN \#
                --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp …` (build with `--secret \#
                id=aws,src=$HOME/.aws/credentials`); give the running container credentials through its task role or an injected secret.
                """#
        ),
        IaCCheck(
            .composeEnvironmentSecretLiteral,
            title: "Secret as a literal in docker-compose environment",
            description: "A service's `environment` (map or list form) or `build.args` entry with a secret-ish name has a literal value.",
            severity: .high, confidence: .medium, tags: ["iac", "docker-compose"],
            remediation:
                #"""
                Reference it: `DB_PASSWORD: ${DB_PASSWORD}` from an uncommitted `.env` or the shell, or use Compose secrets: `secrets: \#
                [db_password]` with `DB_PASSWORD_FILE: /run/secrets/db_password` and a top-level `secrets: { db_password: { environment: \#
                DB_PASSWORD } }`.
                """#
        ),
    ]

    private static let ci: [IaCCheck] = [
        IaCCheck(
            .ghaAWSKeysLiteral,
            title: "Literal AWS keys in a GitHub Actions workflow",
            description:
                """
                `aws-access-key-id`/`aws-secret-access-key` of `configure-aws-credentials`, or \
                `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` in an `env`, is a literal in the workflow file.
                """,
            severity: .critical, confidence: .high, tags: ["iac", "ci", "github-actions", "aws", "access-key"],
            remediation:
                #"""
                Deactivate the key now. Use OIDC: `permissions: { id-token: write, contents: read }` and `uses: \#
                aws-actions/configure-aws-credentials@v4` with `role-to-assume: arn:aws:iam::123456789012:role/deploy` and `aws-region` — \#
                no stored keys.
                """#
        ),
        IaCCheck(
            .ghaAWSLongLivedKeys,
            title: "Long-lived AWS keys in GitHub Actions instead of OIDC",
            description:
                """
                A workflow authenticates to AWS with stored access keys (`aws-access-key-id: ${{ secrets.… }}` or an `AWS_ACCESS_KEY_ID` \
                env) rather than assuming a role with `role-to-assume` and `id-token: write`.
                """,
            severity: .medium, confidence: .high, tags: ["iac", "ci", "github-actions", "aws", "access-key"],
            remediation:
                #"""
                Federate with OIDC: `permissions: id-token: write` and `aws-actions/configure-aws-credentials` with `role-to-assume: \#
                arn:aws:iam::123456789012:role/deploy` (trust policy on `token.actions.githubusercontent.com` scoped to the repository \#
                and branch); then delete the IAM user's keys and the repository secrets.
                """#
        ),
        IaCCheck(
            .gitlabAWSKeysLiteral,
            title: "Literal AWS keys in GitLab CI variables",
            description:
                "`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` or `AWS_SESSION_TOKEN` in `variables:` of `.gitlab-ci.yml` is a literal.",
            severity: .critical, confidence: .high, tags: ["iac", "ci", "gitlab-ci", "aws", "access-key"],
            remediation:
                #"""
                Deactivate the key. Use GitLab OIDC: `id_tokens: { AWS_ID_TOKEN: { aud: https://gitlab.com } }` and `aws sts \#
                assume-role-with-web-identity --role-arn "$ROLE_ARN" --web-identity-token "$AWS_ID_TOKEN"`; at the least keep keys in \#
                masked, protected CI/CD variables in the project settings, never in the file.
                """#
        ),
    ]

    private static let hygiene: [IaCCheck] = [
        IaCCheck(
            .iamSecretReadWildcard,
            title: "IAM policy grants secret reads on every resource",
            description:
                """
                An Allow statement (Terraform `aws_iam_policy_document`, a `jsonencode`/JSON policy, CloudFormation `PolicyDocument`) \
                grants `secretsmanager:GetSecretValue`, `ssm:GetParameter*` or `kms:Decrypt` on `*` or on a wildcard ARN covering every \
                secret, parameter or key.
                """,
            severity: .medium, confidence: .high, tags: ["iac", "aws", "iam", "least-privilege"], checkov: "CKV_AWS_108",
            trivy: "AVD-AWS-0057",
            remediation:
                #"""
                Name the resources: `resources = [aws_secretsmanager_secret.db.arn]`, \#
                `arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/*`, `aws_kms_key.app.arn` (CloudFormation: `Resource: !Ref \#
                DbSecret`); for `kms:Decrypt` add a `kms:ViaService` condition.
                """#
        ),
        IaCCheck(
            .secretNoCMK,
            title: "Secret encrypted with the AWS-managed key",
            description:
                """
                An `aws_secretsmanager_secret` without `kms_key_id` (CloudFormation: `KmsKeyId`), or a SecureString `aws_ssm_parameter` \
                without `key_id`, is encrypted with the AWS-managed key (`aws/secretsmanager`, `aws/ssm`), whose use cannot be restricted \
                by key policy or shared across accounts.
                """,
            severity: .low, confidence: .high, tags: ["iac", "aws", "secretsmanager", "kms"], checkov: "CKV_AWS_149", trivy: "AVD-AWS-0098",
            remediation:
                #"""
                `kms_key_id = aws_kms_key.secrets.arn` (CloudFormation: `KmsKeyId: !Ref SecretsKey`; SecureString parameters: `key_id = \#
                aws_kms_key.secrets.arn`), with rotation enabled on the key.
                """#
        ),
        IaCCheck(
            .kmsKeyNoRotation,
            title: "KMS key without automatic rotation",
            description:
                """
                A symmetric `aws_kms_key` (CloudFormation `AWS::KMS::Key`) does not set `enable_key_rotation = true` (`EnableKeyRotation: \
                true`).
                """,
            severity: .medium, confidence: .high, tags: ["iac", "aws", "kms"], checkov: "CKV_AWS_7", trivy: "AVD-AWS-0065",
            remediation:
                #"`enable_key_rotation = true` (optionally `rotation_period_in_days = 365`); CloudFormation: `EnableKeyRotation: true`."#),
        IaCCheck(
            .secretNoRotation,
            title: "Secret without automatic rotation",
            description:
                """
                No `aws_secretsmanager_secret_rotation` (CloudFormation `AWS::SecretsManager::RotationSchedule`) in the same file refers \
                to the secret. Terraform files are judged one at a time, so a rotation declared in another file of the module is not \
                seen: confidence is low there.
                """,
            severity: .low, confidence: .low, tags: ["iac", "aws", "secretsmanager", "rotation"], checkov: "CKV2_AWS_57",
            remediation:
                #"""
                an `aws_secretsmanager_secret_rotation` with `secret_id = aws_secretsmanager_secret.db.id`, `rotation_lambda_arn = \#
                aws_lambda_function.rotate.arn` and `rotation_rules { automatically_after_days = 30 }` (CloudFormation: \#
                `AWS::SecretsManager::RotationSchedule` with `SecretId: !Ref DbSecret`), or `manage_master_user_password = true` for \#
                RDS-managed rotation.
                """#
        ),
        IaCCheck(
            .tfSecretNoRecoveryWindow,
            title: "Secret deleted without a recovery window",
            description: "`recovery_window_in_days = 0` deletes the secret immediately on destroy; a mistaken apply cannot be undone.",
            severity: .low, confidence: .high, tags: ["iac", "terraform", "aws", "secretsmanager"],
            remediation: #"`recovery_window_in_days = 7` (7–30), or omit it for the default of 30 days."#),
        IaCCheck(
            .tfVariableNotSensitive,
            title: "Secret-named Terraform variable not marked sensitive",
            description:
                "A string `variable` with a secret-ish name lacks `sensitive = true`, so its value is printed in plan and apply output.",
            severity: .low, confidence: .medium, tags: ["iac", "terraform", "variable"],
            remediation:
                #"""
                Add `sensitive = true`: `variable "db_password" { sensitive = true }` (add `ephemeral = true` on Terraform 1.10+ when it \#
                only feeds write-only arguments).
                """#
        ),
        IaCCheck(
            .secretNoReplica,
            title: "Secret without a replica region",
            description:
                """
                An `aws_secretsmanager_secret` has no `replica` block (CloudFormation: no `ReplicaRegions`), so a regional outage makes \
                it unavailable. Opt-in.
                """,
            severity: .low, confidence: .low, tags: ["iac", "aws", "secretsmanager", "resilience"], optIn: true,
            remediation: #"`replica { region = "us-west-2" }` (CloudFormation: `ReplicaRegions: [{ Region: us-west-2 }]`)."#),
    ]
}
