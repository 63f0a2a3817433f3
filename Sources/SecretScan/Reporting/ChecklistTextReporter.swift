import Foundation

/// The checklist as a table (✓ pass, ✗ fail, – not applicable, ? unknown), with evidence and the
/// remediation under each failed or unknown item.
public struct ChecklistTextReporter: ChecklistReporter {
    public var style: ReportStyle

    public init(style: ReportStyle) { self.style = style }

    public func render(_ report: ChecklistReport) -> Data {
        let width = ChecklistItemID.allCases.map(\.rawValue.count).max() ?? 0
        var out = ""
        for item in report.items {
            let id = item.id.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            let status = item.status.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
            out +=
                "\(colored(item.status.symbol, item.status))  \(id)  \(colored(status, item.status))  \(TextReporter.printable(item.title))\n"
        }
        for item in report.items where item.status == .fail || item.status == .unknown {
            out += "\n\(item.status.symbol) \(item.id.rawValue): \(TextReporter.printable(item.reason))\n"
            for e in item.evidence {
                out += "    \(TextReporter.printable(e.path)):\(e.line)  \(TextReporter.printable(e.detail))\n"
            }
            if !item.remediation.isEmpty {
                out += "  fix:\n" + item.remediation.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)\n" }.joined()
            }
        }
        out += "\n\(report.summaryLine) (\(report.scopeLine))\n"
        return Data(out.utf8)
    }

    private func colored(_ s: String, _ status: ChecklistStatus) -> String {
        guard style.color else { return s }
        let code =
            switch status {
            case .pass: "32"
            case .fail: "1;31"
            case .notApplicable: "2"
            case .unknown: "33"
            }
        return TextReporter.ansi(code, s)
    }
}
