/// The items about how secrets are defined in AWS infrastructure code.
extension ChecklistEvaluator {
    var secretsManagerSecrets: [ManagedSecret] { inventory.secrets.filter { $0.kind == .secretsManager } }

    private func noSecrets(_ id: ChecklistItemID, parameters: Bool = false) -> ChecklistItem {
        ChecklistItem(
            id: id, status: .notApplicable,
            reason: parameters
                ? "The infrastructure code defines no Secrets Manager secret or SecureString parameter."
                : "The infrastructure code defines no Secrets Manager secret.")
    }

    /// Pass when every secret satisfies `ok`; evidence is the failing secrets, else the passing ones.
    private func perSecret(
        _ id: ChecklistItemID, _ secrets: [ManagedSecret], ok: (ManagedSecret) -> Bool, line: (ManagedSecret) -> Int,
        bad: (ManagedSecret) -> String, good: (ManagedSecret) -> String, pass: String
    ) -> ChecklistItem {
        let failing = secrets.filter { !ok($0) }
        if !failing.isEmpty {
            return ChecklistItem(
                id: id, status: .fail, evidence: failing.map { IaCEvidence(path: $0.path, line: line($0), detail: bad($0)) },
                reason: "\(failing.count) of \(secrets.count) secret\(secrets.count == 1 ? "" : "s") fail\(failing.count == 1 ? "s" : "").")
        }
        return ChecklistItem(
            id: id, status: .pass, evidence: secrets.map { IaCEvidence(path: $0.path, line: line($0), detail: good($0)) }, reason: pass)
    }

    func customerManagedKMS() -> ChecklistItem {
        guard !inventory.secrets.isEmpty else { return noSecrets(.customerManagedKMS, parameters: true) }
        return perSecret(
            .customerManagedKMS, inventory.secrets, ok: \.customerKey, line: \.keyLine,
            bad: { "\($0.name) is encrypted with the AWS-managed key (\($0.kind == .secureString ? "aws/ssm" : "aws/secretsmanager"))" },
            good: { "\($0.name) names a customer-managed KMS key" },
            pass: "Every secret and SecureString parameter names a customer-managed KMS key.")
    }

    func rotation() -> ChecklistItem {
        let secrets = secretsManagerSecrets
        guard !secrets.isEmpty else { return noSecrets(.rotationEnabled) }
        return perSecret(
            .rotationEnabled, secrets, ok: \.rotated, line: \.line, bad: { "\($0.name) has no rotation schedule" },
            good: { "\($0.name) has a rotation schedule" }, pass: "Every secret has a rotation schedule.")
    }

    func replication() -> ChecklistItem {
        let secrets = secretsManagerSecrets
        guard !secrets.isEmpty else { return noSecrets(.secretsReplicated) }
        return perSecret(
            .secretsReplicated, secrets, ok: \.replicated, line: \.line, bad: { "\($0.name) has no replica region" },
            good: { "\($0.name) is replicated" }, pass: "Every secret has a replica region.")
    }

    func recoveryWindow() -> ChecklistItem {
        let secrets = secretsManagerSecrets
        guard !secrets.isEmpty else { return noSecrets(.deletionRecoveryWindow) }
        var failing: [IaCEvidence] = []
        var undecided: [IaCEvidence] = []
        var passing: [IaCEvidence] = []
        for s in secrets {
            let at = { (detail: String) in IaCEvidence(path: s.path, line: s.recoveryLine, detail: detail) }
            switch s.recovery {
            case .days(let n) where n == 0: failing.append(at("\(s.name) is deleted at once (recovery window 0 days)"))
            case .days(let n) where n < 7 || n > 30: failing.append(at("\(s.name) has a recovery window of \(n) days (must be 7–30)"))
            case .days(let n): passing.append(at("\(s.name) keeps \(n) days to recover"))
            case .defaultWindow: passing.append(at("\(s.name) keeps the default 30-day recovery window"))
            case .retained: passing.append(at("\(s.name) is retained when its stack is deleted"))
            case .computed: undecided.append(at("\(s.name): the recovery window is computed"))
            case .stackManaged:
                undecided.append(at("\(s.name) is deleted with its stack; the template cannot choose a recovery window"))
            }
        }
        if !failing.isEmpty {
            return ChecklistItem(
                id: .deletionRecoveryWindow, status: .fail, evidence: failing, reason: "Secrets deleted without a 7–30 day recovery window."
            )
        }
        if !undecided.isEmpty {
            return ChecklistItem(
                id: .deletionRecoveryWindow, status: .unknown, evidence: undecided,
                reason: "The recovery window of \(undecided.count) secret(s) cannot be read from the code.")
        }
        return ChecklistItem(
            id: .deletionRecoveryWindow, status: .pass, evidence: passing, reason: "Every secret keeps a 7–30 day recovery window.")
    }

    func cloudTrail() -> ChecklistItem {
        let logging = inventory.trails.filter { !$0.loggingOff }
        if let multi = logging.first(where: \.multiRegion) {
            return ChecklistItem(
                id: .cloudTrailEnabled, status: .pass,
                evidence: [
                    IaCEvidence(path: multi.path, line: multi.line, detail: "\(multi.name) is a multi-region trail with logging on")
                ],
                reason: "A multi-region CloudTrail trail is defined.")
        }
        if !logging.isEmpty {
            let scopes = Set(logging.map(\.scope))
            let evidence = logging.map {
                IaCEvidence(path: $0.path, line: $0.line, detail: "\($0.name) is a single-region trail with logging on")
            }
            if inventory.secrets.allSatisfy({ scopes.contains($0.scope) }) {
                return ChecklistItem(
                    id: .cloudTrailEnabled, status: .pass, evidence: evidence,
                    reason: "A single-region trail is defined with the secrets it covers.")
            }
            return ChecklistItem(
                id: .cloudTrailEnabled, status: .unknown, evidence: evidence,
                reason: "Only single-region trails, defined apart from some secrets: whether they cover the secrets' region cannot be told."
            )
        }
        var evidence = inventory.trails.map { IaCEvidence(path: $0.path, line: $0.line, detail: "\($0.name) has logging turned off") }
        if evidence.isEmpty {
            evidence = inventory.secrets.map {
                IaCEvidence(path: $0.path, line: $0.line, detail: "no CloudTrail trail records access to \($0.name)")
            }
        }
        if evidence.isEmpty, let first = inventory.awsFiles.first {
            evidence = [IaCEvidence(path: first.path, line: 1, detail: "no CloudTrail trail is defined in the AWS infrastructure code")]
        }
        return ChecklistItem(
            id: .cloudTrailEnabled, status: .fail, evidence: evidence, reason: "No CloudTrail trail with logging on is defined.")
    }
}
