/// The items about the repository itself: `.gitignore` coverage and how CI gets AWS credentials.
extension ChecklistEvaluator {
    func gitignore() -> ChecklistItem {
        guard tree.result.isGitRepository else {
            return ChecklistItem(id: .gitignoreCoversSensitive, status: .notApplicable, reason: "Not a git repository.")
        }
        let required = Set(Checklist.requiredIgnores)
        var evidence: [IaCEvidence] = []
        for f in tree.findings where f.kind == .gitignore {
            switch f.ruleID {
            case GitignoreRuleID.notCovered.rawValue:
                for gap in f.coverageGaps where required.contains(gap.pattern) {
                    evidence.append(
                        IaCEvidence(
                            path: f.location.path, line: f.location.line,
                            detail: "no committed .gitignore ignores `\(gap.pattern)` (e.g. \(gap.probe))"))
                }
                if let p = f.sensitivePattern, required.contains(p), f.coverageGaps.isEmpty { evidence.append(Self.evidence(f)) }
            case GitignoreRuleID.negated.rawValue, GitignoreRuleID.notShared.rawValue:
                if let p = f.sensitivePattern, required.contains(p) { evidence.append(Self.evidence(f)) }
            case GitignoreRuleID.trackedSensitive.rawValue:
                evidence.append(Self.evidence(f))
            default:
                break
            }
        }
        guard evidence.isEmpty else {
            return ChecklistItem(
                id: .gitignoreCoversSensitive, status: .fail, evidence: evidence,
                reason: "Sensitive files are tracked or can be committed.")
        }
        return ChecklistItem(
            id: .gitignoreCoversSensitive, status: .pass,
            reason: "The committed .gitignore files cover `.env`, `*.pem`, `*.key` and `secrets.*`, and no sensitive file is tracked.")
    }

    func ciUsesOIDC() -> ChecklistItem {
        let trustProblems = tree.findings.contains { $0.ruleID == IaCCheckID.oidcTrustUnrestricted.rawValue }
        guard !inventory.ciFiles.isEmpty || trustProblems else {
            return ChecklistItem(id: .ciUsesOIDC, status: .notApplicable, reason: "No CI configuration (GitHub Actions, GitLab CI).")
        }
        return findingsItem(
            .ciUsesOIDC, Self.ciKeyChecks, extra: inventory.storedCIKeys,
            pass: inventory.oidcLogins.isEmpty
                ? "No CI file uses long-lived AWS keys."
                : "CI assumes AWS roles through OIDC, with no long-lived keys, and every OIDC trust policy restricts the subject.",
            evidence: inventory.oidcLogins)
    }
}
