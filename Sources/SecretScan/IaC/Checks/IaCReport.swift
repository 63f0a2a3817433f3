/// Collects the findings of one file: applies the enabled set and inline markers, and fills in
/// each finding from its check's catalog entry.
struct IaCReport {
    let path: String
    let source: IaCSource
    let enabled: Set<String>
    private(set) var findings: [Finding] = []

    init(path: String, source: IaCSource, enabled: Set<String>) {
        self.path = path
        self.source = source
        self.enabled = enabled
    }

    func isEnabled(_ id: IaCCheckID) -> Bool { enabled.contains(id.rawValue) }

    /// Reports `id` at `span`. `secret` is the literal when there is one; the fingerprint is taken
    /// over the resource, `detail` and the secret — content, never line numbers.
    mutating func add(
        _ id: IaCCheckID, at span: IaCSpan, secret: String = "", resource: String,
        explanation: String, detail: String = ""
    ) {
        guard isEnabled(id), !source.isSuppressed(line: span.line) else { return }
        let check = IaCCatalog.check(id)
        let identity = [resource, detail, secret].joined(separator: "\u{0}")
        var f = Finding(
            kind: .iac, ruleID: check.id, description: check.title, severity: check.severity,
            confidence: check.confidence, tags: check.tags,
            location: Location(path: path, line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn),
            secret: secret, entropy: shannonEntropy(Array(secret.utf8)),
            fingerprint: Finding.fingerprint(ruleID: check.id, path: path, secret: Array(identity.utf8)),
            remediation: check.remediation)
        f.explanation = explanation
        f.resource = resource
        f.fingerprintSubject = identity
        findings.append(f)
    }

    /// The findings in report order, each (rule, position) once.
    func finished() -> [Finding] {
        var seen = Set<String>()
        return findings.sorted(by: Finding.reportOrder).filter {
            seen.insert("\($0.ruleID)@\($0.location.line):\($0.location.column)").inserted
        }
    }
}
