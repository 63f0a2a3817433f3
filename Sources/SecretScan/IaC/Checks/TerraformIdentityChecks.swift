/// Terraform identity and storage checks: OIDC trust policy documents, long-lived access keys,
/// secret files uploaded to S3 without SSE-KMS.
enum TerraformIdentityChecks {
    /// A user name or ARN that names the root user.
    static func namesRoot(_ user: String) -> Bool {
        let lower = user.lowercased()
        if lower == "root" { return true }
        return lower.hasPrefix("arn:aws") && lower.hasSuffix(":root") && lower.contains(":iam::")
    }

    static func accessKey(_ block: HCLBlock, source: IaCSource, report: inout IaCReport) {
        let address = TerraformContext.address(block)
        report.add(
            .iamAccessKey, at: source.span(block.headerRange), resource: address,
            explanation: "\(address) creates a long-lived access key; its secret ends up in the Terraform state.", detail: "access-key")
    }

    /// `data "aws_iam_policy_document"` statements with a `Federated` principal.
    static func trustDocument(_ block: HCLBlock, context: TerraformContext, report: inout IaCReport) {
        let source = context.source
        let address = TerraformContext.address(block)
        for s in block.body.blocks("statement") {
            let federated = s.body.blocks("principals").filter { $0.body.attribute("type")?.value.literalString == "Federated" }
            guard !federated.isEmpty else { continue }
            var st = TrustStatement(span: source.span(s.typeRange))
            st.effect = s.body.attribute("effect")?.value.literalString
            st.actions = items(s.body.attribute("actions"), source).map(\.text)
            st.federated = federated.flatMap { items($0.body.attribute("identifiers"), source) }.map { item in
                context.oidcProviderURL(item.text).map { PolicyStatement.Item(text: $0, span: item.span) } ?? item
            }
            for c in s.body.blocks("condition") {
                guard let variable = c.body.attribute("variable") else { continue }
                st.conditions.append(
                    .init(
                        test: c.body.attribute("test")?.value.literalString ?? "", key: source.text(variable.value.content),
                        values: items(c.body.attribute("values"), source), span: source.span(variable.value.content)))
            }
            OIDCTrustAnalyzer.check(st, resource: address, report: &report)
        }
    }

    /// String items of a list attribute (or a single string), with their text as written.
    private static func items(_ attr: HCLAttribute?, _ source: IaCSource) -> [PolicyStatement.Item] {
        guard let attr else { return [] }
        let values: [HCLExpr]
        if case .tuple(let t) = attr.value.kind { values = t } else { values = [attr.value] }
        return values.map { PolicyStatement.Item(text: source.text($0.content), span: source.span($0.content)) }
    }

    /// `rule { apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" } }`.
    static func defaultsToKMS(_ body: HCLBody) -> Bool {
        body.blocks("rule").contains { rule in
            rule.body.blocks("apply_server_side_encryption_by_default").contains {
                $0.body.attribute("sse_algorithm")?.value.literalString?.lowercased().hasPrefix("aws:kms") ?? false
            }
        }
    }

    /// An object whose key or source names a secret file, with neither SSE-KMS on the object nor a
    /// bucket in this file that defaults to it.
    static func s3Object(_ block: HCLBlock, context: TerraformContext, report: inout IaCReport) {
        let body = block.body
        let source = context.source
        func text(_ e: HCLExpr) -> String? {
            if case .string(let t, _, false) = e.kind { return t }
            return nil
        }
        let named = ["source", "key"].compactMap { body.attribute($0) }.first { attr in
            text(attr.value).map(SecretFileName.isSecretFile) ?? false
        }
        guard let named, let file = text(named.value) else { return }
        if body.attribute("kms_key_id") != nil { return }
        if let sse = body.attribute("server_side_encryption") {
            guard let algorithm = sse.value.literalString, !algorithm.lowercased().hasPrefix("aws:kms") else { return }
        }
        if let t = body.attribute("bucket")?.value.traversal, let bucket = TerraformContext.component(t, after: "aws_s3_bucket"),
            context.kmsBuckets.contains(bucket)
        {
            return
        }
        let address = TerraformContext.address(block)
        report.add(
            .s3SecretFileNoKMS, at: source.span(named.value.content), resource: address,
            explanation: "\(address) uploads `\(file)` to S3 without SSE-KMS encryption.", detail: named.name)
    }
}

/// File names that mark a file as holding secrets, for uploads and copies.
enum SecretFileName {
    static let categories: Set<String> = ["dotenv", "private-key", "secrets-file", "keystore", "cloud-credentials", "ssh-key"]
    static let list = try? SensitiveFileList()

    /// `.env`, `prod.env`, `*.pem`, `*.key`, `secrets.json`, `rootkey.csv`… (never a template).
    static func isSecretFile(_ path: String) -> Bool {
        var p = path.trimmingCharacters(in: .whitespaces)
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.hasPrefix("/") { p.removeFirst() }
        guard !p.isEmpty, let entry = list?.match(p) else { return false }
        return categories.contains(entry.category)
    }
}
