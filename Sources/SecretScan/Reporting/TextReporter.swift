import Foundation

/// Human-readable report: one `path:line:column  rule-id  secret` line per finding, then a summary
/// line; a long report ends with counts by rule and what to do next.
public struct TextReporter: Reporter {
    public var style: ReportStyle
    /// From this many findings on, the report ends with counts by rule and next steps.
    public static let longReport = 10

    public init(style: ReportStyle) { self.style = style }

    public func render(_ report: ScanReport) -> Data {
        var out = ""
        for f in report.listed(style) { out += line(f) + "\n" }
        out += Self.summary(report) + "\n"
        if report.findings.count >= Self.longReport { out += epilogue(report) }
        return Data(out.utf8)
    }

    func line(_ f: Finding) -> String {
        let loc = "\(Self.printable(f.location.path)):\(f.location.line):\(f.location.column)"
        let shownSecret = Self.printable(style.shown(f.secret).replacingOccurrences(of: "\n", with: "⏎"))
        var origin = ""
        if let c = f.commit {
            origin = "  \(c.id.hex.prefix(12)) \(Self.printable(c.author)) \(c.date.prefix(10)) \"\(Self.printable(c.message))\""
        } else if let blob = f.blob, f.location.path == blob.hex {
            origin = "  (dangling blob)"
        }
        if let n = f.occurrences, n > 0 { origin += " (+\(n) more)" }
        if let e = f.explanation, f.kind != .secret { origin += "  \(Self.printable(e))" }
        if let why = f.suppression { origin += "  [suppressed: \(Self.printable(why))]" }
        if let v = f.verification { origin += "  " + Self.verificationMark(v) }
        guard style.color else { return "\(loc)  \(f.ruleID)  \(shownSecret)\(origin)" }
        return "\(Self.ansi("1", loc))  \(Self.ansi(Self.severityColor(f.severity), f.ruleID))  \(shownSecret)\(Self.ansi("2", origin))"
    }

    /// `✓ live (who)`, `✗ revoked`, `? unverified (why)` or `– no verifier`.
    static func verificationMark(_ v: Verification) -> String {
        switch v.status {
        case .valid: "✓ live (\(printable(v.detail)))"
        case .invalid: "✗ revoked (\(printable(v.detail)))"
        case .error: "? not verified (\(printable(v.detail)))"
        case .unsupported: "– not verifiable (\(printable(v.detail)))"
        }
    }

    /// Counts by rule, then how to silence one finding, accept them all, or fix coverage.
    func epilogue(_ report: ScanReport) -> String {
        let byRule = report.countsByRule
        let shown = byRule.prefix(8).map { "\($0.rule) \($0.count)" }
        var out = "by rule: " + shown.joined(separator: " · ")
        if byRule.count > shown.count { out += " · \(byRule.count - shown.count) more rules" }
        out += "\nnext steps:\n"
        out +=
            """
              - a false positive or a test value: put `secretscan:allow` in a comment on its line, or its fingerprint in \
            .secretscanignore\n
            """
        out += "  - accept what is there today: " + Self.acceptStep(report) + "\n"
        if report.findings.contains(where: { $0.kind == .secret }) {
            out +=
                "  - a real secret: rotate it, keep the new value in AWS Secrets Manager or SSM Parameter Store, and read it at run time\n"
        }
        let fixable: Set<String> = [GitignoreRuleID.notCovered.rawValue, GitignoreRuleID.notShared.rawValue]
        if report.findings.contains(where: { fixable.contains($0.ruleID) }) {
            out += "  - sensitive files not ignored: `secretscan gitignore --fix` adds the missing patterns to .gitignore\n"
        }
        return out
    }

    /// How to record the current findings so that the same command reports only new ones.
    static func acceptStep(_ report: ScanReport) -> String {
        if report.isAuditOnly {
            return "save this report with `-f json -o gitignore-report.json` and pass `--baseline gitignore-report.json`"
        }
        let file: String
        let flag: String
        switch report.source {
        case .workingTree, .stream: (file, flag) = (".secretscan-baseline.json", "")
        case .history, .range: (file, flag) = (".secretscan-history.json", " --history")
        case .staged: (file, flag) = (".secretscan-staged.json", " --staged")
        }
        return "`secretscan baseline\(flag) -o \(file)`, then pass `--baseline \(file)`"
    }

    static func summary(_ report: ScanReport) -> String {
        let result = report.result
        let s = result.stats
        let files = Set(result.findings.map(\.location.path)).count
        var parts: [String] = []
        if result.findings.isEmpty {
            parts.append("no findings")
        } else {
            let bySeverity = Severity.allCases.reversed().compactMap { sev -> String? in
                let n = result.findings.filter { $0.severity == sev }.count
                return n > 0 ? "\(n) \(sev.rawValue)" : nil
            }
            parts.append("\(plural(result.findings.count, "finding")) (\(bySeverity.joined(separator: ", "))) in \(plural(files, "file"))")
        }
        let seconds = String(format: "%.2f", s.durationSeconds)
        if let h = s.history {
            let commits = h.commitsScanned > 0 ? "\(plural(h.commitsScanned, "commit")), " : ""
            parts.append("\(commits)\(plural(h.blobsScanned, "blob")) (\(formatBytes(s.bytesScanned))) scanned in \(seconds) s")
        } else {
            parts.append("\(plural(s.filesScanned, "file")) (\(formatBytes(s.bytesScanned))) scanned in \(seconds) s")
        }
        var skipped: [String] = []
        if s.filesSkippedBinary > 0 { skipped.append("\(s.filesSkippedBinary) binary") }
        if s.filesSkippedTooLarge > 0 { skipped.append("\(s.filesSkippedTooLarge) too large") }
        if s.filesSkippedSymlink > 0 { skipped.append("\(plural(s.filesSkippedSymlink, "symlink"))") }
        if s.filesSkippedSpecial > 0 { skipped.append("\(s.filesSkippedSpecial) special") }
        if let h = s.history {
            if h.submodulesSkipped > 0 { skipped.append(plural(h.submodulesSkipped, "submodule")) }
            if h.lfsPointersSkipped > 0 { skipped.append("\(plural(h.lfsPointersSkipped, "LFS pointer"))") }
        }
        if !skipped.isEmpty { parts.append("skipped: " + skipped.joined(separator: ", ")) }
        if s.suppressed > 0 { parts.append("\(s.suppressed) suppressed") }
        if let floor = report.minConfidence, s.belowMinConfidence > 0 {
            parts.append("\(s.belowMinConfidence) below --min-confidence \(floor.rawValue)")
        }
        if let n = s.verifiedCredentials {
            let live = result.findings.filter { $0.verification?.status == .valid }.count
            parts.append("verified: \(plural(n, "credential")) checked, \(live) live finding(s)")
        }
        if let n = s.notVerified, n > 0 { parts.append("\(n) not verified valid (--only-verified)") }
        if report.belowThreshold > 0 {
            parts.append("\(report.belowThreshold) below --fail-on \(report.threshold.rawValue)")
        }
        if !result.isComplete { parts.append("INCOMPLETE: \(plural(result.issues.count, "error"))") }
        return parts.joined(separator: " · ")
    }

    /// Text from repositories (paths, author names, commit messages) with control characters escaped,
    /// so a crafted name cannot drive the terminal or break the one-finding-per-line format.
    static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) else {
            return s
        }
        var out = ""
        for u in s.unicodeScalars {
            switch u.value {
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F, 0x80...0x9F: out += String(format: "\\x%02X", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    static func formatBytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1024 * 1024 { return String(format: "%.1f KiB", Double(n) / 1024) }
        return String(format: "%.1f MiB", Double(n) / (1024 * 1024))
    }

    static func severityColor(_ s: Severity) -> String {
        switch s {
        case .critical: "1;31"
        case .high: "31"
        case .medium: "33"
        case .low: "36"
        }
    }

    static func ansi(_ code: String, _ text: String) -> String { "\u{1B}[\(code)m\(text)\u{1B}[0m" }
}
