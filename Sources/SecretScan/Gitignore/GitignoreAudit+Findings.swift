import Foundation

/// The findings a gitignore audit reports, one builder per rule.
extension GitignoreAudit {

    /// The one `gitignore-not-covered` finding of a repository: every pattern no committed
    /// `.gitignore` covers, each with one path it would let through. Its fingerprint depends on the
    /// rule, the file and the missing `required` patterns only: a baseline keeps accepting it while
    /// the advisory list changes, but not once a pattern that policy requires goes missing.
    static func coverageAdvisory(_ gaps: [CoverageGap]) -> Finding {
        let rule = GitignoreRuleID.notCovered
        let required = gaps.filter(\.required)
        let shown = gaps.prefix(4).map { "`\($0.pattern)`" }
        let rest = gaps.count - shown.count
        let listed = rest > 0 ? shown.joined(separator: ", ") + " and \(rest) more" : list(gaps.map(\.pattern))
        var f = Finding(
            kind: .gitignore, ruleID: rule.rawValue, description: rule.description,
            severity: required.isEmpty ? .low : .high, confidence: .high,
            tags: ["gitignore", "coverage"] + (required.isEmpty ? [] : ["required"]),
            location: Location(path: ".gitignore", line: 1, column: 1, endLine: 1, endColumn: 1),
            secret: "", entropy: 0,
            fingerprint: Finding.fingerprint(
                ruleID: rule.rawValue, path: ".gitignore",
                secret: Array((["coverage"] + required.map(\.pattern).sorted()).joined(separator: "\u{0}").utf8)),
            remediation:
                """
                Run `secretscan gitignore --fix` to append the missing patterns to the top .gitignore, then commit it; `secretscan \
                gitignore` lists each pattern with the path it lets through.
                """
        )
        f.explanation =
            "No committed .gitignore ignores \(gaps.count) sensitive file pattern\(gaps.count == 1 ? "" : "s") (\(listed))"
            + (required.isEmpty ? "" : ", \(required.count) of them required by policy (\(list(required.map(\.pattern))))")
                + """
                : `git add` could commit such files; `secretscan gitignore` lists each with the path it lets through, and `--fix` adds \
                them to .gitignore.
                """
        f.coverageGaps = gaps
        return f
    }

    /// A coverage finding's severity: required patterns raise it (not-covered and negated to high,
    /// not-shared to medium).
    static func severity(_ rule: GitignoreRuleID, _ entry: SensitivePattern) -> Severity {
        guard entry.required else { return rule.defaultSeverity }
        return rule == .notShared ? .medium : .high
    }

    static func coverageFinding(
        _ rule: GitignoreRuleID, entry: SensitivePattern, location: Location, key: String,
        keyPath: String, tags: [String], explanation: String, remediation: String
    ) -> Finding {
        var f = Finding(
            kind: .gitignore, ruleID: rule.rawValue, description: rule.description, severity: severity(rule, entry),
            confidence: .high, tags: ["gitignore", entry.category] + tags, location: location, secret: "", entropy: 0,
            fingerprint: Finding.fingerprint(ruleID: rule.rawValue, path: keyPath, secret: Array(key.utf8)),
            remediation: remediation)
        f.explanation = explanation
        f.sensitivePattern = entry.pattern
        return f
    }

    static func what(_ entry: SensitivePattern) -> String {
        "`\(entry.pattern)`" + (entry.required ? ", required by policy" : "")
    }

    static func notCoveredFinding(entry: SensitivePattern, probes: [String]) -> Finding {
        coverageFinding(
            .notCovered, entry: entry, location: Location(path: ".gitignore", line: 1, column: 1, endLine: 1, endColumn: 1),
            key: entry.pattern, keyPath: ".gitignore", tags: [],
            explanation:
                """
                No committed .gitignore ignores \(list(probes)): \(probes.count == 1 ? "it" : "they") could be committed with `git add` \
                (sensitive pattern \(what(entry))).
                """,
            remediation:
                """
                Add `\(entry.pattern)` to the top .gitignore and commit it (secretscan gitignore --fix); keep the secrets such files hold \
                in AWS Secrets Manager or SSM Parameter Store.
                """
        )
    }

    static func negatedFinding(entry: SensitivePattern, probes: [String], match m: IgnoreMatch) -> Finding {
        let nested = m.source != ".gitignore"
        return coverageFinding(
            .negated, entry: entry, location: m.location, key: entry.pattern + "\u{0}" + m.pattern, keyPath: m.source, tags: ["negation"],
            explanation: "\(list(probes)) \(probes.count == 1 ? "is" : "are") re-included by `\(m.origin)`"
                + (nested ? ", a negation in a nested .gitignore," : ", a negation,")
                + " so \(probes.count == 1 ? "it" : "they") could be committed (sensitive pattern \(what(entry))).",
            remediation:
                """
                Remove or narrow the negation at \(m.source):\(m.line) so files matching \(entry.pattern) stay ignored; keep their \
                secrets in AWS Secrets Manager or SSM Parameter Store.
                """
        )
    }

    static func notSharedFinding(entry: SensitivePattern, probes: [String], match m: IgnoreMatch, shared: Bool) -> Finding {
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
            explanation:
                """
                \(list(probes)) \(probes.count == 1 ? "is" : "are") ignored only by `\(m.origin)`, \(how): other clones would commit \
                \(probes.count == 1 ? "it" : "them") (sensitive pattern \(what(entry))).
                """,
            remediation:
                """
                Add `\(entry.pattern)` to the top .gitignore and commit it (secretscan gitignore --fix) so every clone ignores these \
                files.
                """
        )
    }

    static func templateFinding(_ d: IgnoreMatch, probes: [String]) -> Finding {
        let rule = GitignoreRuleID.templateIgnored
        let negations = probes.map { "!" + (($0 as NSString).lastPathComponent) }
        var f = Finding(
            kind: .gitignore, ruleID: rule.rawValue, description: rule.description, severity: rule.defaultSeverity,
            confidence: .high, tags: ["gitignore", "template"],
            location: d.location,
            secret: "", entropy: 0,
            fingerprint: Finding.fingerprint(
                ruleID: rule.rawValue, path: d.source, secret: Array((probes.joined(separator: "\u{0}") + "\u{0}" + d.pattern).utf8)),
            remediation:
                """
                Templates hold no secrets and show which settings exist: keep them trackable by adding \
                \(Array(Set(negations)).sorted().map { "`\($0)`" }.joined(separator: ", ")) after line \(d.line) of \(d.source).
                """
        )
        f.explanation =
            "Template \(list(probes)) \(probes.count == 1 ? "is" : "are") ignored by `\(d.origin)`; templates should stay trackable."
        return f
    }

    static func trackedSensitiveFinding(_ path: String, entry: SensitivePattern, decision: IgnoreDecision) -> Finding {
        let rule = GitignoreRuleID.trackedSensitive
        var f = Finding(
            kind: .gitignore, ruleID: rule.rawValue, description: rule.description, severity: rule.defaultSeverity,
            confidence: entry.confidence, tags: ["gitignore", entry.category, "tracked"],
            location: Location(path: path, line: 1, column: 1, endLine: 1, endColumn: 1), secret: "", entropy: 0,
            fingerprint: Finding.fingerprint(ruleID: rule.rawValue, path: path, secret: Array(entry.pattern.utf8)),
            remediation:
                """
                Stop tracking it with `git rm --cached \(shellQuoted(path))` and make sure .gitignore covers `\(entry.pattern)`; its \
                contents stay in the history, so rotate every secret it held and keep the new values in AWS Secrets Manager or SSM \
                Parameter Store, fetched at run time.
                """
        )
        var text = "`\(path)` is tracked in the index and matches the sensitive pattern `\(entry.pattern)`"
        if decision.ignored, let origin = decision.origin {
            text += "; `\(origin)` ignores it, but it was committed before or added with --force"
        }
        f.explanation = text + "."
        f.sensitivePattern = entry.pattern
        return f
    }

    static func trackedIgnoredFinding(_ path: String, match: IgnoreMatch) -> Finding {
        let rule = GitignoreRuleID.trackedIgnored
        var f = Finding(
            kind: .gitignore, ruleID: rule.rawValue, description: rule.description, severity: rule.defaultSeverity,
            confidence: .medium, tags: ["gitignore", "tracked"],
            location: Location(path: path, line: 1, column: 1, endLine: 1, endColumn: 1), secret: "", entropy: 0,
            fingerprint: Finding.fingerprint(ruleID: rule.rawValue, path: path, secret: Array(match.pattern.utf8)),
            remediation:
                """
                If it should not be in the repository, run `git rm --cached \(shellQuoted(path))` (and rotate any secret it held); if it \
                should, narrow the pattern or add a negation so the rules say so.
                """
        )
        f.explanation =
            """
            `\(path)` is tracked although `\(match.origin)` ignores it (as `git ls-files -ci --exclude-standard` lists it): it was \
            committed before the rule or added with --force.
            """
        return f
    }

    static func exposedFinding(_ path: String, entry: SensitivePattern) -> Finding {
        let rule = GitignoreRuleID.exposedUntracked
        var f = Finding(
            kind: .gitignore, ruleID: rule.rawValue, description: rule.description, severity: rule.defaultSeverity,
            confidence: entry.confidence, tags: ["gitignore", entry.category, "untracked"],
            location: Location(path: path, line: 1, column: 1, endLine: 1, endColumn: 1), secret: "", entropy: 0,
            fingerprint: Finding.fingerprint(ruleID: rule.rawValue, path: path, secret: Array(entry.pattern.utf8)),
            remediation:
                """
                Add `\(entry.pattern)` to .gitignore (secretscan gitignore --fix) before it is committed, and keep the values it holds in \
                AWS Secrets Manager or SSM Parameter Store rather than in files in the work tree.
                """
        )
        f.explanation =
            """
            `\(path)` matches the sensitive pattern `\(entry.pattern)`, is not tracked and no ignore rule excludes it: one `git add .` \
            would commit it.
            """
        f.sensitivePattern = entry.pattern
        return f
    }
}
