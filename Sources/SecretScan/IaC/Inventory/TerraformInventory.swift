/// What a Terraform file defines: AWS resources, secrets and SecureString parameters with their
/// settings, rotation schedules, CloudTrail trails, and secret-store references.
enum TerraformInventory {
    static func collect(_ source: IaCSource, path: String, into inventory: inout IaCInventory) {
        let body = HCLParser.parse(source.bytes)
        let scope = directory(of: path)
        var aws = false
        for block in body.blocks {
            if block.type == "provider", block.labels.first == "aws" { aws = true }
            guard block.type == "resource" || block.type == "data", block.labels.count >= 2, block.labels[0].hasPrefix("aws_") else {
                continue
            }
            aws = true
            let line = source.span(block.headerRange).line
            let address = TerraformContext.address(block)
            if block.type == "data" {
                if ["aws_secretsmanager_secret_version", "aws_secretsmanager_secret", "aws_ssm_parameter"].contains(block.labels[0]) {
                    inventory.secretReferences.append(.init(path: path, line: line, detail: "\(address) reads the secret store"))
                }
                continue
            }
            let b = block.body
            func lineOf(_ attr: HCLAttribute?) -> Int { attr.map { source.span($0.value.content).line } ?? line }
            switch block.labels[0] {
            case "aws_secretsmanager_secret":
                let kms = b.attribute("kms_key_id")
                let window = b.attribute("recovery_window_in_days")
                var recovery = ManagedSecret.Recovery.defaultWindow
                if let window {
                    if case .number = window.value.kind, let days = Double(source.text(window.value.range)) {
                        recovery = .days(Int(days))
                    } else {
                        recovery = .computed
                    }
                }
                inventory.secrets.append(
                    ManagedSecret(
                        kind: .secretsManager, name: address, language: .terraform, path: path, line: line,
                        customerKey: kms != nil && kms?.value.literalString != "alias/aws/secretsmanager", keyLine: lineOf(kms),
                        replicated: !b.blocks("replica").isEmpty || b.attribute("replica") != nil, recovery: recovery,
                        recoveryLine: lineOf(window), scope: scope, label: block.labels[1]))
            case "aws_ssm_parameter" where b.attribute("type")?.value.literalString?.lowercased() == "securestring":
                let key = b.attribute("key_id")
                inventory.secrets.append(
                    ManagedSecret(
                        kind: .secureString, name: address, language: .terraform, path: path, line: line,
                        customerKey: key != nil && key?.value.literalString != "alias/aws/ssm", keyLine: lineOf(key), replicated: false,
                        recovery: .defaultWindow, recoveryLine: line, scope: scope, label: block.labels[1]))
            case "aws_secretsmanager_secret_rotation":
                let target = b.attribute("secret_id")?.value.traversal.flatMap {
                    TerraformContext.component($0, after: "aws_secretsmanager_secret")
                }
                inventory.rotations.append(RotationFact(scope: scope, target: target))
            case "aws_cloudtrail":
                var off = false
                if case .bool(false)? = b.attribute("enable_logging")?.value.kind { off = true }
                var multi = false
                if case .bool(true)? = b.attribute("is_multi_region_trail")?.value.kind { multi = true }
                inventory.trails.append(
                    CloudTrailFact(
                        name: address, path: path, line: off ? lineOf(b.attribute("enable_logging")) : line, loggingOff: off,
                        multiRegion: multi, scope: scope))
            case "aws_ecs_task_definition":
                if let attr = b.attribute("container_definitions"), let doc = HCLNodeBridge.jsonDocument(attr.value, source) {
                    StructuredInventory.valueFromReferences(doc, path: path, into: &inventory)
                }
            case "aws_db_instance", "aws_rds_cluster":
                if case .bool(true)? = b.attribute("manage_master_user_password")?.value.kind {
                    inventory.secretReferences.append(
                        .init(
                            path: path, line: lineOf(b.attribute("manage_master_user_password")),
                            detail: "\(address) lets RDS manage the password in Secrets Manager"))
                }
            default:
                break
            }
        }
        if aws { inventory.awsFiles.append((path, .terraform)) }
    }

    /// `infra/main.tf` → `infra`; `main.tf` → "".
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
