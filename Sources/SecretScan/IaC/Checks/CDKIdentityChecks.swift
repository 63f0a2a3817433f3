/// AWS CDK identity and storage constructs, read at the token level: `AccessKey`, OIDC principals
/// (`WebIdentityPrincipal`, `OpenIdConnectPrincipal`, `FederatedPrincipal`) and `BucketDeployment`.
enum CDKIdentityChecks {
    static let oidcPrincipals: Set<String> = ["WebIdentityPrincipal", "OpenIdConnectPrincipal", "FederatedPrincipal"]

    /// A construct or call `word(` at token `k` (after `new` or `.`).
    static func construct(_ word: String, _ toks: [CodeToken], at k: Int, source: IaCSource, report: inout IaCReport) {
        switch word {
        case "AccessKey", "CfnAccessKey":
            report.add(
                .iamAccessKey, at: source.span(toks[k].range), resource: word,
                explanation: "`\(word)` creates a long-lived access key; its secret is handed out through the app.", detail: "access-key")
        case "BucketDeployment":
            bucketDeployment(toks, at: k, source: source, report: &report)
        case _ where oidcPrincipals.contains(word):
            principal(word, toks, at: k, source: source, report: &report)
        default:
            break
        }
    }

    /// The index of the token that closes the bracket opened at `open`.
    static func closing(_ toks: [CodeToken], open: Int, source: IaCSource) -> Int {
        var level = 0
        var k = open
        while k < toks.count {
            if toks[k].kind == .punct {
                let c = source.bytes[toks[k].range.lowerBound]
                if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { level += 1 }
                if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                    level -= 1
                    if level == 0 { return k }
                }
            }
            k += 1
        }
        return toks.count - 1
    }

    private static func bucketDeployment(_ toks: [CodeToken], at k: Int, source: IaCSource, report: inout IaCReport) {
        let end = closing(toks, open: k + 1, source: source)
        guard k + 1 <= end else { return }
        let call = toks[(k + 1)...end]
        let words = call.filter { $0.kind == .ident }.map { source.text($0.range) }
        let strings = call.filter { $0.kind == .string }.map { source.text($0.content) }
        let kms =
            words.contains {
                $0 == "AWS_KMS" || $0.hasPrefix("serverSideEncryptionAwsKmsKeyId") || $0 == "server_side_encryption_aws_kms_key_id"
            }
            || strings.contains { $0.lowercased().hasPrefix("aws:kms") }
        guard !kms, let file = strings.first(where: SecretFileName.isSecretFile) else { return }
        report.add(
            .s3SecretFileNoKMS, at: source.span(toks[k].range), resource: "BucketDeployment",
            explanation: "`BucketDeployment` uploads `\(file)` to S3 without SSE-KMS encryption.", detail: file)
    }

    private static func principal(_ word: String, _ toks: [CodeToken], at k: Int, source: IaCSource, report: inout IaCReport) {
        let end = closing(toks, open: k + 1, source: source)
        var st = TrustStatement(span: source.span(toks[k].range))
        if word != "FederatedPrincipal" { st.actions = ["sts:AssumeRoleWithWebIdentity"] }
        let fileText = source.text(0..<source.bytes.count)
        var test = ""
        var i = k + 2
        while i < end {
            let t = toks[i]
            let value = source.text(t.kind == .string ? t.content : t.range)
            if t.kind != .punct, value.hasPrefix("String") || value.hasPrefix("ForAnyValue") || value.hasPrefix("ForAllValues") {
                test = value
            } else if t.kind == .string, OIDCTrustAnalyzer.platform(value) != nil, !value.contains(":") || value.hasPrefix("arn:") {
                st.federated.append(.init(text: value, span: source.span(t.content)))
            } else if t.kind == .string, value.lowercased().hasSuffix(":sub") || value.lowercased().hasSuffix(":aud"),
                i + 2 < end, toks[i + 1].kind == .punct
            {
                var values: [PolicyStatement.Item] = []
                var j = i + 2
                let list = toks[j].kind == .punct && source.bytes[toks[j].range.lowerBound] == UInt8(ascii: "[")
                let stop = list ? closing(toks, open: j, source: source) : j
                while j <= stop {
                    if toks[j].kind == .string {
                        values.append(.init(text: source.text(toks[j].content), span: source.span(toks[j].content)))
                    }
                    j += 1
                }
                st.conditions.append(.init(test: test, key: value, values: values, span: source.span(t.content)))
                i = stop
            }
            i += 1
        }
        if st.federated.isEmpty {
            // `OpenIdConnectPrincipal(provider, …)`: the provider is a variable; the file names the issuer.
            for issuer in [OIDCTrustAnalyzer.githubIssuer, "gitlab"] where fileText.contains(issuer) {
                st.federated.append(.init(text: issuer, span: source.span(toks[k].range)))
                break
            }
        }
        OIDCTrustAnalyzer.check(st, resource: word, report: &report)
    }
}
