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
        _ jobs: [BlobJob], gitDirectory: String, detector: Detector, maxFileSize: Int, threads: Int,
        progress: ScanProgress?, iac: IaCScanner? = nil
    ) throws(GitError) -> Outcomes {
        let queue = WorkQueue<BlobJob>()
        queue.push(jobs)
        queue.finish()
        return try start(
            queue, gitDirectory: gitDirectory, detector: detector, maxFileSize: maxFileSize,
            threads: max(1, min(threads, jobs.count)), progress: progress, iac: iac
        ).wait()
    }

    /// Workers reading and scanning jobs as the queue receives them (so a history walk can go on
    /// finding blobs while earlier ones are scanned).
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
        progress: ScanProgress?, iac: IaCScanner? = nil
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
                while let (i, job) = queue.pop() {
                    let read = repo.withBlob(job.blob, maxSize: maxFileSize) { content -> BlobOutcome? in
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
                        let r = scanner.scan(content, path: job.path)
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
