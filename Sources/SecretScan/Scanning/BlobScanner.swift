import Dispatch
import Synchronization

/// A blob to read and scan once, with a path standing for every path it was seen at with the same
/// path profile.
struct BlobJob: Sendable {
    var blob: ObjectID
    var path: String
}

/// What scanning one blob produced.
struct BlobOutcome: Sendable {
    var findings: [Finding] = []
    var issues: [ScanIssue] = []
}

/// Reads and scans blobs in parallel: each worker has its own libgit2 repository handle and its own
/// detector scratch space. Results come back indexed like the jobs.
enum BlobScanner {
    static let lfsPointerPrefix = Array("version https://git-lfs.github.com/spec/v1".utf8)

    private final class Shared: Sendable {
        let next = Atomic<Int>(0)
        let outcomes: Mutex<[Int: BlobOutcome]> = Mutex([:])
        let stats = Mutex(HistoryStats())
        let scanStats = Mutex(ScanStats())
        let openFailure: Mutex<GitError?> = Mutex(nil)
    }

    static func scan(_ jobs: [BlobJob], gitDirectory: String, detector: Detector, maxFileSize: Int, threads: Int,
                     progress: ScanProgress?, iac: IaCScanner? = nil) throws(GitError) -> (outcomes: [Int: BlobOutcome], stats: ScanStats, history: HistoryStats) {
        let shared = Shared()
        let workers = max(1, min(threads, jobs.count))
        if !jobs.isEmpty {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let repo: GitRepository
                switch Result(catching: { () throws(GitError) in try GitRepository.open(gitDirectory: gitDirectory) }) {
                case let .success(r): repo = r
                case let .failure(error):
                    shared.openFailure.withLock { $0 = error }
                    return
                }
                let worker = detector.makeWorker()
                var outcomes: [Int: BlobOutcome] = [:]
                var stats = ScanStats()
                var history = HistoryStats()
                while true {
                    let i = shared.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if i >= jobs.count { break }
                    let job = jobs[i]
                    let read = repo.withBlob(job.blob, maxSize: maxFileSize) { content -> BlobOutcome? in
                        if content.starts(with: lfsPointerPrefix) {
                            history.lfsPointersSkipped += 1
                            return nil
                        }
                        if FileScanner.isBinary(content) {
                            stats.filesSkippedBinary += 1
                            let named = worker.scanPathOnly(path: job.path)
                            return named.isEmpty ? nil : BlobOutcome(findings: named)
                        }
                        history.blobsScanned += 1
                        stats.bytesScanned += content.count
                        progress?.blobs.add(1, ordering: .relaxed)
                        progress?.bytes.add(content.count, ordering: .relaxed)
                        let r = worker.scan(content, path: job.path)
                        var all = r.findings + r.suppressed
                        if let iac, IaCScanner.mayScan(path: job.path) {
                            all = Finding.droppingGenericCoveredByIaC(all + iac.scan(content, path: job.path))
                        }
                        return all.isEmpty && r.issues.isEmpty ? nil : BlobOutcome(findings: all, issues: r.issues)
                    }
                    switch read {
                    case let .content(outcome):
                        if let outcome { outcomes[i] = outcome }
                    case .tooLarge:
                        stats.filesSkippedTooLarge += 1
                    case let .missing(message):
                        outcomes[i] = BlobOutcome(issues: [ScanIssue(
                            kind: .missingObject, path: job.path, object: job.blob.hex,
                            message: "blob \(job.blob.hex) (\(job.path)) is missing or corrupt: \(message); the repository is incomplete (a partial clone or damage): run `git fsck` or fetch it again")])
                    }
                }
                shared.outcomes.withLock { $0.merge(outcomes) { a, _ in a } }
                shared.scanStats.withLock { $0.add(stats) }
                shared.stats.withLock {
                    $0.blobsScanned += history.blobsScanned
                    $0.lfsPointersSkipped += history.lfsPointersSkipped
                }
            }
        }
        if let failure = shared.openFailure.withLock({ $0 }) { throw failure }
        return (shared.outcomes.withLock { $0 }, shared.scanStats.withLock { $0 }, shared.stats.withLock { $0 })
    }
}
