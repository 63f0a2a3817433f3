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
                if let v = f.verification { details += " — " + TextReporter.verificationMark(v) }
                let value = f.secret.isEmpty ? "" : Self.code(style.shown(f.secret))
                out +=
                    "| \(f.severity.rawValue) | \(Self.code(f.ruleID)) | \(Self.code("\(f.location.path):\(f.location.line)")) | \(value) "
                out += "| \(Self.text(details)) |\n"
            }
            if listed.count > Self.maxRows { out += "\n…and \(listed.count - Self.maxRows) more.\n" }
            out += "\n"
        }
        for issue in report.result.issues.prefix(20) { out += "- error: \(Self.text(issue.message))\n" }
        out += "\n" + TextReporter.summary(report) + "\n"
        return Data(out.utf8)
    }

    /// Prose safe in a table cell and in a pull-request comment: no line breaks, HTML, links,
    /// emphasis, mentions or pipes that would end the cell. By scalar, not by character: a pipe
    /// followed by a combining mark is one Swift character, and still a pipe to a Markdown parser.
    static func text(_ s: String) -> String {
        var out = ""
        for u in TextReporter.printable(s).unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|", "\\", "`", "*", "_", "[", "]", "(", ")", "#", "!", "~", "@":
                out.unicodeScalars.append("\\")
                out.unicodeScalars.append(u)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// A code span holding `s` exactly: fenced by more backticks than it contains in a row, pipes
    /// escaped (GitHub ends a table cell at `|` even inside code). By scalar, as `text`.
    static func code(_ s: String) -> String {
        var body = ""
        for u in TextReporter.printable(s).unicodeScalars {
            if u == "|" { body.unicodeScalars.append("\\") }
            body.unicodeScalars.append(u)
        }
        var longest = 0
        var run = 0
        for u in body.unicodeScalars {
            run = u == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = body.unicodeScalars.first == "`" || body.unicodeScalars.last == "`" ? " " : ""
        return fence + pad + body + pad + fence
    }
}
