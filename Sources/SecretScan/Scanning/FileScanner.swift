import Dispatch
import Foundation
import Synchronization

/// Scans a list of files in parallel: each worker has its own file buffer and PCRE2 scratch space.
enum FileScanner {
    /// Bytes inspected for a NUL to decide that a file is binary.
    static let binaryProbeLength = 8192

    private final class Shared: Sendable {
        let next = Atomic<Int>(0)
        let results = Mutex<(findings: [Finding], issues: [ScanIssue], stats: ScanStats)>(([], [], ScanStats()))
    }

    static func scan(_ entries: [FileEntry], detector: Detector, options: ScanOptions) -> (findings: [Finding], issues: [ScanIssue], stats: ScanStats) {
        let shared = Shared()
        let threads = max(1, min(options.threads, max(entries.count, 1)))
        let maxSize = options.maxFileSize
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            let worker = detector.makeWorker()
            let reader = FileReader()
            var findings: [Finding] = []
            var issues: [ScanIssue] = []
            var stats = ScanStats()
            while true {
                let i = shared.next.wrappingAdd(1, ordering: .relaxed).oldValue
                if i >= entries.count { break }
                let entry = entries[i]
                switch reader.read(entry.absolutePath, maxSize: maxSize) {
                case .missing:
                    continue
                case .symlink:
                    stats.filesSkippedSymlink += 1
                case .special:
                    stats.filesSkippedSpecial += 1
                case .tooLarge:
                    stats.filesSkippedTooLarge += 1
                    findings += worker.scanPathOnly(path: entry.path)
                case let .unreadable(reason):
                    stats.filesUnreadable += 1
                    issues.append(ScanIssue(kind: .unreadable, path: entry.path,
                                            message: "cannot read \(entry.path): \(reason); fix its permissions or exclude it"))
                case let .content(content):
                    if isBinary(content) {
                        stats.filesSkippedBinary += 1
                        findings += worker.scanPathOnly(path: entry.path)
                        continue
                    }
                    stats.filesScanned += 1
                    stats.bytesScanned += content.count
                    let result = worker.scan(content, path: entry.path)
                    findings += result.findings
                    findings += result.suppressed
                    if let iac = options.iac, IaCScanner.mayScan(path: entry.path) {
                        let infra = iac.scan(content, path: entry.path)
                        if !infra.isEmpty {
                            let mine = Finding.droppingGenericCoveredByIaC(result.findings + result.suppressed + infra)
                            findings.removeLast(result.findings.count + result.suppressed.count)
                            findings += mine
                        }
                    }
                    issues += result.issues
                }
            }
            shared.results.withLock { r in
                r.findings += findings
                r.issues += issues
                r.stats.add(stats)
            }
        }
        var out = shared.results.withLock { $0 }
        out.findings.sort(by: Finding.reportOrder)
        out.issues.sort { ($0.path ?? "", $0.ruleID ?? "") < ($1.path ?? "", $1.ruleID ?? "") }
        return out
    }

    static func isBinary(_ content: UnsafeRawBufferPointer) -> Bool {
        guard let base = content.baseAddress else { return false }
        return memchr(base, 0, min(content.count, binaryProbeLength)) != nil
    }
}
