import Dispatch
import Synchronization

/// What scanning one blob produced.
struct BlobOutcome: Sendable {
    var findings: [Finding] = []
    var issues: [ScanIssue] = []
}

/// Reads and scans blobs in parallel: each worker has its own libgit2 repository handle and its own
/// detector scratch space. Results come back indexed like the jobs.
enum BlobScanner {
    static let lfsPointerPrefix = Array("version https://git-lfs.github.com/spec/v1".utf8)

    fileprivate final class Shared: Sendable {
        let outcomes: Mutex<[Int: BlobOutcome]> = Mutex([:])
        let stats = Mutex(HistoryStats())
        let scanStats = Mutex(ScanStats())
        let openFailure: Mutex<GitError?> = Mutex(nil)
    }

    typealias Outcomes = (outcomes: [Int: BlobOutcome], stats: ScanStats, history: HistoryStats)

    static func scan(
        _ jobs: [BlobJob], repository: GitRepository, detector: Detector, maxFileSize: Int, threads: Int,
        progress: ScanProgress?, iac: IaCScanner? = nil, wholeBlobs: Bool = false
    ) throws(GitError) -> Outcomes {
        let queue = WorkQueue<BlobJob>()
        queue.push(readingOrder(jobs, repository: repository))
        queue.finish()
        return try start(
            queue, gitDirectory: repository.gitDirectory, detector: detector, maxFileSize: maxFileSize,
            threads: max(1, min(threads, jobs.count)), progress: progress, iac: iac, wholeBlobs: wholeBlobs
        ).wait()
    }

    /// `jobs` in the order that reads their blobs cheapest (`GitRepository.readingOrder`).
    static func readingOrder<C: Collection<BlobJob>>(_ jobs: C, repository: GitRepository) -> [BlobJob] {
        let list = Array(jobs)
        return repository.readingOrder(of: list.map(\.blob)).map { list[$0] }
    }

    /// Jobs workers take at a time: consecutive jobs in reading order share delta chains, which
    /// stay in the taking worker's cache.
    static let jobsPerTake = 64

    /// Bytes of keyword logs each worker keeps (8 bytes an occurrence).
    static let keywordLogBudget = 4 << 20

    /// Workers reading and scanning jobs as the queue receives them, several consecutive ones at a
    /// time (callers push them in `readingOrder`).
    struct Running {
        fileprivate let group: DispatchGroup
        fileprivate let shared: Shared

        func wait() throws(GitError) -> Outcomes {
            group.wait()
            if let failure = shared.openFailure.withLock({ $0 }) { throw failure }
            return (shared.outcomes.withLock { $0 }, shared.scanStats.withLock { $0 }, shared.stats.withLock { $0 })
        }

        /// Hands over the outcomes finished so far and forgets them, so that a caller consuming them
        /// as they come (history attribution) does not hold every job's findings at once. Waits up to
        /// `timeout` seconds for the workers first; `finished` says they all are (nothing more comes).
        func take(waitingUpTo timeout: Double) -> (outcomes: [Int: BlobOutcome], finished: Bool) {
            let finished = group.wait(timeout: .now() + timeout) == .success
            let taken = shared.outcomes.withLock { outcomes in
                defer { outcomes = [:] }
                return outcomes
            }
            return (taken, finished)
        }
    }

    static func start(
        _ queue: WorkQueue<BlobJob>, gitDirectory: String, detector: Detector, maxFileSize: Int, threads: Int,
        progress: ScanProgress?, iac: IaCScanner? = nil, wholeBlobs: Bool = false
    ) -> Running {
        let shared = Shared()
        let group = DispatchGroup()
        for _ in 0..<max(1, threads) {
            DispatchQueue.global().async(group: group) {
                let repo: GitRepository
                switch Result(catching: { () throws(GitError) in try GitRepository.open(gitDirectory: gitDirectory) }) {
                case .success(let r): repo = r
                case .failure(let error):
                    shared.openFailure.withLock { $0 = error }
                    return
                }
                let scanner = ContentScanner(detector: detector, iac: iac)
                var stats = ScanStats()
                var history = HistoryStats()
                // Keyword logs of the blobs scanned lately, by pack position: a blob built from one of
                // them by a delta walks only the bytes the delta changed (`KeywordReuse`).
                var keywordLogs = GenerationCache<Int, [UInt64]>(budget: wholeBlobs ? 0 : keywordLogBudget)
                func scanOne(_ job: BlobJob) {
                    let i = job.number
                    let read = repo.withBlob(job.blob, maxSize: maxFileSize) { content, origin -> BlobOutcome? in
                        if content.starts(with: lfsPointerPrefix) {
                            history.lfsPointersSkipped += 1
                            return nil
                        }
                        if BinaryContent.isBinary(content) {
                            stats.filesSkippedBinary += 1
                            let named = scanner.scanPathOnly(path: job.path)
                            return named.isEmpty ? nil : BlobOutcome(findings: named)
                        }
                        history.blobsScanned += 1
                        stats.bytesScanned += content.count
                        progress?.blobs.add(1, ordering: .relaxed)
                        progress?.bytes.add(content.count, ordering: .relaxed)
                        var keywords = DetectorWorker.Keywords.walk
                        if !wholeBlobs, let origin {
                            keywords = .log
                            if let own = keywordLogs.get(origin.key) {
                                keywords = .given(own)  // the same blob again, for another path profile
                            } else if let base = origin.base, let baseLog = keywordLogs.get(base.key),
                                let segments = base.delta.withUnsafeBytes({ Delta.segments($0, baseSize: base.size) })
                            {
                                keywords = .given(
                                    KeywordReuse.log(of: content, segments: segments, baseLog: baseLog, prefilter: detector.prefilter))
                            }
                        }
                        let r = scanner.scan(content, path: job.path, keywords: keywords)
                        if let origin, let log = scanner.lastKeywordLog {
                            keywordLogs.insert(origin.key, log, cost: log.count * 8 + 64)
                        }
                        return r.findings.isEmpty && r.issues.isEmpty ? nil : BlobOutcome(findings: r.findings, issues: r.issues)
                    }
                    switch read {
                    case .content(let outcome):
                        // Shared at once (few blobs have any), so a consumer can take them as they come.
                        if let outcome { shared.outcomes.withLock { $0[i] = outcome } }
                    case .tooLarge:
                        stats.filesSkippedTooLarge += 1
                    case .missing(let message):
                        let outcome = BlobOutcome(issues: [
                            ScanIssue(
                                kind: .missingObject, path: job.path, object: job.blob.hex,
                                message:
                                    """
                                    blob \(job.blob.hex) (\(job.path)) is missing or corrupt: \(message); the repository is incomplete (a \
                                    partial clone or damage): run `git fsck` or fetch it again
                                    """
                            )
                        ])
                        shared.outcomes.withLock { $0[i] = outcome }
                    }
                }
                while case let taken = queue.pop(upTo: jobsPerTake), !taken.isEmpty {
                    for job in taken { scanOne(job) }
                }
                shared.scanStats.withLock { $0.add(stats) }
                shared.stats.withLock {
                    $0.blobsScanned += history.blobsScanned
                    $0.lfsPointersSkipped += history.lfsPointersSkipped
                }
            }
        }
        return Running(group: group, shared: shared)
    }
}
