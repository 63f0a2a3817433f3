/// Interned paths and blobs, every (path, blob) introduction, per-commit changes and scan jobs.
struct IntroductionTable {
    struct Introduction {
        var commit: Int32
        var path: Int32
        var blob: Int32
        var time: Int64
    }

    var paths: [String] = []
    var pathIndex: [String: Int32] = [:]
    var pathProfile: [Int32] = []
    var blobs: [ObjectID] = []
    var blobIndex: [ObjectID: Int32] = [:]
    /// (path, blob) pair -> its introduction.
    var introductionOfPair: [UInt64: Int] = [:]
    /// Submodule and symlink entries already counted (each counted once per path and id).
    var seenNonFiles = Set<String>()
    var introductions: [Introduction] = []
    var introductionsOfBlob: [Int32: [Int]] = [:]
    /// Per commit (in walk order): the paths it changes and their new blob (-1: deleted or not a file),
    /// flattened by `finishChanges` from `changesOf`, which `add` fills in any commit order.
    var changesOf: [[(path: Int32, blob: Int32)]]
    var changeStart: [Int] = [0]
    var changePath: [Int32] = []
    var changeBlob: [Int32] = []
    var jobTable: JobTable
    var jobs: [BlobJob] { jobTable.jobs }

    init(detector: Detector, commitCount: Int) {
        jobTable = JobTable(detector: detector)
        changesOf = Array(repeating: [], count: commitCount)
    }

    static func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    func knowsBlob(_ id: ObjectID) -> Bool { blobIndex[id] != nil }

    mutating func intern(path: String) -> Int32 {
        if let i = pathIndex[path] { return i }
        let i = Int32(paths.count)
        paths.append(path)
        pathIndex[path] = i
        pathProfile.append(jobTable.profile(of: path))
        return i
    }

    mutating func intern(blob: ObjectID) -> Int32 {
        if let i = blobIndex[blob] { return i }
        let i = Int32(blobs.count)
        blobs.append(blob)
        blobIndex[blob] = i
        return i
    }

    /// Records a change. The same content arriving at the same path in several commits is attributed
    /// to the oldest (by commit time, then walk order, where parents come first), whatever order the
    /// commits are added in.
    mutating func add(_ change: TreeChange, commit: Int32, time: Int64, stats: inout ScanStats, history: inout HistoryStats) {
        let p = intern(path: change.path)
        guard let blob = change.blob, change.kind == .file else {
            if commit >= 0 { changesOf[Int(commit)].append((p, -1)) }
            if let blob = change.blob {
                switch change.kind {
                case .submodule: if seenNonFiles.insert("\(change.path)\u{0}\(blob.hex)").inserted { history.submodulesSkipped += 1 }
                case .symlink:
                    _ = intern(blob: blob)  // a link target, not a dangling blob
                    if seenNonFiles.insert("L\(change.path)\u{0}\(blob.hex)").inserted { stats.filesSkippedSymlink += 1 }
                case .file: break
                }
            }
            return
        }
        let b = intern(blob: blob)
        if commit >= 0 { changesOf[Int(commit)].append((p, b)) }
        let pair = IntroductionTable.pair(p, b)
        if let known = introductionOfPair[pair] {
            if commit >= 0, (time, commit) < (introductions[known].time, introductions[known].commit) {
                introductions[known].commit = commit
                introductions[known].time = time
            }
            return
        }
        introductionOfPair[pair] = introductions.count
        introductionsOfBlob[b, default: []].append(introductions.count)
        introductions.append(Introduction(commit: commit, path: p, blob: b, time: time))
        _ = jobTable.job(blob: blob, profile: pathProfile[Int(p)], path: change.path)
    }

    mutating func finishChanges() {
        for changes in changesOf {
            for c in changes {
                changePath.append(c.path)
                changeBlob.append(c.blob)
            }
            changeStart.append(changePath.count)
        }
        changesOf = []
    }

    /// Introductions whose content and path profile a job's scan stands for.
    func introductions(ofJob job: Int) -> [Introduction] {
        let (blob, profile) = (jobTable.jobs[job].blob, jobTable.profileOfJob[job])
        guard let b = blobIndex[blob] else { return [] }
        return (introductionsOfBlob[b] ?? []).map { introductions[$0] }.filter { pathProfile[Int($0.path)] == profile }
    }
}
