/// GitLab CI: literal AWS keys in `variables:` (global, or of a job or hidden template job).
/// A variable may be a scalar or a map with `value:`.
enum GitLabCIChecks {
    static let names: Set<String> = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]

    static func run(_ doc: IaCNode, report: inout IaCReport) {
        if let vars = doc["variables"] { variables(vars, resource: "variables", report: &report) }
        for job in doc.entries where job.value.isMap && job.key != "variables" {
            if let vars = job.value["variables"] { variables(vars, resource: "\(job.key).variables", report: &report) }
        }
    }

    private static func variables(_ node: IaCNode, resource: String, report: inout IaCReport) {
        for e in node.entries where names.contains(e.key) {
            let value = e.value.isMap ? e.value["value"] : e.value
            guard let value, let secret = LiteralValue.secret(value, name: e.key) else { continue }
            report.add(
                .gitlabAWSKeysLiteral, at: value.span, secret: secret, resource: resource,
                explanation: "`\(e.key)` in \(resource) of the GitLab CI file is a literal.", detail: e.key)
        }
    }
}
