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
    /// Introductions of each blob (by blob index) as linked lists through `nextIntroduction`, -1
    /// ending them: flat arrays, as a dictionary of arrays cost an allocation per blob.
    var firstIntroduction: [Int32] = []
    var nextIntroduction: [Int32] = []
    /// Per commit (in walk order): the paths it changes and their new blob (-1: deleted or not a file),
    /// `changePath[changeStart[c]..<changeStart[c + 1]]`. `add` appends each commit's changes as they
    /// come (the walk goes from the newest commit down) and `finishChanges` puts them in walk order.
    var changeStart: [Int] = [0]
    var changePath: [Int32] = []
    var changeBlob: [Int32] = []
    /// Before `finishChanges`: for each commit, where its changes start in arrival order (-1: none yet).
    private var arrivalStart: [Int32]
    private var arrivalCount: [Int32]
    private var lastArrival: Int32 = -1
    var jobTable: JobTable
    var jobs: [BlobJob] { jobTable.jobs }

    init(detector: Detector, commitCount: Int) {
        jobTable = JobTable(detector: detector)
        arrivalStart = Array(repeating: -1, count: commitCount)
        arrivalCount = Array(repeating: 0, count: commitCount)
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
        firstIntroduction.append(-1)
        return i
    }

    /// Records a change. The same content arriving at the same path in several commits is attributed
    /// to the oldest (by commit time, then walk order, where parents come first), whatever order the
    /// commits are added in.
    mutating func add(_ change: TreeChange, commit: Int32, time: Int64, stats: inout ScanStats, history: inout HistoryStats) {
        let p = intern(path: change.path)
        guard let blob = change.blob, change.kind == .file else {
            if commit >= 0 { record(commit: commit, path: p, blob: -1) }
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
        if commit >= 0 { record(commit: commit, path: p, blob: b) }
        let pair = IntroductionTable.pair(p, b)
        if let known = introductionOfPair[pair] {
            if commit >= 0, (time, commit) < (introductions[known].time, introductions[known].commit) {
                introductions[known].commit = commit
                introductions[known].time = time
            }
            return
        }
        introductionOfPair[pair] = introductions.count
        nextIntroduction.append(firstIntroduction[Int(b)])
        firstIntroduction[Int(b)] = Int32(introductions.count)
        introductions.append(Introduction(commit: commit, path: p, blob: b, time: time))
        // The interned path: every job of this path shares one string (a tree diff's path is a
        // string of its own; on rails, 300,000 jobs held as many copies).
        _ = jobTable.job(blob: blob, profile: pathProfile[Int(p)], path: paths[Int(p)])
    }

    /// Appends a change of `commit`; a commit's changes must arrive together (one tree diff).
    private mutating func record(commit: Int32, path: Int32, blob: Int32) {
        let c = Int(commit)
        if commit != lastArrival {
            precondition(arrivalStart[c] < 0, "the changes of a commit must be added together")
            arrivalStart[c] = Int32(changePath.count)
            lastArrival = commit
        }
        changePath.append(path)
        changeBlob.append(blob)
        arrivalCount[c] += 1
    }

    /// Puts the changes in walk order (commit by commit), as `changeStart` indexes them.
    mutating func finishChanges() {
        var paths: [Int32] = []
        var blobs: [Int32] = []
        paths.reserveCapacity(changePath.count)
        blobs.reserveCapacity(changeBlob.count)
        changeStart = [0]
        changeStart.reserveCapacity(arrivalStart.count + 1)
        for c in arrivalStart.indices {
            if arrivalStart[c] >= 0 {
                let range = Int(arrivalStart[c])..<Int(arrivalStart[c] + arrivalCount[c])
                paths.append(contentsOf: changePath[range])
                blobs.append(contentsOf: changeBlob[range])
            }
            changeStart.append(paths.count)
        }
        changePath = paths
        changeBlob = blobs
        arrivalStart = []
        arrivalCount = []
    }

    /// Introductions whose content and path profile a job's scan stands for.
    func introductions(ofJob job: Int) -> [Introduction] {
        let (blob, profile) = (jobTable.jobs[job].blob, jobTable.profileOfJob[job])
        guard let b = blobIndex[blob] else { return [] }
        var out: [Introduction] = []
        var i = firstIntroduction[Int(b)]
        while i >= 0 {
            let intro = introductions[Int(i)]
            if pathProfile[Int(intro.path)] == profile { out.append(intro) }
            i = nextIntroduction[Int(i)]
        }
        // In the order they were added, as attribution's ties are broken by it.
        return out.reversed()
    }
}
