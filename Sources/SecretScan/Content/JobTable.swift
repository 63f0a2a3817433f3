/// A blob to read and scan once, with a path standing for every path it was seen at with the same
/// path profile.
struct BlobJob: Sendable {
    var blob: ObjectID
    var path: String
    /// The job's index in its table; outcomes are keyed by it, whatever order jobs are read in.
    var number: Int
}

/// One scan job per distinct (blob, path profile), for history and ranges alike: what a blob's scan
/// finds depends on its content and on which rules its path lets run (path-restricted rules,
/// allowlisted paths), and on nothing else, so a blob seen at several paths of the same profile is
/// read and scanned once.
struct JobTable {
    private struct Key: Hashable {
        var blob: ObjectID
        var profile: Int32
    }

    private let worker: DetectorWorker
    private var profileOfPath: [String: Int32] = [:]
    private var profiles: [String: Int32] = [:]
    private var jobOf: [Key: Int] = [:]
    private(set) var jobs: [BlobJob] = []
    /// The path profile each job stands for.
    private(set) var profileOfJob: [Int32] = []

    init(detector: Detector) { worker = detector.makeWorker() }

    /// A number for the set of rules `path` lets run: paths with equal numbers are scanned alike.
    mutating func profile(of path: String) -> Int32 {
        if let p = profileOfPath[path] { return p }
        // Infrastructure checks depend on the kind of file the path names.
        let text = worker.pathProfile(path) + "|" + (IaCFileKind.of(path: path).map { "\($0)" } ?? "")
        let p: Int32
        if let known = profiles[text] {
            p = known
        } else {
            p = Int32(profiles.count)
            profiles[text] = p
        }
        profileOfPath[path] = p
        return p
    }

    /// The job that scans `blob` for paths of `profile` (new when none does yet).
    mutating func job(blob: ObjectID, profile: Int32, path: String) -> Int {
        let key = Key(blob: blob, profile: profile)
        if let j = jobOf[key] { return j }
        jobOf[key] = jobs.count
        jobs.append(BlobJob(blob: blob, path: path, number: jobs.count))
        profileOfJob.append(profile)
        return jobs.count - 1
    }

    mutating func job(blob: ObjectID, path: String) -> Int { job(blob: blob, profile: profile(of: path), path: path) }
}
