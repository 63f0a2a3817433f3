import Foundation

/// `{version, tool, items: [{id, title, status, reason, evidence: [{path, line, detail}], remediation}], summary}`.
public struct ChecklistJSONReporter: ChecklistReporter {
    public static let schemaVersion = 1

    public init() {}

    struct Document: Encodable {
        var version: Int
        var tool: JSONReporter.Tool
        var items: [Item]
        var summary: Summary
        var errors: [ScanIssue]
    }

    struct Item: Encodable {
        var id: String
        var title: String
        var status: String
        var reason: String
        var evidence: [IaCEvidence]
        var remediation: String
    }

    struct Summary: Encodable {
        var pass: Int
        var fail: Int
        var not_applicable: Int
        var unknown: Int
        var failing: [String]
        var history_scanned: Bool
        var language: String
    }

    public func render(_ report: ChecklistReport) -> Data {
        let doc = Document(
            version: Self.schemaVersion, tool: JSONReporter.Tool(),
            items: report.items.map {
                Item(
                    id: $0.id.rawValue, title: $0.title, status: $0.status.rawValue, reason: $0.reason, evidence: $0.evidence,
                    remediation: $0.remediation)
            },
            summary: Summary(
                pass: report.count(.pass), fail: report.count(.fail), not_applicable: report.count(.notApplicable),
                unknown: report.count(.unknown), failing: report.gatedFailures.map(\.id.rawValue), history_scanned: report.historyScanned,
                language: report.language.rawValue),
            errors: report.issues)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(doc)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }
}
