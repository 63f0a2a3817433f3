/// Terraform hygiene: how secrets and KMS keys are configured, and IAM policies that read every
/// secret.
enum TerraformHygieneChecks {
    static func secret(_ block: HCLBlock, context: TerraformContext, report: inout IaCReport) {
        let source = context.source
        let address = TerraformContext.address(block)
        let body = block.body
        let header = source.span(block.headerRange)
        let kms = body.attribute("kms_key_id")
        if kms == nil || kms?.value.literalString == "alias/aws/secretsmanager" {
            report.add(
                .secretNoCMK, at: kms.map { source.span($0.value.content) } ?? header, resource: address,
                explanation: "\(address) is encrypted with the AWS-managed `aws/secretsmanager` key, not a customer-managed key.",
                detail: "kms_key_id")
        }
        if let window = body.attribute("recovery_window_in_days"), case .number = window.value.kind,
            Double(source.text(window.value.range)) == 0
        {
            report.add(
                .tfSecretNoRecoveryWindow, at: source.span(window.value.range), resource: address,
                explanation: "\(address) sets `recovery_window_in_days = 0`: destroying it deletes the secret at once.",
                detail: "recovery_window_in_days")
        }
        if !context.rotationUnresolved, block.labels.count >= 2, !context.rotatedSecrets.contains(block.labels[1]) {
            report.add(
                .secretNoRotation, at: header, resource: address,
                explanation: "No `aws_secretsmanager_secret_rotation` in this file rotates \(address).", detail: "rotation")
        }
        if body.blocks("replica").isEmpty, body.attribute("replica") == nil {
            report.add(
                .secretNoReplica, at: header, resource: address,
                explanation: "\(address) has no `replica` region.", detail: "replica")
        }
    }

    /// A SecureString parameter encrypted with the AWS-managed `aws/ssm` key.
    static func secureStringKey(_ block: HCLBlock, source: IaCSource, report: inout IaCReport) {
        let body = block.body
        guard body.attribute("type")?.value.literalString?.lowercased() == "securestring" else { return }
        let key = body.attribute("key_id")
        guard key == nil || key?.value.literalString == "alias/aws/ssm" else { return }
        let address = TerraformContext.address(block)
        report.add(
            .secretNoCMK, at: key.map { source.span($0.value.content) } ?? source.span(block.headerRange), resource: address,
            explanation: "\(address) is a SecureString encrypted with the AWS-managed `aws/ssm` key, not a customer-managed key.",
            detail: "key_id")
    }

    static func kmsKey(_ block: HCLBlock, source: IaCSource, report: inout IaCReport) {
        let body = block.body
        let address = TerraformContext.address(block)
        // Asymmetric and HMAC keys cannot be rotated automatically.
        if let spec = (body.attribute("customer_master_key_spec") ?? body.attribute("key_spec"))?.value {
            guard spec.literalString?.uppercased() == "SYMMETRIC_DEFAULT" else { return }
        }
        let rotation = body.attribute("enable_key_rotation")
        if let rotation {
            guard case .bool(false) = rotation.value.kind else { return }  // true, or decided elsewhere
        }
        report.add(
            .kmsKeyNoRotation, at: rotation.map { source.span($0.value.range) } ?? source.span(block.headerRange),
            resource: address, explanation: "\(address) does not enable automatic key rotation.", detail: "enable_key_rotation")
    }

    /// `policy = jsonencode({...})`, a JSON heredoc or string.
    static func policy(_ value: HCLExpr, resource: String, source: IaCSource, report: inout IaCReport) {
        guard let doc = HCLNodeBridge.jsonDocument(value, source) else { return }
        IAMPolicyAnalyzer.check(IAMPolicyAnalyzer.statements(document: doc), resource: resource, report: &report)
    }

    /// `data "aws_iam_policy_document"` with `statement` blocks.
    static func policyDocument(_ block: HCLBlock, source: IaCSource, report: inout IaCReport) {
        let statements = block.body.blocks("statement").map { s -> PolicyStatement in
            var st = PolicyStatement()
            st.sid = s.body.attribute("sid")?.value.literalString
            st.effect = s.body.attribute("effect")?.value.literalString
            st.actions = items(s.body.attribute("actions"), source)
            st.resources = items(s.body.attribute("resources"), source)
            st.qualified =
                !s.body.blocks("condition").isEmpty || !s.body.blocks("principals").isEmpty
                || !s.body.blocks("not_principals").isEmpty || s.body.attribute("not_actions") != nil
                || s.body.attribute("not_resources") != nil
            return st
        }
        IAMPolicyAnalyzer.check(statements, resource: TerraformContext.address(block), report: &report)
    }

    private static func items(_ attr: HCLAttribute?, _ source: IaCSource) -> [PolicyStatement.Item] {
        guard let attr else { return [] }
        let values: [HCLExpr]
        if case .tuple(let t) = attr.value.kind { values = t } else { values = [attr.value] }
        return values.compactMap { v in
            guard case .string(let text, _, _) = v.kind else { return nil }
            return PolicyStatement.Item(text: text, span: source.span(v.content))
        }
    }
}
