import Foundation

/// One evaluated item: its outcome, what decided it, and how to fix it.
public struct ChecklistItem: Sendable {
    public var id: ChecklistItemID
    public var status: ChecklistStatus
    /// Every place that decided the outcome (for a pass, what satisfies it, when there is something to show).
    public var evidence: [IaCEvidence]
    /// Why the item is unknown or not applicable, or a one-line summary of a pass.
    public var reason: String
    /// A snippet in the repository's infrastructure language.
    public var remediation: String

    public var title: String { id.title }

    public init(id: ChecklistItemID, status: ChecklistStatus, evidence: [IaCEvidence] = [], reason: String, remediation: String = "") {
        self.id = id
        self.status = status
        self.evidence = evidence
        self.reason = reason
        self.remediation = remediation
    }
}

/// The evaluated checklist of one repository, for the checklist reporters and the command.
public struct ChecklistReport: Sendable {
    public var root: String
    public var items: [ChecklistItem]
    /// The language remediations are written in.
    public var language: IaCLanguage
    /// `no-secrets-in-git` was judged on the full history (else on the tree).
    public var historyScanned: Bool
    /// Problems the scans ran into (unreadable files, objects), and configuration warnings.
    public var issues: [ScanIssue]
    public var warnings: [String]
    /// The items `--fail-items` gates the run on (every item when nil): `failing` in the JSON
    /// summary lists only their failures, so it agrees with the exit code.
    public var gating: Set<ChecklistItemID>? = nil

    public init(
        root: String, items: [ChecklistItem], language: IaCLanguage, historyScanned: Bool, issues: [ScanIssue] = [],
        warnings: [String] = []
    ) {
        self.root = root
        self.items = items
        self.language = language
        self.historyScanned = historyScanned
        self.issues = issues
        self.warnings = warnings
    }

    public func count(_ status: ChecklistStatus) -> Int { items.filter { $0.status == status }.count }

    /// The items that fail the run: failed items among `gating` (every item when nil).
    public func failing(gating: Set<ChecklistItemID>?) -> [ChecklistItem] {
        items.filter { $0.status == .fail && (gating?.contains($0.id) ?? true) }
    }

    /// Every failed item, gated or not.
    public func failing() -> [ChecklistItem] { failing(gating: nil) }

    /// The failed items that decide the exit code (those among `gating`).
    public var gatedFailures: [ChecklistItem] { failing(gating: gating) }
}
