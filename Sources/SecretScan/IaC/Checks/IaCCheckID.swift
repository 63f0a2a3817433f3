/// Every infrastructure check, by id. The catalog (`IaCCatalog`) describes each one.
enum IaCCheckID: String, CaseIterable, Sendable {
    // Terraform: secret material.
    case tfSecretVersionLiteral = "iac-tf-secret-version-literal"
    case tfSSMParameterLiteral = "iac-tf-ssm-parameter-literal"
    case tfPasswordLiteral = "iac-tf-password-literal"
    case tfProviderStaticCredentials = "iac-tf-provider-static-credentials"
    case tfVariableSecretDefault = "iac-tf-variable-secret-default"
    case tfRootAccessKey = "iac-tf-root-access-key"
    // CloudFormation: secret material.
    case cfnSecretStringLiteral = "iac-cfn-secret-string-literal"
    case cfnPasswordPropertyLiteral = "iac-cfn-password-property-literal"
    case cfnParameterNoEcho = "iac-cfn-parameter-no-echo"
    case cfnParameterSecretDefault = "iac-cfn-parameter-secret-default"
    // AWS CDK.
    case cdkSecretValuePlainText = "iac-cdk-secret-value-plaintext"
    case cdkStringParameterLiteral = "iac-cdk-string-parameter-literal"
    // Containers.
    case ecsEnvironmentSecretLiteral = "iac-ecs-environment-secret-literal"
    case k8sSecretManifest = "iac-k8s-secret-manifest"
    case k8sEnvSecretLiteral = "iac-k8s-env-secret-literal"
    case dockerEnvSecretLiteral = "iac-docker-env-secret-literal"
    case dockerCopySecretFile = "iac-docker-copy-secret-file"
    case composeEnvironmentSecretLiteral = "iac-compose-environment-secret-literal"
    // CI.
    case ghaAWSKeysLiteral = "iac-gha-aws-keys-literal"
    case ghaAWSLongLivedKeys = "iac-gha-aws-long-lived-keys"
    case gitlabAWSKeysLiteral = "iac-gitlab-aws-keys-literal"
    // Hygiene.
    case iamSecretReadWildcard = "iac-iam-secret-read-wildcard"
    case secretNoCMK = "iac-secret-no-cmk"
    case kmsKeyNoRotation = "iac-kms-key-no-rotation"
    case secretNoRotation = "iac-secret-no-rotation"
    case tfSecretNoRecoveryWindow = "iac-tf-secret-no-recovery-window"
    case tfVariableNotSensitive = "iac-tf-variable-not-sensitive"
    case secretNoReplica = "iac-secret-no-replica"
    // Identity: who can get AWS credentials, and how long they live.
    case oidcTrustUnrestricted = "iac-oidc-trust-unrestricted"
    case iamAccessKey = "iac-iam-access-key"
    case rootCredentials = "iac-root-credentials"
    // Storage.
    case s3SecretFileNoKMS = "iac-s3-secret-file-no-kms"
}
