import Foundation

/// Scans a directory (a git working tree or any folder) or a single file.
public enum WorkingTreeScanner {
    public static func scan(path: String, detector: Detector, options: ScanOptions) throws(ScanError) -> ScanResult {
        let started = Date()
        // Workers scan files while the lister is still finding them.
        let queue = EntryQueue()
        let running = FileScanner.start(queue, detector: detector, options: options)
        let listing: WorkingTreeSource.Listing
        do {
            listing = try WorkingTreeSource.list(root: path, includeIgnored: options.includeIgnored, emit: { queue.push($0) })
        } catch {
            queue.finish()
            _ = running.wait()
            throw error
        }
        queue.finish()
        let scanned = running.wait()
        var stats = scanned.stats
        stats.rulesLoaded = detector.ruleCount
        stats.durationSeconds = Date().timeIntervalSince(started)
        return ScanResult(
            findings: scanned.findings, issues: listing.issues + scanned.issues, stats: stats,
            isGitRepository: listing.isGitRepository)
    }
}
