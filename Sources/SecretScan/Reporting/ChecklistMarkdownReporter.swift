import Foundation

/// The checklist for `$GITHUB_STEP_SUMMARY` and pull-request comments: a table of items, then the
/// evidence and the fix of each failed or unknown item in a collapsible section.
public struct ChecklistMarkdownReporter: ChecklistReporter {
    /// Evidence rows listed per item at most; the rest are counted.
    public static let maxEvidence = 50

    public init() {}

    public func render(_ report: ChecklistReport) -> Data {
        var out = "## SecretScan checklist\n\n"
        out += report.count(.fail) == 0 ? "No item fails.\n\n" : "**\(report.count(.fail)) item(s) fail.**\n\n"
        out += "| | item | status | |\n| --- | --- | --- | --- |\n"
        for item in report.items {
            out +=
                "| \(item.status.symbol) | \(MarkdownReporter.code(item.id.rawValue)) | \(item.status.rawValue) | \(MarkdownReporter.text(item.title)) |\n"
        }
        for item in report.items where item.status == .fail || item.status == .unknown {
            out +=
                "\n<details><summary>\(item.status.symbol) \(MarkdownReporter.text(item.id.rawValue)): \(MarkdownReporter.text(item.reason))</summary>\n\n"
            for e in item.evidence.prefix(Self.maxEvidence) {
                out += "- \(MarkdownReporter.code("\(e.path):\(e.line)")) \(MarkdownReporter.text(e.detail))\n"
            }
            if item.evidence.count > Self.maxEvidence { out += "- …and \(item.evidence.count - Self.maxEvidence) more\n" }
            if !item.remediation.isEmpty {
                let fence = item.remediation.contains("```") ? "~~~~" : "```"
                out += "\n\(fence)\n\(item.remediation)\n\(fence)\n"
            }
            out += "\n</details>\n"
        }
        out += "\n\(report.summaryLine) (\(report.scopeLine))\n"
        return Data(out.utf8)
    }
}
