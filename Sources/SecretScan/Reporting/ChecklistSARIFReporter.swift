import Foundation

/// SARIF 2.1.0: one rule per checklist item, and one result per piece of evidence of each failed
/// item (a failed item without evidence is one result without a location).
public struct ChecklistSARIFReporter: ChecklistReporter {
    public var style: ReportStyle

    public init(style: ReportStyle) { self.style = style }

    public func render(_ report: ChecklistReport) -> Data {
        let failed = report.failing()
        let rules = failed.map { item in
            SARIF.ReportingDescriptor(
                id: item.id.rawValue, name: item.id.rawValue, shortDescription: .init(text: item.title),
                fullDescription: .init(text: "\(item.title): an item of the secrets externalization checklist."),
                help: .init(text: item.remediation, markdown: "**\(item.title)**\n\n```\n\(item.remediation)\n```"),
                defaultConfiguration: .init(level: "error"),
                properties: .init(tags: ["security", "secrets", "checklist"], securitySeverity: "7.0", precision: "high"))
        }
        var results: [SARIF.Result] = []
        for (index, item) in failed.enumerated() {
            let evidence: [IaCEvidence?] = item.evidence.isEmpty ? [nil] : item.evidence
            for e in evidence {
                let fingerprint = Finding.fingerprint(
                    ruleID: item.id.rawValue, path: e?.path ?? "", secret: Array((e?.detail ?? item.reason).utf8))
                results.append(
                    SARIF.Result(
                        ruleId: item.id.rawValue, ruleIndex: index, level: "error",
                        message: .init(text: "\(item.title): \(e?.detail ?? item.reason)."),
                        locations: e.map { e in
                            [
                                .init(
                                    physicalLocation: .init(
                                        artifactLocation: SARIFReporter.artifact(e.path),
                                        region: .init(startLine: max(1, e.line), startColumn: 1, endLine: max(1, e.line), endColumn: 1)))
                            ]
                        } ?? [],
                        partialFingerprints: [SARIFKeys.fingerprint: fingerprint],
                        properties: .init(kind: "checklist", severity: "high", confidence: "high")))
            }
        }
        let run = SARIF.Run(
            tool: .init(
                driver: .init(
                    version: SecretScanVersion.current, semanticVersion: SecretScanVersion.current,
                    informationUri: SARIFReporter.informationURI, rules: rules)),
            results: results,
            invocations: [
                .init(
                    executionSuccessful: report.issues.isEmpty,
                    toolExecutionNotifications: report.issues.map { .init(message: .init(text: $0.message)) })
            ],
            automationDetails: style.sarifCategory.map { .init(id: $0) },
            originalUriBaseIds: style.sourceRoot.map {
                ["%SRCROOT%": .init(uri: URL(fileURLWithPath: $0, isDirectory: true).absoluteString)]
            }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(SARIF.Log(runs: [run]))) ?? Data()
        data.append(0x0A)
        return data
    }
}
