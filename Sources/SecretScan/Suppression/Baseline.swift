import Foundation

/// Accepted findings: fingerprints, rule ids and paths only (no line numbers, dates or secrets),
/// sorted, so the file neither churns nor conflicts in merges.
public struct Baseline: Sendable, Equatable {
    public struct Entry: Sendable, Hashable, Codable {
        public var fingerprint: String
        public var rule_id: String
        public var path: String
    }

    public var entries: [Entry]

    public init(findings: [Finding]) {
        let unique = Set(findings.map { Entry(fingerprint: $0.fingerprint, rule_id: $0.ruleID, path: $0.location.path) })
        entries = unique.sorted { ($0.path, $0.rule_id, $0.fingerprint) < ($1.path, $1.rule_id, $1.fingerprint) }
    }

    public var fingerprints: Set<String> { Set(entries.map(\.fingerprint)) }

    /// A baseline file, and the part of a JSON report that has the same shape.
    private struct Document: Codable {
        var version: Int
        var findings: [Entry]
        var suppressed: [Entry]?
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(Document(version: 1, findings: entries, suppressed: nil))) ?? Data()
        data.append(0x0A)
        return data
    }

    /// Reads a baseline written by `secretscan baseline`, or any SecretScan report: a JSON report of
    /// `scan`, `history` or `staged` (its findings, and its suppressed ones when listed), or a SARIF
    /// report (its results' `partialFingerprints`).
    public static func load(_ path: String) throws(SuppressionError) -> Baseline {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        do {
            // A SARIF log has `runs`; anything else must be a baseline or a JSON report.
            if let probe = try? JSONDecoder().decode(SARIFProbe.self, from: data), probe.runs != nil {
                let sarif = try JSONDecoder().decode(SARIFDocument.self, from: data)
                let results = sarif.runs.flatMap { $0.results ?? [] }
                var b = Baseline(findings: [])
                b.entries = results.compactMap { r in
                    r.partialFingerprints?[SARIFKeys.fingerprint].map {
                        let uri = r.locations?.first?.physicalLocation?.artifactLocation?.uri ?? ""
                        return Entry(fingerprint: $0, rule_id: r.ruleId ?? "", path: uri.removingPercentEncoding ?? uri)
                    }
                }
                if !results.isEmpty && b.entries.isEmpty {
                    throw SuppressionError.invalidBaseline(
                        file: path,
                        message:
                            """
                            a SARIF report without `\(SARIFKeys.fingerprint)` fingerprints (not written by SecretScan), so it cannot say \
                            which findings to accept
                            """
                    )
                }
                return b
            }
            let doc = try JSONDecoder().decode(Document.self, from: data)
            guard doc.version == 1 else { throw SuppressionError.invalidBaseline(file: path, message: "unknown version \(doc.version)") }
            var b = Baseline(findings: [])
            b.entries = doc.findings + (doc.suppressed ?? [])
            return b
        } catch let e as SuppressionError {
            throw e
        } catch {
            throw .invalidBaseline(file: path, message: "\(error)")
        }
    }

    private struct SARIFProbe: Decodable { var runs: [Ignored]? }
    private struct Ignored: Decodable {}

    /// The parts of a SARIF report a baseline needs.
    private struct SARIFDocument: Decodable {
        struct Run: Decodable { var results: [Result]? }
        struct Result: Decodable {
            var ruleId: String?
            var partialFingerprints: [String: String]?
            var locations: [Location]?
        }
        struct Location: Decodable { var physicalLocation: Physical? }
        struct Physical: Decodable { var artifactLocation: Artifact? }
        struct Artifact: Decodable { var uri: String? }
        var runs: [Run]
    }
}
