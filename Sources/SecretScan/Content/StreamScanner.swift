import Foundation

/// Scans bytes that come from no file (standard input), reported under a name.
enum StreamScanner {
    static func scan(_ content: [UInt8], name: String, detector: Detector, iac: IaCScanner?, maxSize: Int) -> ScanResult {
        let started = Date()
        let scanner = ContentScanner(detector: detector, iac: iac)
        var stats = ScanStats()
        stats.rulesLoaded = detector.ruleCount
        let result = content.withUnsafeBytes { bytes -> (findings: [Finding], issues: [ScanIssue]) in
            if content.count > maxSize {
                stats.filesSkippedTooLarge = 1
                return (scanner.scanPathOnly(path: name), [])
            }
            if BinaryContent.isBinary(bytes) {
                stats.filesSkippedBinary = 1
                return (scanner.scanPathOnly(path: name), [])
            }
            stats.filesScanned = 1
            stats.bytesScanned = content.count
            return scanner.scan(bytes, path: name)
        }
        stats.durationSeconds = Date().timeIntervalSince(started)
        return ScanResult(
            findings: result.findings.sorted(by: Finding.reportOrder), issues: result.issues, stats: stats,
            isGitRepository: false)
    }
}
