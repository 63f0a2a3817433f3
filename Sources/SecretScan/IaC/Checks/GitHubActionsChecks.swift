import Foundation

/// GitHub Actions workflows: AWS access keys given to `configure-aws-credentials` or set as
/// `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` in an `env` (workflow, job or step), as literals
/// (critical) or from stored secrets instead of OIDC (`role-to-assume` + `id-token: write`).
enum GitHubActionsChecks {
    /// Key-id and secret-key names, in `with:` of the action and in `env:`.
    static let keyIDNames: Set<String> = ["aws-access-key-id", "AWS_ACCESS_KEY_ID"]
    static let secretKeyNames: Set<String> = ["aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", "aws-session-token", "AWS_SESSION_TOKEN"]

    static func run(_ doc: IaCNode, report: inout IaCReport) {
        if let env = doc["env"] { credentials(in: env, resource: "env", report: &report) }
        for job in doc["jobs"]?.entries ?? [] where job.value.isMap {
            let jobName = "jobs.\(job.key)"
            for key in ["env", "with", "secrets"] {
                if let m = job.value[key] { credentials(in: m, resource: jobName, report: &report) }
            }
            for (index, step) in (job.value["steps"]?.items ?? []).enumerated() where step.isMap {
                let stepName = "\(jobName).steps[\(step["name"]?.text ?? step["id"]?.text ?? String(index))]"
                if let env = step["env"] { credentials(in: env, resource: stepName, report: &report) }
                if let uses = step["uses"]?.text, uses.contains("configure-aws-credentials"), let with = step["with"] {
                    credentials(in: with, resource: stepName, report: &report)
                }
            }
        }
    }

    /// One map (`env`, `with`, `secrets`): each literal key is reported; stored keys are reported
    /// once, at the key id (or the secret key when there is no key id).
    private static func credentials(in map: IaCNode, resource: String, report: inout IaCReport) {
        var stored: IaCEntry?
        for e in map.entries where keyIDNames.contains(e.key) || secretKeyNames.contains(e.key) {
            if let secret = LiteralValue.secret(e.value, name: e.key) {
                report.add(
                    .ghaAWSKeysLiteral, at: e.value.span, secret: secret, resource: resource,
                    explanation: "\(resource) sets `\(e.key)` to a literal AWS credential.", detail: e.key)
            } else if e.value.text.map({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? false {
                if stored == nil || (keyIDNames.contains(e.key) && !keyIDNames.contains(stored!.key)) { stored = e }
            }
        }
        if let stored {
            report.add(
                .ghaAWSLongLivedKeys, at: stored.keySpan, resource: resource,
                explanation:
                    "\(resource) authenticates to AWS with stored access keys (`\(stored.key)`) instead of `role-to-assume` with OIDC.",
                detail: stored.key)
        }
    }
}
