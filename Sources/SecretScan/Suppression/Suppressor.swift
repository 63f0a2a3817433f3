import Foundation

/// Applies `.secretscanignore`, `.gitleaksignore` and a baseline to a scan result: matching findings
/// move to `suppressed` (saying why); expired and unused ignore entries are reported.
public struct Suppressor: Sendable {
    public var entries: [IgnoreEntry] = []
    public var gitleaksEntries: [GitleaksIgnoreEntry] = []
    public var baseline: Baseline?
    /// `YYYY-MM-DD` (UTC) against which expiry dates are judged.
    public var today: String

    public init(today: String = Suppressor.todayUTC()) { self.today = today }

    public struct Report: Sendable {
        public var expired: [IgnoreEntry] = []
        public var unused: [IgnoreEntry] = []
        public var unusedGitleaks: [GitleaksIgnoreEntry] = []
    }

    /// Loads an ignore file (`.secretscanignore` format, or gitleaks' when named `.gitleaksignore`).
    public mutating func load(ignoreFile path: String) throws(SuppressionError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        if path.hasSuffix(".gitleaksignore") {
            gitleaksEntries += GitleaksIgnoreEntry.parse(text, file: path)
        } else {
            entries += try IgnoreEntry.parse(text, file: path)
        }
    }

    public func apply(to result: inout ScanResult) -> Report {
        var report = Report()
        var used = Set<Int>()
        var usedGitleaks = Set<Int>()
        var kept: [Finding] = []
        let accepted = baseline?.fingerprints ?? []
        for var f in result.findings {
            if let i = entries.indices.first(where: { !entries[$0].isExpired(today: today) && entries[$0].matches(f) }) {
                used.insert(i)
                let e = entries[i]
                f.suppression = "ignore entry \(e.origin)" + (e.reason.map { " (\($0))" } ?? "")
            } else if let i = gitleaksEntries.indices.first(where: { gitleaksEntries[$0].matches(f) }) {
                usedGitleaks.insert(i)
                f.suppression = "gitleaks ignore entry \(gitleaksEntries[i].file):\(gitleaksEntries[i].line)"
            } else if accepted.contains(f.fingerprint) {
                f.suppression = "baseline"
            }
            if f.suppression != nil { result.suppressed.append(f) } else { kept.append(f) }
        }
        result.findings = kept
        result.stats.suppressed = result.suppressed.count
        for (i, e) in entries.enumerated() {
            if e.isExpired(today: today) {
                report.expired.append(e)
            } else if !used.contains(i) {
                report.unused.append(e)
            }
        }
        report.unusedGitleaks = gitleaksEntries.indices.filter { !usedGitleaks.contains($0) }.map { gitleaksEntries[$0] }
        return report
    }

    public static func todayUTC() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date())
    }
}
