import Dispatch
import Foundation
import Synchronization

/// Scans a list of files in parallel: each worker has its own file buffer and PCRE2 scratch space.
enum FileScanner {
    /// Bytes inspected for a NUL to decide that a file is binary.
    static let binaryProbeLength = 8192

    fileprivate final class Shared: Sendable {
        let results = Mutex<(findings: [Finding], issues: [ScanIssue], stats: ScanStats)>(([], [], ScanStats()))
    }

    static func scan(_ entries: [FileEntry], detector: Detector, options: ScanOptions) -> (findings: [Finding], issues: [ScanIssue], stats: ScanStats) {
        let queue = EntryQueue()
        let running = start(queue, detector: detector, options: options)
        queue.push(entries)
        queue.finish()
        return running.wait()
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
                let worker = detector.makeWorker()
                let reader = FileReader()
                var findings: [Finding] = []
                var issues: [ScanIssue] = []
                var stats = ScanStats()
                while let entry = queue.pop() {
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
        }
        return Running(group: group, shared: shared)
    }

    static func isBinary(_ content: UnsafeRawBufferPointer) -> Bool {
        guard let base = content.baseAddress else { return false }
        return memchr(base, 0, min(content.count, binaryProbeLength)) != nil
    }
}

/// Files to scan, handed from the lister to the workers as they are found.
/// `@unchecked Sendable`: `entries`, `next` and `finished` are only touched under `condition`.
final class EntryQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var entries: [FileEntry] = []
    private var next = 0
    private var finished = false

    func push(_ batch: [FileEntry]) {
        guard !batch.isEmpty else { return }
        condition.lock()
        entries += batch
        condition.broadcast()
        condition.unlock()
    }

    /// No more entries will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next entry, waiting for the lister if needed; nil when all are taken and listing is done.
    func pop() -> FileEntry? {
        condition.lock()
        defer { condition.unlock() }
        while next >= entries.count && !finished { condition.wait() }
        guard next < entries.count else { return nil }
        let e = entries[next]
        next += 1
        return e
    }
}
