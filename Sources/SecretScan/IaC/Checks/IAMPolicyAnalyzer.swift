import Foundation

/// One IAM policy statement, reduced to what the wildcard check needs.
struct PolicyStatement {
    struct Item {
        var text: String
        var span: IaCSpan
    }

    var sid: String?
    var effect: String?
    var actions: [Item] = []
    var resources: [Item] = []
    /// A condition, principal (a resource or trust policy), `NotAction` or `NotResource`: the
    /// statement is not judged.
    var qualified = false
}

/// Finds Allow statements that let a principal read every secret: `secretsmanager:GetSecretValue`,
/// `ssm:GetParameter*` or `kms:Decrypt` on `*` or on an ARN with a wildcard for all secrets,
/// parameters or keys. Action patterns are matched as IAM globs; a bare `*` action is not judged
/// here (that is an administrator policy, a different problem).
enum IAMPolicyAnalyzer {
    static let sensitiveActions = [
        "secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "kms:Decrypt",
    ]

    /// The statements of a JSON policy document (`Statement` as one map or a list).
    static func statements(document: IaCNode) -> [PolicyStatement] {
        guard let list = document.child(ignoringCase: "Statement") else { return [] }
        return list.asList.filter(\.isMap).map { s in
            var st = PolicyStatement()
            st.sid = s.child(ignoringCase: "Sid")?.text
            st.effect = s.child(ignoringCase: "Effect")?.text
            st.actions = items(s.child(ignoringCase: "Action"))
            st.resources = items(s.child(ignoringCase: "Resource"))
            st.qualified = ["Condition", "Principal", "NotPrincipal", "NotAction", "NotResource"].contains {
                s.child(ignoringCase: $0) != nil
            }
            return st
        }
    }

    private static func items(_ node: IaCNode?) -> [PolicyStatement.Item] {
        guard let node else { return [] }
        let values = node.tag == nil && node.isList ? node.items : [node]
        return values.compactMap { v in v.substitutedText.map { PolicyStatement.Item(text: $0, span: v.span) } }
    }

    static func check(_ statements: [PolicyStatement], resource: String, report: inout IaCReport) {
        for (index, st) in statements.enumerated() {
            guard !st.qualified, st.effect?.lowercased() != "deny" else { continue }
            let granted = grantedActions(st.actions.map(\.text))
            guard !granted.isEmpty else { continue }
            let services = Set(granted.map { String($0.prefix { $0 != ":" }).lowercased() })
            guard let wildcard = st.resources.first(where: { coversAll($0.text, services: services) }) else { continue }
            let name = st.sid.map { "statement `\($0)`" } ?? "statement \(index + 1)"
            report.add(
                .iamSecretReadWildcard, at: wildcard.span, resource: resource,
                explanation: "\(name) of \(resource) allows \(granted.joined(separator: ", ")) on `\(wildcard.text)`.",
                detail: "\(st.sid ?? String(index))|\(granted.joined(separator: ","))|\(wildcard.text)")
        }
    }

    /// The sensitive actions that `patterns` grant.
    static func grantedActions(_ patterns: [String]) -> [String] {
        let lowered = patterns.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { $0 != "*" && !$0.isEmpty }
        return sensitiveActions.filter { action in
            let a = action.lowercased()
            return lowered.contains { globMatch(Array($0.utf8), Array(a.utf8)) }
        }
    }

    /// IAM glob: `*` any run, `?` one character.
    static func globMatch(_ p: [UInt8], _ t: [UInt8]) -> Bool {
        var pi = 0
        var ti = 0
        var star = -1
        var mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }

    /// Whether a `Resource` value covers every secret, parameter or key of a service in
    /// `services`: `*`, `arn:aws:secretsmanager:*:*:secret:*`, `arn:…:ssm:…:parameter/*`,
    /// `arn:…:kms:…:key/*` (the region and account may be anything, including interpolations).
    static func coversAll(_ resource: String, services: Set<String>) -> Bool {
        let t = withoutInterpolations(resource.trimmingCharacters(in: .whitespaces))
        if t == "*" { return true }
        let parts = t.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].lowercased() == "arn" else { return false }
        let service = parts[2].lowercased()
        guard services.contains(service) else { return false }
        let rest = String(parts[5])
        switch service {
        case "secretsmanager": return rest == "*" || rest == "secret:*"
        case "ssm": return rest == "*" || rest == "parameter/*" || rest == "parameter*"
        case "kms": return rest == "*" || rest == "key/*"
        default: return false
        }
    }

    /// `${AWS::Region}`, `${var.region}` → `x`: an interpolation is some specific value (and
    /// CloudFormation's pseudo parameters contain colons).
    static func withoutInterpolations(_ s: String) -> String {
        var out = ""
        var level = 0
        var it = s.makeIterator()
        var previous: Character?
        while let c = it.next() {
            if level > 0 {
                if c == "{" { level += 1 } else if c == "}" { level -= 1 }
                if level == 0 { out.append("x") }
            } else if c == "{", previous == "$" {
                out.removeLast()
                level = 1
            } else {
                out.append(c)
            }
            previous = c
        }
        return out
    }
}
