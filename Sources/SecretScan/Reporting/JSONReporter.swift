import Foundation

/// The `--format json` document: `{"version": 1, "findings": [...], "errors": [...], "stats": {...}}`.
public struct JSONReporter: Reporter {
    public static let schemaVersion = 1
    public var style: ReportStyle

    public init(style: ReportStyle) { self.style = style }

    struct Document: Encodable {
        var version: Int
        var tool: Tool
        var findings: [FindingRecord]
        var suppressed: [FindingRecord]?
        var errors: [ScanIssue]
        var stats: Stats
    }

    struct Tool: Encodable {
        var name = "secretscan"
        var version = SecretScanVersion.current
    }

    struct FindingRecord: Encodable {
        var kind: String
        var rule_id: String
        var description: String
        var severity: String
        var confidence: String
        var tags: [String]
        var path: String
        var line: Int
        var column: Int
        var end_line: Int
        var end_column: Int
        var secret: String
        var redacted: Bool
        var entropy: Double
        var fingerprint: String
        var remediation: String?
        // History findings only.
        var commit: String?
        var author: String?
        var email: String?
        var date: String?
        var message: String?
        var occurrences: Int?
        var blob: String?
        var related: [RelatedRecord]?
        var checksum: String?
        var decoded: [String]?
        var verification: Verification?
        var explanation: String?
        var resource: String?
        var suppression: String?
        var patterns: [CoverageGap]?
    }

    struct RelatedRecord: Encodable {
        var rule_id: String
        var line: Int
        var column: Int
        var end_line: Int
        var end_column: Int
        var secret: String
    }

    struct Stats: Encodable {
        var files_scanned: Int
        var bytes_scanned: Int
        var files_skipped_binary: Int
        var files_skipped_too_large: Int
        var files_skipped_symlink: Int
        var files_skipped_special: Int
        var files_unreadable: Int
        var rules_loaded: Int
        var duration_seconds: Double
        var suppressed: Int
        var below_min_confidence: Int
        var commits_scanned: Int?
        var blobs_scanned: Int?
        var submodules_skipped: Int?
        var lfs_pointers_skipped: Int?
        var shallow: Bool?
        var findings: Int
        var errors: Int
        var complete: Bool
        var fail_on: String
        var failing: Int
        var below_threshold: Int
    }

    public func render(_ report: ScanReport) -> Data {
        let result = report.result
        let redact = style.redact
        let s = result.stats
        func record(_ f: Finding) -> FindingRecord {
            FindingRecord(
                kind: f.kind.rawValue, rule_id: f.ruleID, description: f.description, severity: f.severity.rawValue,
                confidence: f.confidence.rawValue, tags: f.tags, path: f.location.path, line: f.location.line,
                column: f.location.column, end_line: f.location.endLine, end_column: f.location.endColumn,
                secret: redact ? Redaction.redact(f.secret) : f.secret, redacted: redact,
                entropy: (f.entropy * 1000).rounded() / 1000, fingerprint: f.fingerprint, remediation: f.remediation,
                commit: f.commit?.id.hex, author: f.commit?.author, email: f.commit?.email, date: f.commit?.date,
                message: f.commit?.message, occurrences: f.occurrences, blob: f.blob?.hex,
                related: f.related.isEmpty
                    ? nil
                    : f.related.map {
                        RelatedRecord(
                            rule_id: $0.ruleID, line: $0.location.line, column: $0.location.column,
                            end_line: $0.location.endLine, end_column: $0.location.endColumn,
                            secret: redact ? Redaction.redact($0.secret) : $0.secret)
                    },
                checksum: f.checksum?.rawValue, decoded: f.decoded.isEmpty ? nil : f.decoded, verification: f.verification,
                explanation: f.explanation, resource: f.resource, suppression: f.suppression,
                patterns: f.coverageGaps.isEmpty ? nil : f.coverageGaps)
        }
        let doc = Document(
            version: Self.schemaVersion,
            tool: Tool(),
            findings: result.findings.map(record),
            suppressed: style.showSuppressed ? result.suppressed.map(record) : nil,
            errors: result.issues,
            stats: Stats(
                files_scanned: s.filesScanned, bytes_scanned: s.bytesScanned, files_skipped_binary: s.filesSkippedBinary,
                files_skipped_too_large: s.filesSkippedTooLarge, files_skipped_symlink: s.filesSkippedSymlink,
                files_skipped_special: s.filesSkippedSpecial, files_unreadable: s.filesUnreadable,
                rules_loaded: s.rulesLoaded, duration_seconds: (s.durationSeconds * 1000).rounded() / 1000,
                suppressed: s.suppressed, below_min_confidence: s.belowMinConfidence,
                commits_scanned: s.history?.commitsScanned, blobs_scanned: s.history?.blobsScanned,
                submodules_skipped: s.history?.submodulesSkipped, lfs_pointers_skipped: s.history?.lfsPointersSkipped,
                shallow: s.history?.shallow,
                findings: result.findings.count, errors: result.issues.count, complete: result.isComplete,
                fail_on: report.threshold.rawValue, failing: report.failing.count, below_threshold: report.belowThreshold))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(doc)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }
}
