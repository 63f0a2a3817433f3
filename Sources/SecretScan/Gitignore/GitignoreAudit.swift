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
    public static func audit(root: String, settings: GitignoreSettings, coverage: CoverageStyle = .perPattern,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(GitignoreError) -> GitignoreAuditResult {
        let repo = try GitignoreMatcher.openRepository(root)
        return try audit(repo, list: SensitiveFileList(settings: settings), environment: environment, coverage: coverage)
    }

    /// What git decides for each of `paths` (relative to `root`, or absolute inside the work tree),
    /// as `git check-ignore -v -n --no-index` does; in the order given. A path names a directory
    /// when it ends in `/` or is a directory in the work tree.
    public static func explain(root: String, paths: [String],
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws(GitignoreError) -> [IgnoreDecision] {
        let repo = try GitignoreMatcher.openRepository(root)
        var matcher = try GitignoreMatcher(repository: repo, environment: environment)
        let workTree = repo.workTree
        let prefix = relativePrefix(of: root, in: workTree)
        var decisions: [IgnoreDecision] = []
        for given in paths {
            guard let rel = normalize(given, prefix: prefix, workTree: workTree) else { throw .outsideRepository(given) }
            var st = stat()
            let isDir = given.hasSuffix("/")
                || (!rel.isEmpty && lstat(workTree + rel, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR)
            decisions.append(matcher.explain(path: rel, isDirectory: isDir))
        }
        return decisions
    }

    static func audit(_ worktree: WorkTreeRepository, list: SensitiveFileList, environment: [String: String],
                      overrides: [String: [UInt8]] = [:], coverage: CoverageStyle = .perPattern) throws(GitignoreError) -> GitignoreAuditResult {
        let started = Date()
        let repo = worktree.repository
        let workTree = worktree.workTree
        let files: GitRepository.WorkingTreeFiles
        do { files = try repo.workingTreeFiles(includeIgnored: false) } catch { throw .git(error) }
        let trackedIgnore = GitignoreMatcher.ignoreFiles(in: files.tracked)
        var shared = GitignoreMatcher(workTree: workTree, gitDirectory: repo.commonDirectory, trackedIgnoreFiles: trackedIgnore,
                                      scope: .sharedOnly, environment: environment, overrides: overrides)
        var full = GitignoreMatcher(workTree: workTree, gitDirectory: repo.commonDirectory, trackedIgnoreFiles: trackedIgnore,
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
                    if let i = local.firstIndex(where: { $0.match == m }) { local[i].probes.append(probe) } else { local.append((m, f.shared, [probe])) }
                } else if let m = s.match, m.isNegation {
                    if let i = negated.firstIndex(where: { $0.match == m }) { negated[i].probes.append(probe) } else { negated.append((m, [probe])) }
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
            if let i = templateHits.firstIndex(where: { $0.match == m }) { templateHits[i].probes.append(probe) } else { templateHits.append((m, [probe])) }
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

    // MARK: findings

    /// The one `gitignore-not-covered` finding of a repository: every pattern no committed
    /// `.gitignore` covers, each with one path it would let through. Its fingerprint depends on the
    /// rule and the file only, so a baseline keeps accepting it while the list changes.
    static func coverageAdvisory(_ gaps: [CoverageGap]) -> Finding {
        let rule = GitignoreRuleID.notCovered
        let required = gaps.filter(\.required)
        let shown = gaps.prefix(4).map { "`\($0.pattern)`" }
        let rest = gaps.count - shown.count
        let listed = rest > 0 ? shown.joined(separator: ", ") + " and \(rest) more" : list(gaps.map(\.pattern))
        var f = Finding(kind: .gitignore, ruleID: rule.rawValue, description: rule.description,
                        severity: required.isEmpty ? .low : .high, confidence: .high,
                        tags: ["gitignore", "coverage"] + (required.isEmpty ? [] : ["required"]),
                        location: Location(path: ".gitignore", line: 1, column: 1, endLine: 1, endColumn: 1),
                        secret: "", entropy: 0,
                        fingerprint: Finding.fingerprint(ruleID: rule.rawValue, path: ".gitignore", secret: Array("coverage".utf8)),
                        remediation: "Run `secretscan gitignore --fix` to append the missing patterns to the top .gitignore, then commit it; `secretscan gitignore` lists each pattern with the path it lets through.")
        f.explanation = "No committed .gitignore ignores \(gaps.count) sensitive file pattern\(gaps.count == 1 ? "" : "s") (\(listed))"
            + (required.isEmpty ? "" : ", \(required.count) of them required by policy (\(list(required.map(\.pattern))))")
            + ": `git add` could commit such files; `secretscan gitignore --fix` adds them to .gitignore."
        f.coverageGaps = gaps
        return f
    }

    /// A coverage finding's severity: required patterns raise it (not-covered and negated to high,
    /// not-shared to medium).
    private static func severity(_ rule: GitignoreRuleID, _ entry: SensitivePattern) -> Severity {
        guard entry.required else { return rule.defaultSeverity }
        return rule == .notShared ? .medium : .high
    }

    private static func coverageFinding(_ rule: GitignoreRuleID, entry: SensitivePattern, location: Location, key: String,
                                        keyPath: String, tags: [String], explanation: String, remediation: String) -> Finding {
        var f = Finding(kind: .gitignore, ruleID: rule.rawValue, description: rule.description, severity: severity(rule, entry),
                        confidence: .high, tags: ["gitignore", entry.category] + tags, location: location, secret: "", entropy: 0,
                        fingerprint: Finding.fingerprint(ruleID: rule.rawValue, path: keyPath, secret: Array(key.utf8)),
                        remediation: remediation)
        f.explanation = explanation
        return f
    }

    private static func what(_ entry: SensitivePattern) -> String {
        "`\(entry.pattern)`" + (entry.required ? ", required by policy" : "")
    }

    private static func notCoveredFinding(entry: SensitivePattern, probes: [String]) -> Finding {
        coverageFinding(
            .notCovered, entry: entry, location: Location(path: ".gitignore", line: 1, column: 1, endLine: 1, endColumn: 1),
            key: entry.pattern, keyPath: ".gitignore", tags: [],
            explanation: "No committed .gitignore ignores \(list(probes)): \(probes.count == 1 ? "it" : "they") could be committed with `git add` (sensitive pattern \(what(entry))).",
            remediation: "Add `\(entry.pattern)` to the top .gitignore and commit it (secretscan gitignore --fix); keep the secrets such files hold in AWS Secrets Manager or SSM Parameter Store.")
    }

    private static func negatedFinding(entry: SensitivePattern, probes: [String], match m: IgnoreMatch) -> Finding {
        let nested = m.source != ".gitignore"
        return coverageFinding(
            .negated, entry: entry, location: m.location, key: entry.pattern + "\u{0}" + m.pattern, keyPath: m.source, tags: ["negation"],
            explanation: "\(list(probes)) \(probes.count == 1 ? "is" : "are") re-included by `\(m.origin)`"
                + (nested ? ", a negation in a nested .gitignore," : ", a negation,")
                + " so \(probes.count == 1 ? "it" : "they") could be committed (sensitive pattern \(what(entry))).",
            remediation: "Remove or narrow the negation at \(m.source):\(m.line) so files matching \(entry.pattern) stay ignored; keep their secrets in AWS Secrets Manager or SSM Parameter Store.")
    }

    private static func notSharedFinding(entry: SensitivePattern, probes: [String], match m: IgnoreMatch, shared: Bool) -> Finding {
        let how: String
        if m.source == ".git/info/exclude" || m.source.hasSuffix("/info/exclude") {
            how = "which only this clone reads"
        } else if m.source.hasSuffix(".gitignore") && !m.source.hasPrefix("/") {
            how = "a .gitignore that is not committed"
        } else {
            how = "this user's global core.excludesFile"
        }
        return coverageFinding(
            .notShared, entry: entry, location: m.location, key: entry.pattern + "\u{0}" + (shared ? "gitignore" : how),
            keyPath: ".gitignore", tags: ["not-shared"],
            explanation: "\(list(probes)) \(probes.count == 1 ? "is" : "are") ignored only by `\(m.origin)`, \(how): other clones would commit \(probes.count == 1 ? "it" : "them") (sensitive pattern \(what(entry))).",
            remediation: "Add `\(entry.pattern)` to the top .gitignore and commit it (secretscan gitignore --fix) so every clone ignores these files.")
    }

    private static func templateFinding(_ d: IgnoreMatch, probes: [String]) -> Finding {
        let rule = GitignoreRuleID.templateIgnored
        let negations = probes.map { "!" + (($0 as NSString).lastPathComponent) }
        var f = Finding(kind: .gitignore, ruleID: rule.rawValue, description: rule.description, severity: rule.defaultSeverity,
                        confidence: .high, tags: ["gitignore", "template"],
                        location: d.location,
                        secret: "", entropy: 0,
                        fingerprint: Finding.fingerprint(ruleID: rule.rawValue, path: d.source, secret: Array((probes.joined(separator: "\u{0}") + "\u{0}" + d.pattern).utf8)),
                        remediation: "Templates hold no secrets and show which settings exist: keep them trackable by adding \(Array(Set(negations)).sorted().map { "`\($0)`" }.joined(separator: ", ")) after line \(d.line) of \(d.source).")
        f.explanation = "Template \(list(probes)) \(probes.count == 1 ? "is" : "are") ignored by `\(d.origin)`; templates should stay trackable."
        return f
    }

    private static func trackedSensitiveFinding(_ path: String, entry: SensitivePattern, decision: IgnoreDecision) -> Finding {
        let rule = GitignoreRuleID.trackedSensitive
        var f = Finding(kind: .gitignore, ruleID: rule.rawValue, description: rule.description, severity: rule.defaultSeverity,
                        confidence: entry.confidence, tags: ["gitignore", entry.category, "tracked"],
                        location: Location(path: path, line: 1, column: 1, endLine: 1, endColumn: 1), secret: "", entropy: 0,
                        fingerprint: Finding.fingerprint(ruleID: rule.rawValue, path: path, secret: Array(entry.pattern.utf8)),
                        remediation: "Stop tracking it with `git rm --cached \(shellQuoted(path))` and make sure .gitignore covers `\(entry.pattern)`; its contents stay in the history, so rotate every secret it held and keep the new values in AWS Secrets Manager or SSM Parameter Store, fetched at run time.")
        var text = "`\(path)` is tracked in the index and matches the sensitive pattern `\(entry.pattern)`"
        if decision.ignored, let origin = decision.origin {
            text += "; `\(origin)` ignores it, but it was committed before or added with --force"
        }
        f.explanation = text + "."
        return f
    }

    private static func trackedIgnoredFinding(_ path: String, match: IgnoreMatch) -> Finding {
        let rule = GitignoreRuleID.trackedIgnored
        var f = Finding(kind: .gitignore, ruleID: rule.rawValue, description: rule.description, severity: rule.defaultSeverity,
                        confidence: .medium, tags: ["gitignore", "tracked"],
                        location: Location(path: path, line: 1, column: 1, endLine: 1, endColumn: 1), secret: "", entropy: 0,
                        fingerprint: Finding.fingerprint(ruleID: rule.rawValue, path: path, secret: Array(match.pattern.utf8)),
                        remediation: "If it should not be in the repository, run `git rm --cached \(shellQuoted(path))` (and rotate any secret it held); if it should, narrow the pattern or add a negation so the rules say so.")
        f.explanation = "`\(path)` is tracked although `\(match.origin)` ignores it (as `git ls-files -ci --exclude-standard` lists it): it was committed before the rule or added with --force."
        return f
    }

    private static func exposedFinding(_ path: String, entry: SensitivePattern) -> Finding {
        let rule = GitignoreRuleID.exposedUntracked
        var f = Finding(kind: .gitignore, ruleID: rule.rawValue, description: rule.description, severity: rule.defaultSeverity,
                        confidence: entry.confidence, tags: ["gitignore", entry.category, "untracked"],
                        location: Location(path: path, line: 1, column: 1, endLine: 1, endColumn: 1), secret: "", entropy: 0,
                        fingerprint: Finding.fingerprint(ruleID: rule.rawValue, path: path, secret: Array(entry.pattern.utf8)),
                        remediation: "Add `\(entry.pattern)` to .gitignore (secretscan gitignore --fix) before it is committed, and keep the values it holds in AWS Secrets Manager or SSM Parameter Store rather than in files in the work tree.")
        f.explanation = "`\(path)` matches the sensitive pattern `\(entry.pattern)`, is not tracked and no ignore rule excludes it: one `git add .` would commit it."
        return f
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
        guard let bytes = overrides[".gitignore"] ?? FileManager.default.contents(atPath: workTree + ".gitignore").map({ Array($0) }) else { return [] }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return Set(text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
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
