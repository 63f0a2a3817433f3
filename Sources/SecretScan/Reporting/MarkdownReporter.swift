import Foundation

/// A Markdown summary for `$GITHUB_STEP_SUMMARY` and pull-request comments: a verdict, a table of
/// findings, and the summary line.
public struct MarkdownReporter: Reporter {
    public var style: ReportStyle
    /// Rows listed at most; the rest are counted.
    public static let maxRows = 200

    public init(style: ReportStyle) { self.style = style }

    public func render(_ report: ScanReport) -> Data {
        var out = "## SecretScan\n\n"
        let failing = report.failing.count
        if !report.isComplete {
            out += "**Incomplete scan**: \(report.result.issues.count) error(s); the result cannot be called clean.\n\n"
        } else if report.findings.isEmpty {
            out += "No findings.\n\n"
        } else if failing > 0 {
            out += "**\(failing) finding(s) at or above `\(report.threshold.rawValue)`** fail this check.\n\n"
        } else {
            out += "No finding at or above `\(report.threshold.rawValue)`; \(report.findings.count) below it.\n\n"
        }
        let listed = report.listed(style)
        if !listed.isEmpty {
            out += "| severity | rule | location | value | details |\n| --- | --- | --- | --- | --- |\n"
            for f in listed.prefix(Self.maxRows) {
                var details = f.explanation ?? f.description
                if let c = f.commit { details += " (commit \(c.id.hex.prefix(12)), \(c.date.prefix(10)))" }
                if let why = f.suppression { details += " — suppressed: \(why)" }
                let value = f.secret.isEmpty ? "" : "`\(Self.cell(style.shown(f.secret)))`"
                out +=
                    "| \(f.severity.rawValue) | `\(f.ruleID)` | `\(Self.cell(f.location.path)):\(f.location.line)` | \(value) | \(Self.cell(details)) |\n"
            }
            if listed.count > Self.maxRows { out += "\n…and \(listed.count - Self.maxRows) more.\n" }
            out += "\n"
        }
        for issue in report.result.issues.prefix(20) { out += "- error: \(Self.cell(issue.message))\n" }
        out += "\n" + TextReporter.summary(report) + "\n"
        return Data(out.utf8)
    }

    /// Text safe inside a table cell: no line breaks, pipes or backticks that would end it.
    static func cell(_ s: String) -> String {
        TextReporter.printable(s).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'")
    }
}
