import Dispatch
import Foundation
import Synchronization

/// Scans files in parallel as a lister hands them over: each worker has its own file buffer and PCRE2
/// scratch space.
enum FileScanner {
    /// Bytes inspected for a NUL to decide that a file is binary.
    static let binaryProbeLength = 8192

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
                    case let .unreadable(reason):
                        stats.filesUnreadable += 1
                        issues.append(ScanIssue(kind: .unreadable, path: entry.path,
                                                message: "cannot read \(entry.path): \(reason); fix its permissions or exclude it"))
                    case let .content(content):
                        if isBinary(content) {
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

    static func isBinary(_ content: UnsafeRawBufferPointer) -> Bool {
        guard let base = content.baseAddress else { return false }
        return memchr(base, 0, min(content.count, binaryProbeLength)) != nil
    }
}

/// Work handed from a producer (a lister, a history walk) to workers as it is found.
/// `@unchecked Sendable`: `items`, `next` and `finished` are only touched under `condition`.
final class WorkQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var next = 0
    private var finished = false

    func push<S: Sequence>(_ batch: S) where S.Element == Element {
        condition.lock()
        let before = items.count
        items.append(contentsOf: batch)
        if items.count != before { condition.broadcast() }
        condition.unlock()
    }

    /// No more items will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item and its index, waiting for the producer if needed; nil when all are taken and
    /// the producer is done.
    func pop() -> (index: Int, item: Element)? {
        condition.lock()
        defer { condition.unlock() }
        while next >= items.count && !finished { condition.wait() }
        guard next < items.count else { return nil }
        next += 1
        return (next - 1, items[next - 1])
    }
}

typealias EntryQueue = WorkQueue<FileEntry>
