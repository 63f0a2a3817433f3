import Foundation

@testable import SecretScan

/// Report rendering of text from repositories (paths, secrets, commit authors and messages) made
/// of arbitrary bytes.
enum ReportTarget {
    /// Input: up to five NUL-separated fields: path, secret, author, commit message, explanation.
    static let target = FuzzTarget(
        name: "report",
        invariant: """
            JSON and SARIF reports parse back as JSON and give back every string exactly (the SARIF URI percent-decodes to \
            the path); text and Markdown reports have as many lines, and Markdown rows as many cells, as for plain strings
            """,
        maxLength: 1024
    ) { data in
        var fields = Array(data).split(separator: 0, maxSplits: 4, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        while fields.count < 5 { fields.append("") }
        let (path, secret, author, message, explanation) = (fields[0], fields[1], fields[2], fields[3], fields[4])
        let report = makeReport(path: path, secret: secret, author: author, message: message, explanation: explanation)
        let plain = makeReport(path: "p", secret: "s", author: "a", message: "m", explanation: "e")
        let style = ReportStyle(redact: false)

        let json = JSONReporter(style: style).render(report)
        let doc = try? JSONSerialization.jsonObject(with: json) as? [String: Any]
        require(doc != nil, "the JSON report does not parse")
        let f = (doc?["findings"] as? [[String: Any]])?.first
        require(f?["path"] as? String == path, "JSON path changed")
        require(f?["secret"] as? String == secret, "JSON secret changed")
        require(f?["author"] as? String == author, "JSON author changed")
        require(f?["message"] as? String == message, "JSON message changed")
        require(f?["explanation"] as? String == explanation, "JSON explanation changed")

        let sarif = SARIFReporter(style: style).render(report)
        let log = try? JSONSerialization.jsonObject(with: sarif) as? [String: Any]
        require(log != nil, "the SARIF report does not parse")
        let result = ((log?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first
        let physical = ((result?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let uri = (physical?["artifactLocation"] as? [String: Any])?["uri"] as? String
        require(uri?.removingPercentEncoding == path, "SARIF uri \(uri ?? "nil") does not decode to the path")
        let snippet = ((physical?["region"] as? [String: Any])?["snippet"] as? [String: Any])?["text"] as? String
        require(secret.isEmpty || snippet == secret, "SARIF snippet changed")
        let properties = result?["properties"] as? [String: Any]
        require(properties?["author"] as? String == author, "SARIF author changed")
        require(properties?["commitMessage"] as? String == message, "SARIF commit message changed")

        for reporter in [TextReporter(style: style), MarkdownReporter(style: style)] as [any Reporter] {
            let fuzzed = lines(reporter.render(report))
            let reference = lines(reporter.render(plain))
            require(fuzzed.count == reference.count, "\(type(of: reporter)): \(fuzzed.count) lines, \(reference.count) with plain text")
            if reporter is MarkdownReporter {
                for (a, b) in zip(fuzzed, reference) where b.hasPrefix("|") {
                    require(cells(a) == cells(b), "a Markdown row has \(cells(a)) cells, \(cells(b)) with plain text: \(a)")
                }
            }
            for line in fuzzed {
                require(
                    !line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) },
                    "control character in \(line)")
            }
        }
    }

    static func makeReport(path: String, secret: String, author: String, message: String, explanation: String) -> ScanReport {
        var finding = Finding(
            ruleID: "fuzz-rule", description: "fuzz rule", severity: .high, confidence: .high, tags: ["fuzz"],
            location: Location(path: path, line: 1, column: 1, endLine: 1, endColumn: 2), secret: secret, entropy: 3,
            fingerprint: Finding.fingerprint(ruleID: "fuzz-rule", path: path, secret: Array(secret.utf8)), remediation: nil)
        finding.commit = CommitInfo(
            id: ObjectID(hex: String(repeating: "ab", count: 20))!, author: author, email: "a@example.com",
            date: "2026-01-01T00:00:00+00:00", message: message)
        finding.explanation = explanation
        let result = ScanResult(findings: [finding], issues: [], stats: ScanStats(), isGitRepository: true)
        return ScanReport(result: result, root: "/repo", source: .history(allObjects: false), threshold: .medium)
    }

    /// Lines as a terminal or a Markdown renderer splits them.
    static func lines(_ data: Data) -> [String] {
        String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            .map(String.init)
    }

    /// Table cells of a Markdown row as GitHub (cmark-gfm) splits it: at each `|` not right after a
    /// backslash (its table scanner reads `\\|` as one escaped pipe, whatever comes before).
    static func cells(_ row: String) -> Int {
        var n = 0
        var previous: Unicode.Scalar = " "
        for c in row.unicodeScalars {
            if c == "|" && previous != "\\" { n += 1 }
            previous = c
        }
        return n
    }
}
