/// Decides each checklist item from the pipeline's reports (findings) and the infrastructure
/// inventory (what the code defines).
struct ChecklistEvaluator {
    let tree: ScanReport
    let history: ScanReport?
    let inventory: IaCInventory

    /// The language remediations are written in: the repository's, else Terraform.
    var language: IaCLanguage { inventory.language ?? .terraform }

    /// IaC checks that report a literal secret value in infrastructure code.
    static let literalChecks: Set<String> = Set(
        [
            IaCCheckID.tfSecretVersionLiteral, .tfSSMParameterLiteral, .tfPasswordLiteral, .tfProviderStaticCredentials,
            .tfVariableSecretDefault, .cfnSecretStringLiteral, .cfnPasswordPropertyLiteral, .cfnParameterSecretDefault,
            .cdkSecretValuePlainText, .cdkStringParameterLiteral, .ecsEnvironmentSecretLiteral, .k8sSecretManifest,
            .k8sEnvSecretLiteral, .dockerEnvSecretLiteral, .composeEnvironmentSecretLiteral, .ghaAWSKeysLiteral,
            .gitlabAWSKeysLiteral,
        ].map(\.rawValue))

    static let ciKeyChecks: Set<String> = Set(
        [IaCCheckID.ghaAWSKeysLiteral, .ghaAWSLongLivedKeys, .gitlabAWSKeysLiteral, .oidcTrustUnrestricted].map(\.rawValue))

    func items() -> [ChecklistItem] {
        ChecklistItemID.allCases.map { id in
            var item = evaluate(id)
            if item.status == .fail || item.status == .unknown { item.remediation = ChecklistRemediation.snippet(id, language) }
            return item
        }
    }

    private func evaluate(_ id: ChecklistItemID) -> ChecklistItem {
        if id.isAWS, !inventory.hasAWSCode {
            if id == .secretsInSecretStore, let failed = literalSecrets() { return failed }
            return ChecklistItem(id: id, status: .notApplicable, reason: "The repository has no AWS infrastructure code.")
        }
        switch id {
        case .noSecretsInGit: return noSecretsInGit()
        case .secretsInSecretStore: return literalSecrets() ?? secretStorePass()
        case .iamScopedToSecretARNs:
            return findingsItem(
                id, [IaCCheckID.iamSecretReadWildcard.rawValue], pass: "No IAM statement grants secret reads on every resource.")
        case .customerManagedKMS: return customerManagedKMS()
        case .cloudTrailEnabled: return cloudTrail()
        case .rotationEnabled: return rotation()
        case .gitignoreCoversSensitive: return gitignore()
        case .ciUsesOIDC: return ciUsesOIDC()
        case .deletionRecoveryWindow: return recoveryWindow()
        case .secretsReplicated: return replication()
        }
    }

    // MARK: secrets

    private func noSecretsInGit() -> ChecklistItem {
        let source = history ?? tree
        // A root key file (`rootkey.csv`) is a secret committed whatever the rules make of its content.
        let rootFiles = tree.findings.filter { $0.ruleID == IaCCheckID.rootCredentials.rawValue && !$0.secret.isEmpty }
        let found = source.findings.filter { $0.kind == .secret } + rootFiles
        let scope = history != nil ? "the full git history" : "the working tree"
        if !found.isEmpty {
            return ChecklistItem(
                id: .noSecretsInGit, status: .fail, evidence: found.map(Self.evidence),
                reason: "\(found.count) secret\(found.count == 1 ? "" : "s") in \(scope).")
        }
        if !source.isComplete {
            return ChecklistItem(
                id: .noSecretsInGit, status: .unknown,
                reason: "The scan of \(scope) is incomplete (\(source.result.issues.count) error(s)); no secret was found in what it read.")
        }
        return ChecklistItem(id: .noSecretsInGit, status: .pass, reason: "No secret in \(scope).")
    }

    /// A fail when infrastructure code holds literal secrets (IaC literal checks, or secret rules
    /// matching in infrastructure files); nil when it holds none.
    private func literalSecrets() -> ChecklistItem? {
        let iac = tree.findings.filter { $0.kind == .iac && Self.literalChecks.contains($0.ruleID) }
        let rules = tree.findings.filter { $0.kind == .secret && inventory.infrastructureFiles.contains($0.location.path) }
        var seen = Set<String>()
        let evidence = (iac + rules).sorted(by: Finding.reportOrder).map(Self.evidence).filter {
            seen.insert("\($0.path):\($0.line)").inserted
        }
        guard !evidence.isEmpty else { return nil }
        return ChecklistItem(
            id: .secretsInSecretStore, status: .fail, evidence: evidence,
            reason: "Infrastructure code holds \(evidence.count) literal secret value\(evidence.count == 1 ? "" : "s").")
    }

    private func secretStorePass() -> ChecklistItem {
        ChecklistItem(
            id: .secretsInSecretStore, status: .pass, evidence: inventory.secretReferences,
            reason: inventory.secretReferences.isEmpty
                ? "No literal secret value in infrastructure code."
                : "No literal secret value in infrastructure code; secrets come from the secret store.")
    }

    /// An item that fails on findings of `rules` and passes otherwise.
    func findingsItem(_ id: ChecklistItemID, _ rules: Set<String>, extra: [IaCEvidence] = [], pass: String, evidence: [IaCEvidence] = [])
        -> ChecklistItem
    {
        let found = tree.findings.filter { rules.contains($0.ruleID) }.map(Self.evidence) + extra
        guard found.isEmpty else {
            return ChecklistItem(
                id: id, status: .fail, evidence: found, reason: "\(found.count) problem\(found.count == 1 ? "" : "s") found.")
        }
        return ChecklistItem(id: id, status: .pass, evidence: evidence, reason: pass)
    }

    /// A finding as evidence: where, and what (secrets redacted, the commit for history findings).
    static func evidence(_ f: Finding) -> IaCEvidence {
        var detail: String
        if f.kind == .secret {
            detail = "\(f.ruleID): \(Redaction.redact(f.secret))"
            if let c = f.commit { detail += " (commit \(c.id.hex.prefix(12)))" }
        } else {
            detail = "\(f.ruleID): \(f.explanation ?? f.description)"
        }
        return IaCEvidence(path: f.location.path, line: f.location.line, detail: detail)
    }
}
