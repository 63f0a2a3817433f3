/// One statement of a role trust policy, reduced to what the OIDC check needs.
struct TrustStatement {
    struct Condition {
        /// `StringEquals`, `StringLike`, `ForAnyValue:StringLike`…
        var test: String
        /// `token.actions.githubusercontent.com:sub`…
        var key: String
        var values: [PolicyStatement.Item]
        var span: IaCSpan
    }

    var effect: String?
    /// `Action`s (`sts:AssumeRoleWithWebIdentity`…).
    var actions: [String] = []
    /// `Principal.Federated` identifiers (provider ARNs or issuer host names; for a reference to
    /// an OIDC provider defined in the same module or template, the provider's URL).
    var federated: [PolicyStatement.Item] = []
    var conditions: [Condition] = []
    /// Where the statement is reported when no single value is to blame.
    var span: IaCSpan
}

/// Finds trust policies that let any GitHub Actions workflow or GitLab pipeline assume a role: the
/// federated principal is GitHub's or GitLab's OIDC issuer, and the conditions do not pin the
/// token's subject (`:sub`) to an owner and repository (project), or do not check its audience
/// (`:aud`). When the principal is a reference (`aws_iam_openid_connect_provider.github.arn`,
/// `!Ref GitHubOIDCProvider`) the caller resolves it to the provider's URL; failing that, the
/// platform is read from the condition keys of an `sts:AssumeRoleWithWebIdentity` statement.
enum OIDCTrustAnalyzer {
    static let githubIssuer = "token.actions.githubusercontent.com"

    /// The CI platform a federated identifier names, if it is one this check knows.
    static func platform(_ identifier: String) -> String? {
        let lower = identifier.lowercased()
        if lower.contains(githubIssuer) { return "GitHub" }
        if lower.contains("gitlab") { return "GitLab" }
        return nil
    }

    /// The CI platform a condition key's issuer names: `token.actions.githubusercontent.com:sub`,
    /// `gitlab.com:aud`, `gitlab.example.com:sub`.
    static func platform(conditionKey key: String) -> String? {
        guard let colon = key.lastIndex(of: ":") else { return nil }
        return platform(String(key[..<colon]))
    }

    /// Whether the actions include web-identity role assumption (`sts:*` and `*` do).
    static func assumesWithWebIdentity(_ actions: [String]) -> Bool {
        actions.contains { a in
            let lower = a.trimmingCharacters(in: .whitespaces).lowercased()
            return lower == "sts:assumerolewithwebidentity" || lower == "sts:*" || lower == "*"
        }
    }

    static func check(_ statement: TrustStatement, resource: String, report: inout IaCReport) {
        guard statement.effect?.lowercased() != "deny" else { return }
        let principal: PolicyStatement.Item
        let name: String
        if let p = statement.federated.first(where: { platform($0.text) != nil }), let n = platform(p.text) {
            (principal, name) = (p, n)
        } else if assumesWithWebIdentity(statement.actions),
            let n = statement.conditions.lazy.compactMap({ platform(conditionKey: $0.key) }).first
        {
            (principal, name) = (statement.federated.first ?? .init(text: "", span: statement.span), n)
        } else {
            return
        }
        let subjects = statement.conditions.filter { $0.key.lowercased().hasSuffix(":sub") }
        let audiences = statement.conditions.filter { $0.key.lowercased().hasSuffix(":aud") }
        var problems: [String] = []
        var at = principal.span
        if subjects.isEmpty {
            problems.append("no `:sub` condition restricts the subject")
        } else if let broad = subjects.lazy.compactMap({ c in
            c.values.first(where: { isBroad($0.text, like: c.test.lowercased().contains("like")) })
        }).first {
            problems.append("the subject condition `\(broad.text)` leaves the repository open")
            at = broad.span
        }
        if audiences.isEmpty { problems.append("no `:aud` condition checks the audience") }
        guard !problems.isEmpty else { return }
        report.add(
            .oidcTrustUnrestricted, at: at, resource: resource,
            explanation:
                "The trust policy of \(resource) federates \(name) OIDC but \(problems.joined(separator: " and ")): workflows of "
                + "\(name) repositories it does not name can assume it.",
            detail: problems.joined(separator: "|"))
    }

    /// Whether a subject pattern leaves the owner or the repository (GitLab: group or project)
    /// open: `*`, `repo:*`, `repo:org/*…`, `project_path:group/*…`. Wildcards count only under a
    /// `…Like` test (`StringEquals` compares them literally).
    static func isBroad(_ value: String, like: Bool) -> Bool {
        guard like, value.contains("*") || value.contains("?") else { return false }
        let v = value.trimmingCharacters(in: .whitespaces)
        if v == "*" { return true }
        for prefix in ["repo:", "project_path:"] where v.hasPrefix(prefix) {
            // The owner/name (group/project) part, up to the next `:`.
            let path = v.dropFirst(prefix.count).prefix { $0 != ":" }
            return path.contains("*") || path.contains("?") || !path.contains("/")
        }
        // Any other claim in first position (`ref:…`, `environment:…` alone) names no repository.
        return !v.hasPrefix("repo:") && !v.hasPrefix("project_path:")
    }

    /// The trust statements of a JSON policy document (Terraform `jsonencode`, CloudFormation
    /// `AssumeRolePolicyDocument`, a JSON file). `provider` resolves a federated value that refers
    /// to an OIDC provider (a Terraform reference, `!Ref`, `!GetAtt`) to the provider's URL.
    static func statements(document: IaCNode, provider: (IaCNode) -> String? = { _ in nil }) -> [TrustStatement] {
        guard let list = document.child(ignoringCase: "Statement") else { return [] }
        return list.asList.filter(\.isMap).compactMap { s in
            guard let principal = s.child(ignoringCase: "Principal"), let federated = principal.child(ignoringCase: "Federated")
            else { return nil }
            var st = TrustStatement(span: federated.span)
            st.effect = s.child(ignoringCase: "Effect")?.text
            st.actions = (s.child(ignoringCase: "Action")?.asList ?? []).compactMap(\.text)
            let values = federated.tag == nil && federated.isList ? federated.items : [federated]
            st.federated = values.compactMap { v in
                if let url = provider(v) { return PolicyStatement.Item(text: url, span: v.span) }
                return v.substitutedText.map { PolicyStatement.Item(text: $0, span: v.span) }
            }
            for test in s.child(ignoringCase: "Condition")?.entries ?? [] {
                for key in test.value.entries {
                    st.conditions.append(.init(test: test.key, key: key.key, values: items(key.value), span: key.keySpan))
                }
            }
            return st
        }
    }

    private static func items(_ node: IaCNode) -> [PolicyStatement.Item] {
        let values = node.tag == nil && node.isList ? node.items : [node]
        return values.compactMap { v in v.substitutedText.map { PolicyStatement.Item(text: $0, span: v.span) } }
    }

    /// JSON trust documents found anywhere below `node` (a CloudFormation role's
    /// `AssumeRolePolicyDocument`).
    static func check(
        document: IaCNode, resource: String, provider: (IaCNode) -> String? = { _ in nil }, report: inout IaCReport
    ) {
        for st in statements(document: document, provider: provider) { check(st, resource: resource, report: &report) }
    }
}
