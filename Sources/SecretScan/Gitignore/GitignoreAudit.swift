import Foundation

/// What a gitignore audit found.
public struct GitignoreAuditResult: Sendable {
    /// Absolute path of the audited work tree, with a trailing `/`. Finding paths are relative to it.
    public var workTree: String
    /// Findings of kind `.gitignore`, in report order.
    public var findings: [Finding]
    /// Ignore files that could not be read: the audit is incomplete.
    public var issues: [ScanIssue]
    /// `[gitignore]` configuration entries that were skipped or had no effect.
    public var warnings: [String]
    /// The sensitive patterns `--fix` would append to the top `.gitignore` (not covered there, or
    /// covered only locally), in list order.
    public var missingPatterns: [String]
    /// Tracked and untracked files checked.
    public var filesChecked: Int
    public var durationSeconds: Double

    /// The findings as a scan result, for the reporters.
    public var scanResult: ScanResult {
        var stats = ScanStats()
        stats.filesScanned = filesChecked
        stats.durationSeconds = durationSeconds
        return ScanResult(findings: findings, issues: issues, stats: stats, isGitRepository: true)
    }
}

/// How a gitignore audit reports sensitive patterns that no committed `.gitignore` covers.
public enum CoverageStyle: Sendable {
    /// One `gitignore-not-covered` advisory for the repository, listing every pattern (what `scan`
    /// reports: a repository without the full list is the rule, not the exception).
    case advisory
    /// One finding per pattern (the `gitignore` command's detailed listing).
    case perPattern
}

/// Checks that sensitive files cannot be committed, and finds the ones that are or nearly are.
public enum GitignoreAudit {
    /// Audits the git work tree that contains `root` (the whole repository, whatever directory of it
    /// `root` names):
    /// - coverage: each sensitive pattern's example paths (its probes, plus one in each directory
    ///   with its own committed `.gitignore`) must be ignored by the tracked `.gitignore` files alone
    ///   (`gitignore-not-covered`, `gitignore-negated`, `gitignore-not-shared`);
    /// - index entries with sensitive names, and tracked files the ignore rules exclude
    ///   (`gitignore-tracked-sensitive`, `gitignore-tracked-ignored`);
    /// - untracked, unignored sensitive files (`gitignore-exposed-untracked`);
    /// - templates that the committed `.gitignore` files ignore (`gitignore-template-ignored`).
    /// `environment` supplies `HOME`, `XDG_CONFIG_HOME` and `GIT_CONFIG_*` for git's global configuration.
    public static func audit(
        root: String, settings: GitignoreSettings, coverage: CoverageStyle = .perPattern,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(GitignoreError) -> GitignoreAuditResult {
        let repo = try GitignoreMatcher.openRepository(root)
        return try audit(repo, list: SensitiveFileList(settings: settings), environment: environment, coverage: coverage)
    }

    /// What git decides for each of `paths` (relative to `root`, or absolute inside the work tree),
    /// as `git check-ignore -v -n --no-index` does; in the order given. A path names a directory
    /// when it ends in `/` or is a directory in the work tree.
    public static func explain(
        root: String, paths: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(GitignoreError) -> [IgnoreDecision] {
        let repo = try GitignoreMatcher.openRepository(root)
        var matcher = try GitignoreMatcher(repository: repo, environment: environment)
        let workTree = repo.workTree
        let prefix = relativePrefix(of: root, in: workTree)
        var decisions: [IgnoreDecision] = []
        for given in paths {
            guard let rel = normalize(given, prefix: prefix, workTree: workTree) else { throw .outsideRepository(given) }
            var st = stat()
            let isDir =
                given.hasSuffix("/")
                || (!rel.isEmpty && lstat(workTree + rel, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR)
            decisions.append(matcher.explain(path: rel, isDirectory: isDir))
        }
        return decisions
    }

    static func audit(
        _ worktree: WorkTreeRepository, list: SensitiveFileList, environment: [String: String],
        overrides: [String: [UInt8]] = [:], coverage: CoverageStyle = .perPattern
    ) throws(GitignoreError) -> GitignoreAuditResult {
        let started = Date()
        let repo = worktree.repository
        let workTree = worktree.workTree
        let files: GitRepository.WorkingTreeFiles
        do { files = try repo.workingTreeFiles(includeIgnored: false) } catch { throw .git(error) }
        let trackedIgnore = GitignoreMatcher.ignoreFiles(in: files.tracked)
        var shared = GitignoreMatcher(
            workTree: workTree, gitDirectory: repo.commonDirectory, trackedIgnoreFiles: trackedIgnore,
            scope: .sharedOnly, environment: environment, overrides: overrides)
        var full = GitignoreMatcher(
            workTree: workTree, gitDirectory: repo.commonDirectory, trackedIgnoreFiles: trackedIgnore,
            scope: .all, environment: environment, overrides: overrides)
        var findings: [Finding] = []
        var gaps: [CoverageGap] = []
        var missing: [String] = []
        let rootLines = topIgnoreLines(workTree: workTree, overrides: overrides)
        // Directories with their own committed .gitignore: a nested file can re-include what the top one ignores.
        let nestedDirs = trackedIgnore.sorted().compactMap { p -> String? in
            p == ".gitignore" ? nil : String(p.dropLast(".gitignore".count))
        }

        // 1. Coverage of each sensitive pattern by the committed .gitignore files.
        for entry in list.patterns {
            var probes = entry.probes
            let regular = probes.count
            if let nested = entry.nestedProbe {
                for dir in nestedDirs where shared.ignoreFiles(applyingTo: dir).contains(dir + ".gitignore") {
                    probes.append(dir + nested)
                }
            }
            var seen = Set<String>()
            var isNested: [String: Bool] = [:]
            for (i, p) in probes.enumerated() { isNested[p] = isNested[p] ?? (i >= regular) }
            probes = probes.filter { seen.insert($0).inserted && !SensitiveFileList.isTemplate($0) }
            var notCovered: [String] = []
            var negated: [(match: IgnoreMatch, probes: [String])] = []
            var local: [(match: IgnoreMatch, shared: Bool, probes: [String])] = []
            for probe in probes {
                let s = shared.explain(path: probe, isDirectory: false)
                if s.ignored { continue }
                let f = full.explain(path: probe, isDirectory: false)
                if f.ignored, let m = f.match {
                    if let i = local.firstIndex(where: { $0.match == m }) {
                        local[i].probes.append(probe)
                    } else {
                        local.append((m, f.shared, [probe]))
                    }
                } else if let m = s.match, m.isNegation {
                    if let i = negated.firstIndex(where: { $0.match == m }) {
                        negated[i].probes.append(probe)
                    } else {
                        negated.append((m, [probe]))
                    }
                } else {
                    notCovered.append(probe)
                }
            }
            // A probe in a directory with its own .gitignore is there to reveal what that file
            // re-includes; where a top-level probe has the same outcome, it adds nothing.
            func pruned(_ group: [String]) -> [String] {
                group.contains(where: { isNested[$0] == false }) ? group.filter { isNested[$0] == false } : group
            }
            notCovered = pruned(notCovered)
            for i in negated.indices { negated[i].probes = pruned(negated[i].probes) }
            for i in local.indices { local[i].probes = pruned(local[i].probes) }
            if !notCovered.isEmpty {
                switch coverage {
                case .perPattern: findings.append(notCoveredFinding(entry: entry, probes: notCovered))
                case .advisory: gaps.append(CoverageGap(pattern: entry.pattern, probe: notCovered[0], required: entry.required))
                }
            }
            for n in negated { findings.append(negatedFinding(entry: entry, probes: n.probes, match: n.match)) }
            for l in local { findings.append(notSharedFinding(entry: entry, probes: l.probes, match: l.match, shared: l.shared)) }
            if (!notCovered.isEmpty || !local.isEmpty) && !rootLines.contains(entry.pattern) {
                missing.append(entry.pattern)
            }
        }

        // 2. Templates must stay trackable.
        var templateHits: [(match: IgnoreMatch, probes: [String])] = []
        var templateProbes = SensitiveFileList.templateProbes.map(\.probe)
        for dir in nestedDirs { templateProbes.append(dir + ".env.example") }
        templateProbes += files.tracked.filter { SensitiveFileList.isTemplate($0) }
        var seenTemplates = Set<String>()
        for probe in templateProbes where seenTemplates.insert(probe).inserted {
            let s = shared.explain(path: probe, isDirectory: false)
            guard s.ignored, let m = s.match else { continue }
            if let i = templateHits.firstIndex(where: { $0.match == m }) {
                templateHits[i].probes.append(probe)
            } else {
                templateHits.append((m, [probe]))
            }
        }
        for t in templateHits { findings.append(templateFinding(t.match, probes: t.probes)) }

        // 3. Tracked files: sensitive names, and files the ignore rules exclude.
        for path in files.tracked {
            let decision = full.explain(path: path, isDirectory: false)
            if let entry = list.match(path) {
                findings.append(trackedSensitiveFinding(path, entry: entry, decision: decision))
            } else if decision.ignored, let m = decision.match, !SensitiveFileList.isTemplate(path) {
                findings.append(trackedIgnoredFinding(path, match: m))
            }
        }

        // 4. Untracked sensitive files that `git add .` would pick up.
        for path in files.untracked {
            guard let entry = list.match(path) else { continue }
            if full.explain(path: path, isDirectory: false).ignored { continue }
            findings.append(exposedFinding(path, entry: entry))
        }

        if !gaps.isEmpty { findings.append(coverageAdvisory(gaps)) }

        var issues: [ScanIssue] = []
        for issue in full.issues + shared.issues where !issues.contains(issue) { issues.append(issue) }
        return GitignoreAuditResult(
            workTree: workTree, findings: findings.sorted(by: Finding.reportOrder), issues: issues, warnings: list.warnings,
            missingPatterns: missing, filesChecked: files.tracked.count + files.untracked.count,
            durationSeconds: Date().timeIntervalSince(started))
    }

    // MARK: helpers

    /// "`a`", "`a` and `b`", "`a`, `b` and `c`".
    static func list(_ items: [String]) -> String {
        let quoted = items.map { "`\($0)`" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
    }

    static func shellQuoted(_ s: String) -> String {
        if s.allSatisfy({ $0.isLetter || $0.isNumber || "._-/+@".contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The lines of the top `.gitignore`, trailing whitespace dropped.
    static func topIgnoreLines(workTree: String, overrides: [String: [UInt8]]) -> Set<String> {
        guard let bytes = overrides[".gitignore"] ?? FileManager.default.contents(atPath: workTree + ".gitignore").map({ Array($0) }) else {
            return []
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return Set(
            text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                .map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) })
    }

    /// The directory `root` names, relative to the work tree (`sub/dir/`, or "").
    static func relativePrefix(of root: String, in workTree: String) -> String {
        FileSystem.relativePrefix(of: root, in: workTree)
    }

    static func realPath(_ path: String) -> String { FileSystem.realPath(path) ?? path }

    /// A user-given path as a normalized repo-relative one: `prefix` joined, `.` and `..` resolved;
    /// nil when it leads out of the work tree.
    static func normalize(_ given: String, prefix: String, workTree: String) -> String? {
        let joined: String
        if given.hasPrefix("/") {
            let top = realPath(workTree)
            let topSlash = top.hasSuffix("/") ? top : top + "/"
            let wt = workTree.hasSuffix("/") ? workTree : workTree + "/"
            if given.hasPrefix(wt) || given + "/" == wt {
                joined = String(given.dropFirst(min(wt.count, given.count)))
            } else if given.hasPrefix(topSlash) || given + "/" == topSlash {
                joined = String(given.dropFirst(min(topSlash.count, given.count)))
            } else {
                return nil
            }
        } else {
            joined = prefix + given
        }
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }
}
