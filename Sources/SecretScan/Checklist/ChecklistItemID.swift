/// The checklist's items, by their fixed ids (CI gates on them).
public enum ChecklistItemID: String, Sendable, CaseIterable, Codable {
    case noSecretsInGit = "no-secrets-in-git"
    case secretsInSecretStore = "secrets-in-secret-store"
    case iamScopedToSecretARNs = "iam-scoped-to-secret-arns"
    case customerManagedKMS = "customer-managed-kms"
    case cloudTrailEnabled = "cloudtrail-enabled"
    case rotationEnabled = "rotation-enabled"
    case gitignoreCoversSensitive = "gitignore-covers-sensitive"
    case ciUsesOIDC = "ci-uses-oidc"
    case deletionRecoveryWindow = "deletion-recovery-window"
    case secretsReplicated = "secrets-replicated"

    public var title: String {
        switch self {
        case .noSecretsInGit: "No secrets in git history"
        case .secretsInSecretStore: "Secrets come from Secrets Manager or SSM SecureString"
        case .iamScopedToSecretARNs: "IAM secret access scoped to specific ARNs"
        case .customerManagedKMS: "Secrets encrypted with customer-managed KMS keys"
        case .cloudTrailEnabled: "CloudTrail records secret access"
        case .rotationEnabled: "Automatic rotation enabled"
        case .gitignoreCoversSensitive: ".gitignore covers sensitive files"
        case .ciUsesOIDC: "CI/CD uses OIDC, not long-lived keys"
        case .deletionRecoveryWindow: "Deleted secrets keep a recovery window"
        case .secretsReplicated: "Secrets replicated to another region"
        }
    }

    /// The items about AWS infrastructure: not applicable where the repository has none.
    public var isAWS: Bool {
        switch self {
        case .noSecretsInGit, .gitignoreCoversSensitive, .ciUsesOIDC: false
        default: true
        }
    }

    /// Ids from a comma-separated list (`--fail-items`), in the order given.
    public static func parse(_ list: [String]) throws(ChecklistError) -> [ChecklistItemID] {
        let names = list.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let unknown = names.filter { ChecklistItemID(rawValue: $0) == nil }
        guard unknown.isEmpty else { throw .unknownItems(unknown) }
        return names.compactMap(ChecklistItemID.init(rawValue:))
    }
}

/// An item's outcome.
public enum ChecklistStatus: String, Sendable, Codable, CaseIterable {
    case pass
    case fail
    /// Nothing in the repository it applies to (e.g. no AWS infrastructure code).
    case notApplicable = "not_applicable"
    /// Cannot be decided from the repository; `reason` says why.
    case unknown
}
