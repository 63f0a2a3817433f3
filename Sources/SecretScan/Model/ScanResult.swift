/// Everything a scan produced. `isComplete` is false when any file or rule could not be fully checked.
public struct ScanResult: Sendable {
    public var findings: [Finding]
    public var issues: [ScanIssue]
    public var stats: ScanStats
    public var isGitRepository: Bool
    /// Findings silenced by an inline marker, an ignore-file entry or a baseline.
    public var suppressed: [Finding] = []

    public var isComplete: Bool { issues.isEmpty }

    /// `found` may include suppressed findings (with `suppression` set): they are set apart.
    public init(findings found: [Finding], issues: [ScanIssue], stats: ScanStats, isGitRepository: Bool) {
        findings = found.filter { $0.suppression == nil }
        suppressed = found.filter { $0.suppression != nil }
        self.issues = issues
        self.stats = stats
        self.isGitRepository = isGitRepository
        self.stats.suppressed = suppressed.count
    }
}
