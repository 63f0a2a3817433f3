import Foundation
import Synchronization

/// `--verify`: every reported secret finding whose rule names a verifier is checked live, one
/// request per distinct credential (deduplicated across files and commits), at most
/// `concurrency` at a time. Runs after suppression, so suppressed findings are never sent.
enum VerificationStage {
    static func apply(_ settings: VerificationSettings, config: RuleConfig, to report: inout ScanReport) {
        let verifierOf = Dictionary(config.rules.map { ($0.id, $0.verify) }, uniquingKeysWith: { first, _ in first })
        var credentials: [Credential] = []
        var indexOf: [Credential: Int] = [:]
        var credentialOf: [Int: Int] = [:]
        for (i, finding) in report.result.findings.enumerated() where finding.kind == .secret {
            guard let name = verifierOf[finding.ruleID] ?? nil, var spec = config.verifiers[name] else {
                report.result.findings[i].verification = Verification(
                    status: .unsupported, detail: "no verifier for rule \(finding.ruleID)")
                continue
            }
            if let endpoint = settings.endpoints[name] { spec.endpoint = endpoint }
            if let why = settings.refused[name] {
                report.result.findings[i].verification = Verification(status: .unsupported, detail: why)
                continue
            }
            // Only what the request uses tells credentials apart (AWS uses every related secret).
            let uses = spec.kind == .awsSTS ? nil : spec.relatedRules
            var related: [String: String] = [:]
            for r in finding.related where related[r.ruleID] == nil && uses?.contains(r.ruleID) != false { related[r.ruleID] = r.secret }
            let credential = Credential(verifier: spec, secret: finding.secret, related: related, ruleID: finding.ruleID)
            if let k = indexOf[credential] {
                credentialOf[i] = k
            } else {
                indexOf[credential] = credentials.count
                credentialOf[i] = credentials.count
                credentials.append(credential)
            }
        }
        let outcomes = checkAll(credentials, settings: settings)
        for (i, k) in credentialOf { report.result.findings[i].verification = outcomes[k] }
        report.result.stats.verifiedCredentials = credentials.count
        if settings.onlyVerified {
            let kept = report.result.findings.filter { $0.verification?.status == .valid }
            report.result.stats.notVerified = report.result.findings.count - kept.count
            report.result.findings = kept
        }
    }

    /// Checks every credential on up to `settings.concurrency` threads; outcomes in order.
    private static func checkAll(_ credentials: [Credential], settings: VerificationSettings) -> [Verification] {
        guard !credentials.isEmpty else { return [] }
        let results = Mutex([Verification?](repeating: nil, count: credentials.count))
        let next = Atomic<Int>(0)
        let group = DispatchGroup()
        let workers = max(1, min(settings.concurrency, VerificationSettings.maxConcurrency, credentials.count))
        let checker = settings.checker
        for _ in 0..<workers {
            group.enter()
            Thread {
                while true {
                    let k = next.add(1, ordering: .relaxed).oldValue
                    guard k < credentials.count else { break }
                    let credential = credentials[k]
                    var outcome = checker.check(credential)
                    outcome.detail = outcome.scrubbing([credential.secret] + credential.related.values).detail
                    results.withLock { $0[k] = outcome }
                }
                group.leave()
            }.start()
        }
        group.wait()
        return results.withLock { $0.map { $0 ?? Verification(status: .error, detail: "not checked") } }
    }
}
