import Foundation

/// Scans every blob reachable from every ref (optionally every object), each distinct blob once,
/// and attributes each finding to the earliest commit that introduced it at its path.
public enum HistoryScanner {
    public static func scan(path: String, detector: Detector, options: HistoryOptions) throws(ScanError) -> ScanResult {
        let started = Date()
        let repo = try GitScan.openRepository(path)
        var issues: [ScanIssue] = []
        var history = HistoryStats()
        history.shallow = repo.isShallow
        let shallow = repo.shallowBoundary()

        let tips = repo.refTips()
        for b in tips.broken {
            issues.append(ScanIssue(kind: .missingObject, path: b.ref, message: "ref \(b.ref) points at a missing object: \(b.message)"))
        }
        var tipCommits = tips.commits
        var looseBlobs: [ObjectID] = []
        if options.allObjects {
            let all: (commits: [ObjectID], blobs: [ObjectID])
            do { all = try repo.allObjects() } catch { throw .git(error) }
            tipCommits += all.commits
            looseBlobs = all.blobs
        }

        // 1. Commits, parents before children.
        let walk = CommitWalk(repo: repo, tips: tipCommits, shallow: shallow)
        issues += walk.issues
        history.commitsScanned = walk.ids.count

        // 2. What each commit changes against its first parent; every new (path, blob) pair is an
        //    introduction; every distinct (blob, path profile) is one scan job.
        var table = IntroductionTable(detector: detector, commitCount: walk.ids.count)
        var stats = ScanStats()
        // Blobs are read and scanned by workers while the walk goes on finding new ones.
        let queue = WorkQueue<BlobJob>()
        let running = BlobScanner.start(queue, gitDirectory: repo.gitDirectory, detector: detector,
                                        maxFileSize: options.maxFileSize, threads: options.threads,
                                        progress: options.progress, iac: options.iac)
        var pushed = 0
        func pushNewJobs() {
            if table.jobs.count > pushed {
                queue.push(table.jobs[pushed...])
                pushed = table.jobs.count
            }
        }
        // Newest commits first: git packs store the newest version of a file whole and older ones as
        // deltas against it, so each blob read is then one delta from the version read before it
        // (oldest-first rebuilt long chains again and again). Which commit introduced what does not
        // depend on the order (the table keeps the earliest).
        for c in stride(from: walk.ids.count - 1, through: 0, by: -1) {
            options.progress?.commits.add(1, ordering: .relaxed)
            let parent = walk.firstParent[c]
            let changes: [TreeChange]
            do {
                let diff = try repo.treeChanges(tree: walk.trees[c], base: parent >= 0 ? walk.trees[Int(parent)] : nil)
                changes = diff.changes
                for m in diff.missing {
                    issues.append(ScanIssue(kind: .missingObject, path: m.path, object: m.id.hex,
                                            message: "tree \(m.id.hex) (\(m.path)/ in commit \(walk.ids[c].hex)) is missing or corrupt; the files under it were not scanned (run `git fsck`, or fetch it again)"))
                }
            } catch {
                issues.append(ScanIssue(kind: .missingObject, object: walk.trees[c].hex,
                                        message: "commit \(walk.ids[c].hex): \(error.description)"))
                continue
            }
            for change in changes { table.add(change, commit: Int32(c), time: walk.times[c], stats: &stats, history: &history) }
            if c & 15 == 0 { pushNewJobs() }
        }
        table.finishChanges()
        for t in tips.trees {
            if let diff = try? repo.treeChanges(tree: t.id, base: nil) {
                for change in diff.changes { table.add(change, commit: -1, time: .max, stats: &stats, history: &history) }
            }
        }
        for b in tips.blobs { table.add(TreeChange(path: b.ref, blob: b.id, kind: .file), commit: -1, time: .max, stats: &stats, history: &history) }
        for b in looseBlobs where !table.knowsBlob(b) {
            table.add(TreeChange(path: b.hex, blob: b, kind: .file), commit: -1, time: .max, stats: &stats, history: &history)
        }

        // 3. The rest of the jobs; wait for the workers.
        pushNewJobs()
        queue.finish()
        let scanned: BlobScanner.Outcomes
        do { scanned = try running.wait() } catch { throw .git(error) }
        stats.add(scanned.stats)
        history.blobsScanned = scanned.history.blobsScanned
        history.lfsPointersSkipped = scanned.history.lfsPointersSkipped

        // 4. Attribute: one finding per (rule, secret, path), at the earliest introduction.
        var attribution = Attribution()
        for (jobIndex, outcome) in scanned.outcomes.sorted(by: { $0.key < $1.key }) {
            issues += outcome.issues
            for intro in table.introductions(ofJob: jobIndex) {
                for f in outcome.findings {
                    if intro.commit >= 0, detector.commitAllowed(ruleID: f.ruleID, commit: walk.ids[Int(intro.commit)]) { continue }
                    attribution.add(f, commit: intro.commit, path: intro.path, blob: intro.blob, time: intro.time)
                }
            }
        }
        let totals = attribution.occurrenceTotals(walk: walk, table: table)
        var infoCache: [Int32: CommitInfo] = [:]
        var findings: [Finding] = []
        for candidate in attribution.best.values {
            var f = candidate.finding
            let path = table.paths[Int(candidate.path)]
            f.location.path = path
            f.fingerprint = Finding.fingerprint(ruleID: f.ruleID, path: path, secret: f.secret.utf8)
            f.blob = table.blobs[Int(candidate.blob)]
            if candidate.commit >= 0 {
                if infoCache[candidate.commit] == nil { infoCache[candidate.commit] = repo.commitInfo(walk.ids[Int(candidate.commit)]) }
                f.commit = infoCache[candidate.commit]
            }
            f.occurrences = max(0, (totals[SecretKey(ruleID: f.ruleID, secret: f.secret)] ?? 1) - 1)
            findings.append(f)
        }
        findings.sort(by: Finding.reportOrder)
        stats.filesScanned = history.blobsScanned
        stats.rulesLoaded = detector.ruleCount
        stats.history = history
        stats.durationSeconds = Date().timeIntervalSince(started)
        return ScanResult(findings: findings, issues: issues, stats: stats, isGitRepository: true)
    }
}

/// Opening the repository for the git-backed scans.
enum GitScan {
    static func openRepository(_ path: String) throws(ScanError) -> GitRepository {
        guard FileManager.default.fileExists(atPath: path) else { throw .pathNotFound(path) }
        let repo: GitRepository?
        do { repo = try GitRepository.discover(containing: path) } catch { throw .git(error) }
        guard let repo else { throw .notAGitRepository(path) }
        return repo
    }
}

/// All commits reachable from the tips, numbered so that parents come before children.
struct CommitWalk {
    var ids: [ObjectID] = []
    var trees: [ObjectID] = []
    /// Commit times (seconds since the epoch), to order introductions on unrelated branches.
    var times: [Int64] = []
    /// Index of each commit's first parent, -1 for roots (and shallow or missing parents).
    var firstParent: [Int32] = []
    var issues: [ScanIssue] = []

    /// Walks from `tips` through parents, never past the shallow boundary nor into `stop`.
    init(repo: GitRepository, tips: [ObjectID], shallow: Set<ObjectID>, stop: Set<ObjectID> = []) {
        var indexOf: [ObjectID: Int32] = [:]
        var pending: [ObjectID: (parents: [ObjectID], tree: ObjectID, time: Int64)] = [:]
        var missing = Set<ObjectID>()
        var stack: [(ObjectID, Bool)] = tips.reversed().map { ($0, false) }
        while let (id, expanded) = stack.popLast() {
            if indexOf[id] != nil || missing.contains(id) || stop.contains(id) { continue }
            if expanded {
                guard let node = pending.removeValue(forKey: id) else { continue }
                indexOf[id] = Int32(ids.count)
                ids.append(id)
                trees.append(node.tree)
                times.append(node.time)
                let parent = shallow.contains(id) ? nil : node.parents.first
                firstParent.append(parent.flatMap { indexOf[$0] } ?? -1)
                continue
            }
            if pending[id] != nil { continue }
            guard let node = repo.commitNode(id) else {
                missing.insert(id)
                issues.append(ScanIssue(kind: .missingObject, object: id.hex,
                                        message: "commit \(id.hex) is missing or corrupt; history behind it was not scanned (run `git fsck`, or fetch the full history)"))
                continue
            }
            pending[id] = node
            stack.append((id, true))
            if !shallow.contains(id) {
                for p in node.parents.reversed() where indexOf[p] == nil { stack.append((p, false)) }
            }
        }
    }
}

/// Interned paths and blobs, every (path, blob) introduction, per-commit changes and scan jobs.
struct IntroductionTable {
    struct Introduction { var commit: Int32; var path: Int32; var blob: Int32; var time: Int64 }

    let worker: DetectorWorker
    var paths: [String] = []
    var pathIndex: [String: Int32] = [:]
    var pathProfile: [Int32] = []
    var profiles: [String: Int32] = [:]
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
    var jobs: [BlobJob] = []
    var jobOf: [UInt64: Int] = [:]
    var jobKey: [(blob: Int32, profile: Int32)] = []

    init(detector: Detector, commitCount: Int) {
        worker = detector.makeWorker()
        changesOf = Array(repeating: [], count: commitCount)
    }

    static func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    func knowsBlob(_ id: ObjectID) -> Bool { blobIndex[id] != nil }

    mutating func intern(path: String) -> Int32 {
        if let i = pathIndex[path] { return i }
        let i = Int32(paths.count)
        paths.append(path)
        pathIndex[path] = i
        let profile = worker.pathProfile(path)
        if let p = profiles[profile] {
            pathProfile.append(p)
        } else {
            let p = Int32(profiles.count)
            profiles[profile] = p
            pathProfile.append(p)
        }
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
        let key = IntroductionTable.pair(b, pathProfile[Int(p)])
        if jobOf[key] == nil {
            jobOf[key] = jobs.count
            jobs.append(BlobJob(blob: blob, path: change.path))
            jobKey.append((b, pathProfile[Int(p)]))
        }
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
        let key = jobKey[job]
        return (introductionsOfBlob[key.blob] ?? []).map { introductions[$0] }.filter { pathProfile[Int($0.path)] == key.profile }
    }
}

/// Identity of a secret regardless of where it is.
struct SecretKey: Hashable {
    var ruleID: String
    var secret: String
}

/// Chooses, for each (rule, secret, path), the earliest introduction, and counts occurrences.
struct Attribution {
    struct Candidate { var finding: Finding; var commit: Int32; var path: Int32; var blob: Int32; var time: Int64 }
    struct Key: Hashable { var secret: SecretKey; var path: Int32 }

    var best: [Key: Candidate] = [:]
    /// (path, blob) pair -> secrets found in that blob at that path.
    var secretsAt: [UInt64: Set<SecretKey>] = [:]
    /// Introductions outside any commit (tags to blobs, dangling blobs).
    var uncommitted: [SecretKey: Int] = [:]

    /// Earlier means: in a commit before none (dangling), then by commit time, then by walk order
    /// (parents come before children, so ties on one line of history go to the ancestor).
    mutating func add(_ f: Finding, commit: Int32, path: Int32, blob: Int32, time: Int64) {
        let secret = SecretKey(ruleID: f.ruleID, secret: f.secret)
        let key = Key(secret: secret, path: path)
        if commit >= 0 {
            secretsAt[IntroductionTable.pair(path, blob), default: []].insert(secret)
        } else {
            uncommitted[secret, default: 0] += 1
        }
        if let current = best[key] {
            let earlier = commit >= 0 && (current.commit < 0 || (time, commit) < (current.time, current.commit))
            if !earlier { return }
        }
        best[key] = Candidate(finding: f, commit: commit, path: path, blob: blob, time: time)
    }

    /// For each secret, how many (commit, path) places hold it: every commit whose tree has, at a
    /// path, a blob in which the secret was found.
    func occurrenceTotals(walk: CommitWalk, table: IntroductionTable) -> [SecretKey: Int] {
        var totals = uncommitted
        let interesting = Array(Set(secretsAt.keys.map { Int32(truncatingIfNeeded: $0 >> 32) })).sorted()
        let commitCount = walk.ids.count
        let chunk = 64
        var start = 0
        while start < interesting.count {
            let group = Array(interesting[start..<min(start + chunk, interesting.count)])
            var slotOf: [Int32: Int] = [:]
            for (i, p) in group.enumerated() { slotOf[p] = i }
            let width = group.count
            var rows = [Int32](repeating: -1, count: commitCount * width)
            for c in 0..<commitCount {
                let parent = Int(walk.firstParent[c])
                if parent >= 0 {
                    for s in 0..<width { rows[c * width + s] = rows[parent * width + s] }
                }
                for i in table.changeStart[c]..<table.changeStart[c + 1] {
                    if let s = slotOf[table.changePath[i]] { rows[c * width + s] = table.changeBlob[i] }
                }
                for s in 0..<width {
                    let b = rows[c * width + s]
                    guard b >= 0, let secrets = secretsAt[IntroductionTable.pair(group[s], b)] else { continue }
                    for k in secrets { totals[k, default: 0] += 1 }
                }
            }
            start += chunk
        }
        return totals
    }
}
