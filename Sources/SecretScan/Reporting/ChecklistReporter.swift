import Foundation

/// Turns an evaluated checklist into a document. One type per format.
public protocol ChecklistReporter: Sendable {
    func render(_ report: ChecklistReport) -> Data
}

extension ReportFormat {
    /// The checklist reporter for this format.
    public func checklistReporter(_ style: ReportStyle) -> any ChecklistReporter {
        switch self {
        case .text: ChecklistTextReporter(style: style)
        case .json: ChecklistJSONReporter()
        case .sarif: ChecklistSARIFReporter(style: style)
        case .markdown: ChecklistMarkdownReporter()
        }
    }
}

extension ChecklistReport {
    /// `3 pass · 1 fail · 6 not applicable · 0 unknown`.
    var summaryLine: String {
        "\(count(.pass)) pass · \(count(.fail)) fail · \(count(.notApplicable)) not applicable · \(count(.unknown)) unknown"
    }

    /// What `no-secrets-in-git` read.
    var scopeLine: String {
        historyScanned ? "secrets: full git history" : "secrets: working tree only"
    }
}

extension ChecklistStatus {
    /// ✓ pass, ✗ fail, – not applicable, ? unknown.
    var symbol: String {
        switch self {
        case .pass: "✓"
        case .fail: "✗"
        case .notApplicable: "–"
        case .unknown: "?"
        }
    }
}
