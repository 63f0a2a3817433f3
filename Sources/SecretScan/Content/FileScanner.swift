import Dispatch
import Foundation
import Synchronization

/// Scans files in parallel as a lister hands them over: each worker has its own file buffer and PCRE2
/// scratch space.
enum FileScanner {
    fileprivate final class Shared: Sendable {
        let results = Mutex<(findings: [Finding], issues: [ScanIssue], stats: ScanStats)>(([], [], ScanStats()))
    }

    /// Workers scanning entries as the queue receives them, so listing and scanning overlap.
    struct Running {
        fileprivate let group: DispatchGroup
        fileprivate let shared: Shared

        func wait() -> (findings: [Finding], issues: [ScanIssue], stats: ScanStats) {
            group.wait()
            var out = shared.results.withLock { $0 }
            out.findings.sort(by: Finding.reportOrder)
            out.issues.sort { ($0.path ?? "", $0.ruleID ?? "") < ($1.path ?? "", $1.ruleID ?? "") }
            return out
        }
    }

    static func start(_ queue: EntryQueue, detector: Detector, options: ScanOptions) -> Running {
        let shared = Shared()
        let group = DispatchGroup()
        let maxSize = options.maxFileSize
        for _ in 0..<max(1, options.threads) {
            DispatchQueue.global().async(group: group) {
                let scanner = ContentScanner(detector: detector, iac: options.iac)
                let reader = FileReader()
                var findings: [Finding] = []
                var issues: [ScanIssue] = []
                var stats = ScanStats()
                while let (_, entry) = queue.pop() {
                    switch reader.read(entry.absolutePath, maxSize: maxSize) {
                    case .missing:
                        continue
                    case .symlink:
                        stats.filesSkippedSymlink += 1
                    case .special:
                        stats.filesSkippedSpecial += 1
                    case .tooLarge:
                        stats.filesSkippedTooLarge += 1
                        findings += scanner.scanPathOnly(path: entry.path)
                    case .unreadable(let reason):
                        stats.filesUnreadable += 1
                        issues.append(
                            ScanIssue(
                                kind: .unreadable, path: entry.path,
                                message: "cannot read \(entry.path): \(reason); fix its permissions or exclude it"))
                    case .content(let content):
                        if BinaryContent.isBinary(content) {
                            stats.filesSkippedBinary += 1
                            findings += scanner.scanPathOnly(path: entry.path)
                            continue
                        }
                        stats.filesScanned += 1
                        stats.bytesScanned += content.count
                        let result = scanner.scan(content, path: entry.path)
                        findings += result.findings
                        issues += result.issues
                    }
                }
                shared.results.withLock { r in
                    r.findings += findings
                    r.issues += issues
                    r.stats.add(stats)
                }
            }
        }
        return Running(group: group, shared: shared)
    }

}

typealias EntryQueue = WorkQueue<FileEntry>
