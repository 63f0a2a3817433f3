import Foundation

/// Scans a directory (a git working tree or any folder) or a single file.
public enum WorkingTreeScanner {
    public static func scan(path: String, detector: Detector, options: ScanOptions) throws(ScanError) -> ScanResult {
        let started = Date()
        let listing = try WorkingTreeSource.list(root: path, includeIgnored: options.includeIgnored)
        let scanned = FileScanner.scan(listing.entries, detector: detector, options: options)
        var stats = scanned.stats
        stats.rulesLoaded = detector.ruleCount
        stats.durationSeconds = Date().timeIntervalSince(started)
        return ScanResult(findings: scanned.findings, issues: listing.issues + scanned.issues, stats: stats,
                          isGitRepository: listing.isGitRepository)
    }
}
