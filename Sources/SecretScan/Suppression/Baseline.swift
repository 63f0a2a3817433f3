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

    private struct Document: Codable {
        var version: Int
        var findings: [Entry]
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(Document(version: 1, findings: entries))) ?? Data()
        data.append(0x0A)
        return data
    }

    public static func load(_ path: String) throws(SuppressionError) -> Baseline {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        do {
            let doc = try JSONDecoder().decode(Document.self, from: data)
            guard doc.version == 1 else { throw SuppressionError.invalidBaseline(file: path, message: "unknown version \(doc.version)") }
            var b = Baseline(findings: [])
            b.entries = doc.findings
            return b
        } catch let e as SuppressionError {
            throw e
        } catch {
            throw .invalidBaseline(file: path, message: "\(error)")
        }
    }
}
