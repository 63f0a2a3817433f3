import Foundation

/// Scans every blob reachable from every ref (optionally every object), each distinct blob once,
/// and attributes each finding to the earliest commit that introduced it at its path.
public enum HistoryScanner {
    public static func scan(path: String, detector: Detector, options: HistoryOptions) throws(ScanError) -> ScanResult {
        let started = Date()
        let repo = try GitScan.openRepository(path)
        repo.useWalkCaches()
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
        // Newest commits first (trees, like blobs, are mostly stored as deltas against newer
        // versions), in blocks of consecutive commits diffed on every thread (each with its own
        // repository handle and caches) and recorded in order here. Which commit introduced what does
        // not depend on the order (the table keeps the earliest).
        let trees = walk.trees
        let parents = walk.firstParent
        let count = walk.ids.count
        let gitDirectory = repo.gitDirectory
        let perBlock = 512
        OrderedBlocks.run(
            count: (count + perBlock - 1) / perBlock, helpers: options.threads - 1, local: repo,
            makeWorker: {
                let repo = try? GitRepository.open(gitDirectory: gitDirectory)
                repo?.useWalkCaches()
                return repo
            },
            work: { repo, block -> [CommitDiff] in
                let newest = count - 1 - block * perBlock
                let oldest = max(0, count - (block + 1) * perBlock)
                return stride(from: newest, through: oldest, by: -1).map { c in
                    CommitDiff(commit: c, repo: repo, tree: trees[c], base: parents[c] >= 0 ? trees[Int(parents[c])] : nil)
                }
            },
            consume: { _, diffs in
                for diff in diffs {
                    let c = diff.commit
                    options.progress?.commits.add(1, ordering: .relaxed)
                    if let error = diff.error {
                        issues.append(
                            ScanIssue(
                                kind: .missingObject, object: walk.trees[c].hex,
                                message: "commit \(walk.ids[c].hex): \(error.description)"))
                        continue
                    }
                    for m in diff.missing {
                        issues.append(
                            ScanIssue(
                                kind: .missingObject, path: m.path, object: m.id.hex,
                                message:
                                    """
                                    tree \(m.id.hex) (\(m.path)/ in commit \(walk.ids[c].hex)) is missing or corrupt; the files under \
                                    it were not scanned (run `git fsck`, or fetch it again)
                                    """
                            ))
                    }
                    for change in diff.changes {
                        table.add(change, commit: Int32(c), time: walk.times[c], stats: &stats, history: &history)
                    }
                }
            })
        table.finishChanges()
        for t in tips.trees {
            if let diff = try? repo.treeChanges(tree: t.id, base: nil) {
                for change in diff.changes { table.add(change, commit: -1, time: .max, stats: &stats, history: &history) }
            }
        }
        for b in tips.blobs {
            table.add(TreeChange(path: b.ref, blob: b.id, kind: .file), commit: -1, time: .max, stats: &stats, history: &history)
        }
        for b in looseBlobs where !table.knowsBlob(b) {
            table.add(TreeChange(path: b.hex, blob: b, kind: .file), commit: -1, time: .max, stats: &stats, history: &history)
        }

        // 3. The blobs, read in delta-chain order (every blob once), by workers. Attribute the findings
        //    as the workers hand them over: one finding per (rule, secret, path), at the earliest
        //    introduction (memory follows the findings reported, not every blob's findings).
        // The walk's caches go first: the reading order needs only entry headers.
        repo.clearCaches()
        let queue = WorkQueue<BlobJob>()
        queue.push(BlobScanner.readingOrder(table.jobs, repository: repo))
        queue.finish()
        Memory.returnFreedPages()
        let running = BlobScanner.start(
            queue, gitDirectory: repo.gitDirectory, detector: detector,
            maxFileSize: options.maxFileSize, threads: options.threads,
            progress: options.progress, iac: options.iac, wholeBlobs: options.wholeBlobs)
        var attribution = Attribution()
        var issuesOfJobs: [(job: Int, issues: [ScanIssue])] = []
        var finished = false
        while !finished {
            let taken = running.take(waitingUpTo: 0.05)
            finished = taken.finished
            for (jobIndex, outcome) in taken.outcomes {
                if !outcome.issues.isEmpty { issuesOfJobs.append((jobIndex, outcome.issues)) }
                for intro in table.introductions(ofJob: jobIndex) {
                    for (order, f) in outcome.findings.enumerated() {
                        if intro.commit >= 0, detector.commitAllowed(ruleID: f.ruleID, commit: walk.ids[Int(intro.commit)]) { continue }
                        attribution.add(
                            f, commit: intro.commit, path: intro.path, blob: intro.blob, time: intro.time, job: jobIndex, order: order)
                    }
                }
            }
        }
        let scanned: BlobScanner.Outcomes
        do { scanned = try running.wait() } catch { throw .git(error) }
        stats.add(scanned.stats)
        history.blobsScanned = scanned.history.blobsScanned
        history.lfsPointersSkipped = scanned.history.lfsPointersSkipped
        for (_, jobIssues) in issuesOfJobs.sorted(by: { $0.job < $1.job }) { issues += jobIssues }

        // 4. Where each secret is in the history, and the report.
        let totals = attribution.occurrenceTotals(walk: walk, table: table)
        var infoCache: [Int32: CommitInfo] = [:]
        var findings: [Finding] = []
        for candidate in attribution.best.values {
            var f = candidate.finding
            let path = table.paths[Int(candidate.path)]
            f.location.path = path
            f.fingerprint = Finding.fingerprint(ruleID: f.ruleID, path: path, secret: f.identity.utf8)
            f.blob = table.blobs[Int(candidate.blob)]
            if candidate.commit >= 0 {
                if infoCache[candidate.commit] == nil { infoCache[candidate.commit] = repo.commitInfo(walk.ids[Int(candidate.commit)]) }
                f.commit = infoCache[candidate.commit]
            }
            f.occurrences = max(0, (totals[SecretKey(ruleID: f.ruleID, secret: f.identity)] ?? 1) - 1)
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

/// One commit's tree diff against its first parent, computed by any thread of the walk.
private struct CommitDiff: Sendable {
    var commit: Int
    var changes: [TreeChange] = []
    var missing: [(path: String, id: ObjectID)] = []
    var error: GitError?

    init(commit: Int, repo: GitRepository, tree: ObjectID, base: ObjectID?) {
        self.commit = commit
        do {
            (changes, missing) = try repo.treeChanges(tree: tree, base: base)
        } catch {
            self.error = error
        }
    }
}
