/// What YAML and JSON infrastructure documents define: CloudFormation templates (secrets, rotation
/// schedules, trails, dynamic references) and ECS task definitions (`valueFrom`).
enum StructuredInventory {
    static func collect(_ docs: [IaCNode], path: String, into inventory: inout IaCInventory) {
        var aws = false
        for doc in docs where doc.isMap {
            if CloudFormationChecks.isTemplate(doc) {
                aws = true
                template(doc, path: path, into: &inventory)
            } else if doc["containerDefinitions"] != nil {
                aws = true
                valueFromReferences(doc, path: path, into: &inventory)
            }
        }
        if aws { inventory.awsFiles.append((path, .cloudFormation)) }
    }

    private static func template(_ doc: IaCNode, path: String, into inventory: inout IaCInventory) {
        for r in doc["Resources"]?.entries ?? [] where r.value.isMap {
            let properties = r.value["Properties"] ?? IaCNode(.map([]), span: r.keySpan)
            let line = r.keySpan.line
            switch r.value["Type"]?.text ?? "" {
            case "AWS::SecretsManager::Secret":
                let kms = properties["KmsKeyId"]
                let policy = r.value["DeletionPolicy"]
                let retained = policy?.text.map { $0.hasPrefix("Retain") } ?? false
                inventory.secrets.append(
                    ManagedSecret(
                        kind: .secretsManager, name: r.key, language: .cloudFormation, path: path, line: line,
                        customerKey: kms != nil && kms?.text != "alias/aws/secretsmanager", keyLine: kms?.span.line ?? line,
                        replicated: !(properties["ReplicaRegions"]?.items.isEmpty ?? true) || properties["ReplicaRegions"]?.tag != nil,
                        recovery: retained ? .retained : .stackManaged, recoveryLine: policy?.span.line ?? line, scope: path,
                        label: r.key))
            case "AWS::SecretsManager::RotationSchedule":
                inventory.rotations.append(RotationFact(scope: path, target: properties["SecretId"]?.refTarget))
            case "AWS::CloudTrail::Trail":
                let logging = properties["IsLogging"]
                let off = logging?.tag == nil && logging?.text?.lowercased() == "false"
                inventory.trails.append(
                    CloudTrailFact(
                        name: r.key, path: path, line: off ? logging?.span.line ?? line : line, loggingOff: off,
                        multiRegion: properties["IsMultiRegionTrail"]?.isTrue ?? false, scope: path))
            default:
                break
            }
        }
        dynamicReferences(doc, path: path, depth: 0, into: &inventory)
    }

    /// `{{resolve:secretsmanager:…}}`, `{{resolve:ssm-secure:…}}` and ECS `ValueFrom` anywhere in a template.
    private static func dynamicReferences(_ node: IaCNode, path: String, depth: Int, into inventory: inout IaCInventory) {
        guard depth < 64 else { return }
        switch node.value {
        case .scalar(_, let text):
            if text.contains("{{resolve:secretsmanager:") || text.contains("{{resolve:ssm-secure:") {
                inventory.secretReferences.append(.init(path: path, line: node.span.line, detail: "dynamic reference to the secret store"))
            }
        case .list(let items):
            for item in items { dynamicReferences(item, path: path, depth: depth + 1, into: &inventory) }
        case .map(let entries):
            for e in entries {
                if e.key == "ValueFrom" || e.key == "valueFrom" {
                    inventory.secretReferences.append(.init(path: path, line: e.keySpan.line, detail: "container secret from `valueFrom`"))
                } else {
                    dynamicReferences(e.value, path: path, depth: depth + 1, into: &inventory)
                }
            }
        }
    }

    /// ECS container definitions: each `secrets` entry's `valueFrom`.
    static func valueFromReferences(_ node: IaCNode, path: String, into inventory: inout IaCInventory) {
        dynamicReferences(node, path: path, depth: 0, into: &inventory)
    }
}
