import Foundation

/// Scans what commits in a range, or the staged index, add: each changed blob is scanned once in
/// full (so multi-line secrets are seen whole), and only findings on added lines are reported.
public enum DiffScanner {
    /// Commits selected by `selection`, each judged by the lines it adds against each parent (for a
    /// merge, only lines new against every parent: the merge resolution).
    public static func scanRange(
        path: String, selection: CommitSelection, detector: Detector,
        options: HistoryOptions
    ) throws(ScanError) -> ScanResult {
        let started = Date()
        let repo = try GitScan.openRepository(path)
        var history = HistoryStats()
        history.shallow = repo.isShallow
        let shallow = repo.shallowBoundary()
        let include: [ObjectID]
        let exclude: [ObjectID]
        do {
            switch selection {
            case .range(let spec):
                guard let dots = spec.range(of: "..") else {
                    throw ScanError.unsupported("--range '\(spec)' must look like BASE..HEAD")
                }
                let a = String(spec[..<dots.lowerBound])
                let b = String(spec[dots.upperBound...]).replacingOccurrences(of: ".", with: "", options: .anchored)
                include = [try repo.resolveCommit(b.isEmpty ? "HEAD" : b)]
                exclude = [try repo.resolveCommit(a.isEmpty ? "HEAD" : a)]
            case .since(let rev):
                include = [try repo.resolveCommit("HEAD")]
                exclude = [try repo.resolveCommit(rev)]
            case .branch(let ref):
                include = [try repo.resolveCommit(ref)]
                exclude = []
            }
        } catch let error as GitError {
            throw .git(error)
        } catch let error as ScanError {
            throw error
        } catch {
            throw .unsupported("\(error)")
        }
        // Commits reachable from the head but not from the base; a hand-made walk, because it must
        // stop at a shallow clone's boundary (libgit2's revwalk here would fail there).
        let remoteTips = options.notRemotes ? repo.refTips().remoteCommits : []
        let excluded = Set(CommitWalk(repo: repo, tips: exclude + remoteTips, shallow: shallow).ids)
        let walk = CommitWalk(repo: repo, tips: include, shallow: shallow, stop: excluded)
        let commits = walk.ids
        var issues: [ScanIssue] = walk.issues
        var touched: [Touched] = []
        // Each commit's added lines, in blocks of consecutive commits computed on every thread (each
        // with its own repository handle and caches) and recorded here in commit order.
        let gitDirectory = repo.gitDirectory
        let perBlock = 16
        OrderedBlocks.run(
            count: (commits.count + perBlock - 1) / perBlock, helpers: options.threads - 1, local: repo,
            makeWorker: { try? GitRepository.open(gitDirectory: gitDirectory) },
            work: { repo, block -> [CommitAdditions] in
                (block * perBlock..<min(commits.count, (block + 1) * perBlock)).map { ci in
                    additions(of: commits[ci], repo: repo, shallow: shallow)
                }
            },
            consume: { block, results in
                for (k, r) in results.enumerated() {
                    options.progress?.commits.add(1, ordering: .relaxed)
                    issues += r.issues
                    history.submodulesSkipped += r.submodules
                    for f in r.files { touched.append(Touched(commit: block * perBlock + k, path: f.path, blob: f.blob, lines: f.lines)) }
                }
            })
        history.commitsScanned = commits.count
        var result = try scanTouched(
            touched, repo: repo, detector: detector, options: options, history: history, issues: issues,
            commitInfo: { ci in repo.commitInfo(commits[ci]) }, commitID: { commits[$0] })
        result.stats.durationSeconds = Date().timeIntervalSince(started)
        return result
    }

    /// The staged content (the index) of files that differ from HEAD; only lines the staged change
    /// adds are reported, with line numbers of the staged version. Works before the first commit.
    public static func scanStaged(path: String, detector: Detector, options: HistoryOptions) throws(ScanError) -> ScanResult {
        let started = Date()
        let repo = try GitScan.openRepository(path)
        guard let worktree = WorkTreeRepository(repo), let realWorkdir = FileSystem.realPath(worktree.workTree) else {
            throw .unsupported("\(path): a bare repository has no staged changes")
        }
        let staged: (files: [AddedLines], missing: [String])
        do { staged = try repo.stagedAddedLines() } catch { throw .git(error) }
        let prefix = FileSystem.relativePrefix(of: path, in: realWorkdir)
        var touched: [Touched] = []
        for f in staged.files where f.kind == .file && !f.lines.isEmpty && (prefix.isEmpty || f.path.hasPrefix(prefix)) {
            touched.append(Touched(commit: -1, path: String(f.path.dropFirst(prefix.count)), blob: f.blob, lines: f.lines))
        }
        let issues = staged.missing.map { ScanIssue(kind: .missingObject, message: "staged \($0)") }
        var result = try scanTouched(
            touched, repo: repo, detector: detector, options: options, history: HistoryStats(),
            issues: issues, commitInfo: { _ in nil }, commitID: { _ in nil })
        result.stats.durationSeconds = Date().timeIntervalSince(started)
        return result
    }

    /// What one commit of a range adds: its files with the lines each adds (against its parent; for a
    /// merge, lines new against every parent), the submodule entries it changes, and what could not be read.
    struct CommitAdditions: Sendable {
        var files: [AddedLines] = []
        var submodules = 0
        var issues: [ScanIssue] = []
    }

    static func additions(of commit: ObjectID, repo: GitRepository, shallow: Set<ObjectID>) -> CommitAdditions {
        var issues: [ScanIssue] = []
        guard let node = repo.commitNode(commit) else {
            issues.append(ScanIssue(kind: .missingObject, object: commit.hex, message: "commit \(commit.hex) is missing or corrupt"))
            return CommitAdditions(issues: issues)
        }
        let parents = shallow.contains(commit) ? [] : node.parents
        if parents.count > 1, mergeAddsNothing(node.tree, parents: parents, repo: repo) { return CommitAdditions() }
        var added: [AddedLines]?
        for parent in parents.isEmpty ? [nil] : parents.map(Optional.some) {
            var base: ObjectID?
            if let parent {
                if let p = repo.commitNode(parent) {
                    base = p.tree
                } else {
                    issues.append(
                        ScanIssue(
                            kind: .missingObject, object: parent.hex,
                            message: "parent \(parent.hex) of commit \(commit.hex) is missing; judging the commit against an empty tree"
                        ))
                }
            }
            // A merge adds only what is new against every parent. Past the first parent, the
            // parent's tree is looked at only where the merge still adds lines: a merge of a topic
            // differs from its second parent across everything the mainline did meanwhile.
            if let current = added, let base, let narrowed = narrow(current, against: base, repo: repo) {
                added = narrowed
                continue
            }
            // Past the first parent, only the paths that still add lines matter.
            let only = added.map { Set($0.lazy.filter { !$0.lines.isEmpty }.map(\.path)) }
            do {
                let r = try repo.addedLines(tree: node.tree, base: base, only: only)
                for m in r.missing { issues.append(ScanIssue(kind: .missingObject, message: "commit \(commit.hex): \(m)")) }
                added = added.map { intersect($0, r.files) } ?? r.files
            } catch {
                issues.append(
                    ScanIssue(kind: .missingObject, object: node.tree.hex, message: "commit \(commit.hex): \(error.description)"))
            }
        }
        guard let files = added else { return CommitAdditions(issues: issues) }
        var result = CommitAdditions(issues: issues)
        for f in files {
            switch f.kind {
            case .submodule: result.submodules += 1
            case .symlink: continue
            case .file: if !f.lines.isEmpty { result.files.append(f) }
            }
        }
        return result
    }

    /// Whether a merge adds no line that is new against every parent, known from trees alone, with no
    /// diff of contents: each file it changes against its first parent is, at the same path in another
    /// parent, the same blob as a regular file (so that parent's diff does not list the path). A clean
    /// merge of a topic is all such files. False when a tree cannot be read or a submodule changed (the
    /// full diffs then report and count those).
    static func mergeAddsNothing(_ tree: ObjectID, parents: [ObjectID], repo: GitRepository) -> Bool {
        var trees: [ObjectID] = []
        for p in parents {
            guard let node = repo.commitNode(p) else { return false }
            trees.append(node.tree)
        }
        guard let changes = try? repo.treeChanges(tree: tree, base: trees[0]), changes.missing.isEmpty else { return false }
        for change in changes.changes {
            // Deleted paths and symbolic links add no lines; a changed submodule is counted by the full diff.
            guard let blob = change.blob, change.kind != .symlink else { continue }
            if change.kind == .submodule { return false }
            let unchangedElsewhere = trees.dropFirst().contains { base in
                guard let entry = repo.entry(at: change.path, in: base) else { return false }
                return entry.id == blob && (entry.mode == 0o100644 || entry.mode == 0o100755)
            }
            if !unchangedElsewhere { return false }
        }
        return true
    }

    /// The lines of `files` that are also new against another parent's tree `base`, as that parent's
    /// whole diff (`intersect`) would give them, found by looking up only the paths that still add
    /// lines; nil when a path needs the whole diff: it is not a regular file in `base`, so the diff
    /// could pair it with a deleted file as a rename (a file changed in place never is one), or a blob
    /// cannot be read (the whole diff then says which).
    static func narrow(_ files: [AddedLines], against base: ObjectID, repo: GitRepository) -> [AddedLines]? {
        var out = files
        for i in out.indices where out[i].kind == .file && !out[i].lines.isEmpty {
            guard let entry = repo.entry(at: out[i].path, in: base), entry.mode == 0o100644 || entry.mode == 0o100755 else {
                return nil
            }
            // The same blob there: that parent's diff does not list the path at all.
            if entry.id == out[i].blob {
                out[i].lines = []
                continue
            }
            guard case .success(let lines) = repo.addedLines(old: entry.id, oldPath: out[i].path, new: out[i].blob, newPath: out[i].path)
            else { return nil }
            out[i].lines.formIntersection(lines)
        }
        return out
    }

    /// `files` with each file's lines narrowed to those `other` (another parent's diff) also adds at
    /// the same path, byte for byte (two names Unicode calls equivalent are two files to git).
    static func intersect(_ files: [AddedLines], _ other: [AddedLines]) -> [AddedLines] {
        let byPath = Dictionary(other.map { (Array($0.path.utf8), $0.lines) }, uniquingKeysWith: { a, _ in a })
        return files.map {
            var f = $0
            f.lines.formIntersection(byPath[Array(f.path.utf8)] ?? [])
            return f
        }
    }

    /// A blob at a path in a commit (-1: the index), with the lines the change adds.
    struct Touched {
        var commit: Int
        var path: String
        var blob: ObjectID
        var lines: Set<Int>
    }

    private static func scanTouched(
        _ touched: [Touched], repo: GitRepository, detector: Detector, options: HistoryOptions,
        history: HistoryStats, issues: [ScanIssue], commitInfo: (Int) -> CommitInfo?,
        commitID: (Int) -> ObjectID?
    ) throws(ScanError) -> ScanResult {
        var history = history
        var issues = issues
        var table = JobTable(detector: detector)
        let jobOfTouched = touched.map { table.job(blob: $0.blob, path: $0.path) }
        let jobs = table.jobs
        let scanned: (outcomes: [Int: BlobOutcome], stats: ScanStats, history: HistoryStats)
        do {
            scanned = try BlobScanner.scan(
                jobs, repository: repo, detector: detector,
                maxFileSize: options.maxFileSize, threads: options.threads, progress: options.progress,
                iac: options.iac, wholeBlobs: options.wholeBlobs)
        } catch { throw .git(error) }
        history.blobsScanned = scanned.history.blobsScanned
        history.lfsPointersSkipped = scanned.history.lfsPointersSkipped
        for (_, outcome) in scanned.outcomes.sorted(by: { $0.key < $1.key }) { issues += outcome.issues }

        struct Key: Hashable {
            var rule: String
            var secret: String
            var path: String
        }
        var best: [Key: (finding: Finding, commit: Int)] = [:]
        var counts: [SecretKey: Int] = [:]
        for (i, t) in touched.enumerated() {
            guard let outcome = scanned.outcomes[jobOfTouched[i]] else { continue }
            for f in outcome.findings where (f.location.line...f.location.endLine).contains(where: t.lines.contains) {
                if let id = commitID(t.commit), detector.commitAllowed(ruleID: f.ruleID, commit: id) { continue }
                counts[SecretKey(ruleID: f.ruleID, secret: f.identity), default: 0] += 1
                let key = Key(rule: f.ruleID, secret: f.identity, path: t.path)
                if let current = best[key], current.commit <= t.commit { continue }
                var g = f
                g.location.path = t.path
                g.fingerprint = Finding.fingerprint(ruleID: f.ruleID, path: t.path, secret: f.identity.utf8)
                g.blob = t.blob
                best[key] = (g, t.commit)
            }
        }
        var findings: [Finding] = []
        for (_, v) in best {
            var f = v.finding
            if v.commit >= 0 {
                f.commit = commitInfo(v.commit)
                f.occurrences = max(0, (counts[SecretKey(ruleID: f.ruleID, secret: f.identity)] ?? 1) - 1)
            }
            findings.append(f)
        }
        findings.sort(by: Finding.reportOrder)
        var stats = scanned.stats
        stats.filesScanned = history.blobsScanned
        stats.rulesLoaded = detector.ruleCount
        stats.history = history
        return ScanResult(findings: findings, issues: issues, stats: stats, isGitRepository: true)
    }
}
