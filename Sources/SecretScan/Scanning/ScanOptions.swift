/// Options for scanning files.
public struct ScanOptions: Sendable {
    /// Also scan files that git ignores.
    public var includeIgnored = false
    /// Files larger than this many bytes are skipped (and counted).
    public var maxFileSize = 10 * 1024 * 1024
    /// Worker threads; defaults to the number of active cores.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Infrastructure-code checks to run on each file (nil: none).
    public var iac: IaCScanner?

    public init() {}
}

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

import Foundation
