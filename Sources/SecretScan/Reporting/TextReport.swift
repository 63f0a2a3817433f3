import Foundation

/// Human-readable report: one `path:line:column  rule-id  secret` line per finding and a summary.
public enum TextReport {
    public static func render(_ result: ScanResult, redact: Bool, color: Bool, showSuppressed: Bool = false) -> String {
        var out = ""
        for f in result.findings + (showSuppressed ? result.suppressed : []) {
            let loc = "\(printable(f.location.path)):\(f.location.line):\(f.location.column)"
            let secret = redact ? Redaction.redact(f.secret) : f.secret
            let shownSecret = printable(secret.replacingOccurrences(of: "\n", with: "⏎"))
            var origin = ""
            if let c = f.commit {
                origin = "  \(c.id.hex.prefix(12)) \(printable(c.author)) \(c.date.prefix(10)) \"\(printable(c.message))\""
            } else if let blob = f.blob, f.location.path == blob.hex {
                origin = "  (dangling blob)"
            }
            if let n = f.occurrences, n > 0 { origin += " (+\(n) more)" }
            if let e = f.explanation, f.kind != .secret { origin += "  \(printable(e))" }
            if let why = f.suppression { origin += "  [suppressed: \(printable(why))]" }
            if color {
                out += "\(ansi("1", loc))  \(ansi(severityColor(f.severity), f.ruleID))  \(shownSecret)\(ansi("2", origin))\n"
            } else {
                out += "\(loc)  \(f.ruleID)  \(shownSecret)\(origin)\n"
            }
        }
        out += summary(result) + "\n"
        return out
    }

    static func summary(_ result: ScanResult) -> String {
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
        if let h = s.history {
            let commits = h.commitsScanned > 0 ? "\(plural(h.commitsScanned, "commit")), " : ""
            parts.append("\(commits)\(plural(h.blobsScanned, "blob")) (\(formatBytes(s.bytesScanned))) scanned in \(String(format: "%.2f", s.durationSeconds)) s")
        } else {
            parts.append("\(plural(s.filesScanned, "file")) (\(formatBytes(s.bytesScanned))) scanned in \(String(format: "%.2f", s.durationSeconds)) s")
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
        if !result.isComplete { parts.append("INCOMPLETE: \(plural(result.issues.count, "error"))") }
        return parts.joined(separator: " · ")
    }

    /// Text from repositories (paths, author names, commit messages) with control characters escaped,
    /// so a crafted name cannot drive the terminal or break the one-finding-per-line format.
    static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) else { return s }
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
