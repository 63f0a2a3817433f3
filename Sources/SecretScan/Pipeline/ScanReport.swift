/// What the pipeline hands to reporters and to the command: the finished result (sorted,
/// suppressed), the threshold it is judged by, and what the user should be told besides.
public struct ScanReport: Sendable {
    public var result: ScanResult
    /// The scanned path as given.
    public var root: String
    /// The lowest severity that fails the scan.
    public var threshold: Severity
    /// The confidence below which findings were left out (`--min-confidence`), if any.
    public var minConfidence: Confidence?
    /// Where the content came from.
    public var source: ScanRequest.Source
    /// The `.gitignore` audit alone (the `gitignore` command): no content was read.
    public var isAuditOnly = false
    /// Configuration entries that had no effect: to tell the user before anything else.
    public var warnings: [String] = []
    /// Ignore-file entries past their expiry date: to tell the user after the scan's issues.
    public var expiredIgnores: [String] = []
    /// Ignore-file entries that matched nothing (`--report-unused-ignores` shows them).
    public var unusedIgnores: [String] = []
    /// What the work tree's infrastructure code defines, when the request asked for it.
    public var inventory: IaCInventory?

    public init(result: ScanResult, root: String, source: ScanRequest.Source, threshold: Severity) {
        self.result = result
        self.root = root
        self.source = source
        self.threshold = threshold
    }

    public var findings: [Finding] { result.findings }

    /// Reported findings at or above the threshold: any of them fails the scan.
    public var failing: [Finding] { result.findings.filter { $0.severity >= threshold } }

    /// Reported findings below the threshold: shown, but they do not fail the scan.
    public var belowThreshold: Int { result.findings.count - failing.count }

    /// The scan could not check everything (unreadable files, missing objects, rule errors).
    public var isComplete: Bool { result.isComplete }
}
