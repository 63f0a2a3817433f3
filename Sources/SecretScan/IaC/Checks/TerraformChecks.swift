import Foundation

/// The Terraform checks: secret material in resources, modules, locals, variables and the AWS
/// provider; ECS container definitions and IAM policies (shared analyzers); hygiene of secrets and
/// KMS keys (`TerraformHygieneChecks`).
enum TerraformChecks {
    static func run(_ report: inout IaCReport) {
        let source = report.source
        let body = HCLParser.parse(source.bytes)
        let context = TerraformContext(body: body, source: source)
        for block in body.blocks {
            switch block.type {
            case "resource": resource(block, context, &report)
            case "data": data(block, context, &report)
            case "variable": variable(block, source, &report)
            case "provider": provider(block, source, &report)
            case "module":
                arguments(
                    block.body, resource: TerraformContext.address(block), source: source,
                    skip: ["source", "version", "providers", "count", "for_each", "depends_on"], depth: 0, report: &report)
            case "locals":
                arguments(block.body, resource: "locals", source: source, skip: [], depth: 0, report: &report)
            default:
                break
            }
        }
    }

    private static func resource(_ block: HCLBlock, _ context: TerraformContext, _ report: inout IaCReport) {
        guard block.labels.count >= 2 else { return }
        let source = context.source
        let type = block.labels[0]
        let address = TerraformContext.address(block)
        let body = block.body
        var skip: Set<String> = ["tags", "tags_all", "policy", "assume_role_policy"]
        switch type {
        case "aws_secretsmanager_secret_version":
            let values = ["secret_string", "secret_binary", "secret_string_wo"]
            for name in values {
                guard let attr = body.attribute(name) else { continue }
                secretValue(attr, resource: address, source: source, report: &report)
            }
            skip.formUnion(values)
        case "aws_ssm_parameter":
            ssmParameter(body, resource: address, source: source, report: &report)
            TerraformHygieneChecks.secureStringKey(block, source: source, report: &report)
            skip.formUnion(["value", "insecure_value", "value_wo"])
        case "aws_iam_access_key":
            if !rootAccessKey(body, resource: address, context: context, report: &report) {
                TerraformIdentityChecks.accessKey(block, source: source, report: &report)
            }
        case "aws_s3_object", "aws_s3_bucket_object":
            TerraformIdentityChecks.s3Object(block, context: context, report: &report)
        case "aws_ecs_task_definition":
            if let attr = body.attribute("container_definitions"), let doc = HCLNodeBridge.jsonDocument(attr.value, source) {
                ECSContainerAnalyzer.check(doc, resource: address, report: &report)
            }
            skip.insert("container_definitions")
        case "aws_secretsmanager_secret":
            TerraformHygieneChecks.secret(block, context: context, report: &report)
        case "aws_kms_key":
            TerraformHygieneChecks.kmsKey(block, source: source, report: &report)
        case "aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy":
            if let attr = body.attribute("policy") {
                TerraformHygieneChecks.policy(attr.value, resource: address, source: source, report: &report)
            }
        case "aws_iam_role":
            if let attr = body.attribute("assume_role_policy"), let doc = HCLNodeBridge.jsonDocument(attr.value, source) {
                OIDCTrustAnalyzer.check(
                    document: doc, resource: address, provider: { $0.text.flatMap(context.oidcProviderURL) }, report: &report)
            }
            for inline in body.blocks("inline_policy") {
                if let attr = inline.body.attribute("policy") {
                    TerraformHygieneChecks.policy(attr.value, resource: address, source: source, report: &report)
                }
            }
        default:
            break
        }
        arguments(body, resource: address, source: source, skip: skip, depth: 0, report: &report)
    }

    private static func data(_ block: HCLBlock, _ context: TerraformContext, _ report: inout IaCReport) {
        if block.labels.count >= 2, block.labels[0] == "aws_iam_policy_document" {
            TerraformIdentityChecks.trustDocument(block, context: context, report: &report)
        }
        guard block.labels.count >= 2, block.labels[0] == "aws_iam_policy_document",
            !context.nonIdentityPolicyDocuments.contains(block.labels[1])
        else { return }
        TerraformHygieneChecks.policyDocument(block, source: context.source, report: &report)
    }

    /// Secret-named arguments with literal values, in a body and its nested blocks; object values
    /// (`environment { variables = { DB_PASSWORD = … } }`) are searched by key.
    static func arguments(
        _ body: HCLBody, resource: String, source: IaCSource, skip: Set<String>, depth: Int,
        report: inout IaCReport
    ) {
        guard depth < 16 else { return }
        for attr in body.attributes where !skip.contains(attr.name) {
            let kind = SecretName.classify(attr.name, strict: resource != "locals")
            let node = HCLNodeBridge.node(attr.value, source)
            if kind != .none {
                for v in node.isList ? node.items : [node] {
                    guard let secret = LiteralValue.secret(v, kind: kind, name: attr.name) else { continue }
                    report.add(
                        .tfPasswordLiteral, at: v.span, secret: secret, resource: resource,
                        explanation: "`\(attr.name)` of \(resource) is a literal; reference the secret store instead.",
                        detail: attr.name)
                }
            } else if case .object = attr.value.kind {
                for hit in SecretKeyWalker.hits(in: node) {
                    report.add(
                        .tfPasswordLiteral, at: hit.node.span, secret: hit.secret, resource: resource,
                        explanation: "`\(attr.name)` of \(resource) sets `\(hit.key)` to a literal.",
                        detail: "\(attr.name).\(hit.key)")
                }
            }
        }
        for block in body.blocks {
            arguments(block.body, resource: resource, source: source, skip: skip, depth: depth + 1, report: &report)
        }
    }

    /// `secret_string` / `secret_binary`: a literal string or heredoc, or secret-named keys of a
    /// JSON payload (`jsonencode({...})`, a JSON heredoc or string).
    private static func secretValue(_ attr: HCLAttribute, resource: String, source: IaCSource, report: inout IaCReport) {
        let e = attr.value
        switch e.kind {
        case .call(let name, let args) where HCLNodeBridge.transparentCalls.contains(name) && args.count == 1:
            SecretPayload.check(
                HCLNodeBridge.node(args[0], source), id: .tfSecretVersionLiteral, resource: resource,
                attribute: attr.name, report: &report)
        case .string(let text, let template, true):
            if let json = JSONTreeReader.parse(source, range: e.content), json.isMap {
                SecretPayload.reportKeys(json, id: .tfSecretVersionLiteral, resource: resource, attribute: attr.name, report: &report)
            } else if !template, LiteralValue.isSecretLiteral(text, name: nil) {
                let span = firstLineSpan(e.content, source)
                report.add(
                    .tfSecretVersionLiteral, at: span, secret: text.trimmingCharacters(in: .whitespacesAndNewlines),
                    resource: resource, explanation: "`\(attr.name)` of \(resource) is a literal heredoc.", detail: attr.name)
            }
        case .string:
            SecretPayload.check(
                HCLNodeBridge.node(e, source), id: .tfSecretVersionLiteral, resource: resource,
                attribute: attr.name, report: &report)
        default:
            break
        }
    }

    /// The first non-blank line of a heredoc body.
    static func firstLineSpan(_ range: Range<Int>, _ source: IaCSource) -> IaCSpan {
        var line = source.line(of: range.lowerBound)
        let last = source.line(of: max(range.lowerBound, range.upperBound - 1))
        while line <= last {
            let r = source.lineRange(line)
            var i = r.lowerBound
            while i < r.upperBound, source.bytes[i] == 0x20 || source.bytes[i] == 0x09 { i += 1 }
            if i < r.upperBound { return source.span(i..<r.upperBound) }
            line += 1
        }
        return source.span(range.lowerBound..<range.lowerBound)
    }

    private static func ssmParameter(_ body: HCLBody, resource: String, source: IaCSource, report: inout IaCReport) {
        let type = body.attribute("type")?.value.literalString?.lowercased()
        let parameterName = body.attribute("name").map { source.text($0.value.content) } ?? ""
        let lastSegment = SecretName.lastPathSegment(parameterName)
        let secretNamed = SecretName.classify(lastSegment) == .secret
        guard type == "securestring" || secretNamed else { return }
        for key in ["value", "insecure_value", "value_wo"] {
            guard let attr = body.attribute(key) else { continue }
            let node = HCLNodeBridge.node(attr.value, source)
            guard let secret = LiteralValue.secret(node, name: lastSegment) else { continue }
            let span = attr.value.isHeredoc ? firstLineSpan(attr.value.content, source) : node.span
            let why = type == "securestring" ? "a SecureString" : "a plain-text parameter named `\(parameterName)`"
            report.add(
                .tfSSMParameterLiteral, at: span, secret: secret.trimmingCharacters(in: .whitespacesAndNewlines),
                resource: resource, explanation: "`\(key)` of \(resource), \(why), is a literal.", detail: key)
        }
    }

    /// Reports an access key for the root user; whether it did.
    @discardableResult
    private static func rootAccessKey(_ body: HCLBody, resource: String, context: TerraformContext, report: inout IaCReport) -> Bool {
        guard let user = body.attribute("user") else { return false }
        let isRoot: Bool
        if let literal = user.value.literalString {
            isRoot = TerraformIdentityChecks.namesRoot(literal)
        } else if let t = user.value.traversal, let name = TerraformContext.component(t, after: "aws_iam_user") {
            isRoot = context.rootUsers.contains(name)
        } else {
            isRoot = false
        }
        guard isRoot else { return false }
        report.add(
            .tfRootAccessKey, at: context.source.span(user.value.content), resource: resource,
            explanation: "\(resource) creates an access key for the root user.", detail: "user")
        return true
    }

    private static func variable(_ block: HCLBlock, _ source: IaCSource, _ report: inout IaCReport) {
        guard let name = block.labels.first else { return }
        let address = TerraformContext.address(block)
        let body = block.body
        if let type = body.attribute("type").map({ source.text($0.value.range) }), ["bool", "number"].contains(type) { return }
        let kind = SecretName.classify(name)
        if let def = body.attribute("default") {
            let node = HCLNodeBridge.node(def.value, source)
            if node.isMap {
                for hit in SecretKeyWalker.hits(in: node) {
                    report.add(
                        .tfVariableSecretDefault, at: hit.node.span, secret: hit.secret, resource: address,
                        explanation: "The default of \(address) sets `\(hit.key)` to a literal.", detail: "default.\(hit.key)")
                }
            } else if let secret = LiteralValue.secret(node, kind: kind, name: name) {
                let span = def.value.isHeredoc ? firstLineSpan(def.value.content, source) : node.span
                report.add(
                    .tfVariableSecretDefault, at: span, secret: secret, resource: address,
                    explanation: "\(address) has a literal default.", detail: "default")
            }
        }
        if kind == .secret {
            let flagged = ["sensitive", "ephemeral"].contains { key in
                if case .bool(true)? = body.attribute(key)?.value.kind { return true }
                return false
            }
            if !flagged, let label = block.labelRanges.first {
                report.add(
                    .tfVariableNotSensitive, at: source.span(label), resource: address,
                    explanation: "\(address) is not marked `sensitive = true`.", detail: "sensitive")
            }
        }
    }

    private static func provider(_ block: HCLBlock, _ source: IaCSource, _ report: inout IaCReport) {
        guard block.labels.first == "aws" else { return }
        var address = "provider.aws"
        if let alias = block.body.attribute("alias")?.value.literalString { address += "." + alias }
        for key in ["access_key", "secret_key", "token"] {
            guard let attr = block.body.attribute(key) else { continue }
            let node = HCLNodeBridge.node(attr.value, source)
            guard let secret = LiteralValue.secret(node, name: key) else { continue }
            report.add(
                .tfProviderStaticCredentials, at: node.span, secret: secret, resource: address,
                explanation: "`\(key)` of \(address) is a literal credential.", detail: key)
        }
    }
}
