import Foundation

/// How a report is rendered, whatever its format.
public struct ReportStyle: Sendable {
    /// Hide secrets (the default everywhere).
    public var redact = true
    /// ANSI colour (text on a terminal only).
    public var color = false
    /// Also list suppressed findings, marked with why.
    public var showSuppressed = false
    /// SARIF `automationDetails.id`, e.g. `secretscan/history/`.
    public var sarifCategory: String?
    /// Absolute path of the scanned root, for SARIF's `originalUriBaseIds`.
    public var sourceRoot: String?

    public init(
        redact: Bool = true, color: Bool = false, showSuppressed: Bool = false,
        sarifCategory: String? = nil, sourceRoot: String? = nil
    ) {
        self.redact = redact
        self.color = color
        self.showSuppressed = showSuppressed
        self.sarifCategory = sarifCategory
        self.sourceRoot = sourceRoot
    }

    func shown(_ secret: String) -> String { redact ? Redaction.redact(secret) : secret }
}

/// Turns a finished scan into a document. A new format is one type that conforms.
public protocol Reporter: Sendable {
    func render(_ report: ScanReport) -> Data
}

/// The report formats, by the name `--format` takes.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, sarif, markdown

    public func reporter(_ style: ReportStyle) -> any Reporter {
        switch self {
        case .text: TextReporter(style: style)
        case .json: JSONReporter(style: style)
        case .sarif: SARIFReporter(style: style)
        case .markdown: MarkdownReporter(style: style)
        }
    }
}

extension ScanReport {
    /// The findings a reporter lists: reported ones, then suppressed ones when asked.
    func listed(_ style: ReportStyle) -> [Finding] {
        result.findings + (style.showSuppressed ? result.suppressed : [])
    }

    /// Reported findings per rule id, most first (ties by id).
    var countsByRule: [(rule: String, count: Int)] {
        Dictionary(grouping: result.findings, by: \.ruleID).map { ($0.key, $0.value.count) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.rule < $1.rule }
    }
}
