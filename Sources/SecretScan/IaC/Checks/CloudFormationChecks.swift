/// CloudFormation templates (YAML with short-form intrinsics, or JSON): literal secrets in
/// `SecretString`, password-like properties and parameter defaults; parameters without `NoEcho`;
/// ECS container definitions; IAM policies; hygiene of secrets and KMS keys.
enum CloudFormationChecks {
    /// Properties not searched for secret-named keys: handled by their own checks.
    static let skippedProperties: Set<String> = ["SecretString", "PolicyDocument", "Policies", "ContainerDefinitions", "Tags", "KeyPolicy"]

    static func isTemplate(_ doc: IaCNode) -> Bool {
        if doc["AWSTemplateFormatVersion"] != nil { return true }
        guard let resources = doc["Resources"], resources.isMap else { return false }
        return resources.entries.contains { e in
            guard let type = e.value["Type"]?.text else { return false }
            return type.hasPrefix("AWS::") || type.hasPrefix("Custom::")
        }
    }

    static func run(_ doc: IaCNode, report: inout IaCReport) {
        parameters(doc["Parameters"], report: &report)
        let resources = doc["Resources"]?.entries ?? []
        let rotation = rotatedSecrets(resources)
        let oidcProviders = oidcProviderURLs(resources)
        let provider = { (node: IaCNode) -> String? in (node.refTarget ?? node.getAttTarget).flatMap { oidcProviders[$0] } }
        for r in resources where r.value.isMap {
            let logicalID = r.key
            let type = r.value["Type"]?.text ?? ""
            let properties = r.value["Properties"] ?? IaCNode(.map([]), span: r.keySpan)
            switch type {
            case "AWS::SecretsManager::Secret":
                if let value = properties["SecretString"] {
                    SecretPayload.check(value, id: .cfnSecretStringLiteral, resource: logicalID, attribute: "SecretString", report: &report)
                }
                secretHygiene(logicalID, r.keySpan, properties, rotation: rotation, report: &report)
            case "AWS::KMS::Key":
                kmsKey(logicalID, r.keySpan, properties, report: &report)
            case "AWS::ECS::TaskDefinition":
                if let containers = properties["ContainerDefinitions"] {
                    ECSContainerAnalyzer.check(containers, resource: logicalID, report: &report)
                }
            case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
                if let document = properties["PolicyDocument"] {
                    IAMPolicyAnalyzer.check(IAMPolicyAnalyzer.statements(document: document), resource: logicalID, report: &report)
                }
            case "AWS::IAM::AccessKey":
                accessKey(logicalID, r.keySpan, properties, report: &report)
            case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group":
                if let trust = properties["AssumeRolePolicyDocument"] {
                    OIDCTrustAnalyzer.check(document: trust, resource: logicalID, provider: provider, report: &report)
                }
                for policy in properties["Policies"]?.items ?? [] {
                    if let document = policy["PolicyDocument"] {
                        IAMPolicyAnalyzer.check(IAMPolicyAnalyzer.statements(document: document), resource: logicalID, report: &report)
                    }
                }
            default:
                break
            }
            for hit in SecretKeyWalker.hits(in: properties, strict: true, skip: skippedProperties) {
                report.add(
                    .cfnPasswordPropertyLiteral, at: hit.node.span, secret: hit.secret, resource: logicalID,
                    explanation: "`\(hit.key)` of \(logicalID) (\(type)) is a literal.", detail: hit.key)
            }
        }
    }

    /// The `Url` of each `AWS::IAM::OIDCProvider`, by logical id.
    static func oidcProviderURLs(_ resources: [IaCEntry]) -> [String: String] {
        var urls: [String: String] = [:]
        for r in resources where r.value["Type"]?.text == "AWS::IAM::OIDCProvider" {
            if let url = r.value["Properties"]?["Url"]?.substitutedText { urls[r.key] = url }
        }
        return urls
    }

    private static func parameters(_ node: IaCNode?, report: inout IaCReport) {
        for p in node?.entries ?? [] where p.value.isMap {
            guard SecretName.classify(p.key) == .secret else { continue }
            let type = p.value["Type"]?.text ?? "String"
            if type.hasPrefix("AWS::SSM::Parameter::Value") || type == "Number" || type.hasPrefix("List<Number") { continue }
            if !(p.value["NoEcho"]?.isTrue ?? false) {
                report.add(
                    .cfnParameterNoEcho, at: p.keySpan, resource: p.key,
                    explanation: "Parameter \(p.key) has a secret-ish name but no `NoEcho: true`.", detail: "NoEcho")
            }
            if let def = p.value["Default"], let secret = LiteralValue.secret(def, name: p.key) {
                report.add(
                    .cfnParameterSecretDefault, at: def.span, secret: secret, resource: p.key,
                    explanation: "Parameter \(p.key) has a literal `Default`.", detail: "Default")
            }
        }
    }

    /// Logical ids of secrets with a `RotationSchedule`; nil when a schedule refers to something
    /// else (an imported or literal ARN), so any secret may be rotated.
    private static func rotatedSecrets(_ resources: [IaCEntry]) -> Set<String>? {
        var rotated = Set<String>()
        for r in resources where r.value["Type"]?.text == "AWS::SecretsManager::RotationSchedule" {
            guard let target = r.value["Properties"]?["SecretId"]?.refTarget else { return nil }
            rotated.insert(target)
        }
        return rotated
    }

    private static func secretHygiene(
        _ id: String, _ keySpan: IaCSpan, _ properties: IaCNode, rotation: Set<String>?,
        report: inout IaCReport
    ) {
        let kms = properties["KmsKeyId"]
        if kms == nil || kms?.text == "alias/aws/secretsmanager" {
            report.add(
                .secretNoCMK, at: kms?.span ?? keySpan, resource: id,
                explanation: "\(id) is encrypted with the AWS-managed `aws/secretsmanager` key, not a customer-managed key.",
                detail: "KmsKeyId")
        }
        if let rotation, !rotation.contains(id) {
            report.add(
                .secretNoRotation, at: keySpan, resource: id,
                explanation: "No `AWS::SecretsManager::RotationSchedule` in the template rotates \(id).", detail: "rotation")
        }
        if properties["ReplicaRegions"] == nil {
            report.add(.secretNoReplica, at: keySpan, resource: id, explanation: "\(id) has no `ReplicaRegions`.", detail: "ReplicaRegions")
        }
    }

    /// `AWS::IAM::AccessKey`: for the root user (critical), else a long-lived key.
    private static func accessKey(_ id: String, _ keySpan: IaCSpan, _ properties: IaCNode, report: inout IaCReport) {
        if let user = properties["UserName"], let name = user.substitutedText, TerraformIdentityChecks.namesRoot(name) {
            report.add(
                .rootCredentials, at: user.span, resource: id, explanation: "\(id) creates an access key for the root user.",
                detail: "UserName")
        } else {
            report.add(
                .iamAccessKey, at: keySpan, resource: id,
                explanation: "\(id) creates a long-lived access key; its secret is handed out through the stack.", detail: "access-key")
        }
    }

    private static func kmsKey(_ id: String, _ keySpan: IaCSpan, _ properties: IaCNode, report: inout IaCReport) {
        if let spec = properties["KeySpec"]?.text, spec.uppercased() != "SYMMETRIC_DEFAULT" { return }
        let rotation = properties["EnableKeyRotation"]
        if let rotation, rotation.isTrue || rotation.scalarKind == nil || rotation.tag != nil { return }
        report.add(
            .kmsKeyNoRotation, at: rotation?.span ?? keySpan, resource: id,
            explanation: "\(id) does not enable automatic key rotation.", detail: "EnableKeyRotation")
    }
}
