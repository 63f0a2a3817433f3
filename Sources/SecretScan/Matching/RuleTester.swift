import Foundation

/// Checks a rule set against its own `examples` and `negative_examples`.
public enum RuleTester {
    public struct Failure: Sendable, Hashable {
        public var ruleID: String
        public var origin: RuleOrigin
        public var message: String
    }

    public struct Report: Sendable {
        public var rulesChecked = 0
        public var examplesChecked = 0
        public var failures: [Failure] = []
        public var passed: Bool { failures.isEmpty }
    }

    /// Each rule is judged alone (global allowlists are not applied): every example must yield a
    /// finding of that rule, no negative example may. Rules without either kind of example fail.
    public static func run(_ detector: Detector) -> Report {
        var report = Report()
        let worker = detector.makeWorker()
        for (index, compiled) in detector.rules.enumerated() {
            let rule = compiled.rule
            report.rulesChecked += 1
            func fail(_ message: String) {
                report.failures.append(Failure(ruleID: rule.id, origin: rule.origin, message: message))
            }
            for (field, pattern) in [("regex", rule.regex), ("path", rule.path)] {
                if let pattern, let problem = RegexLint.nestedUnboundedQuantifier(in: pattern) {
                    fail("`\(field)` at offset \(problem.offset): \(problem.message)")
                }
            }
            if rule.examples.isEmpty { fail("has no `examples`; add at least one snippet the rule must find") }
            if rule.negativeExamples.isEmpty { fail("has no `negative_examples`; add at least one near miss it must not find") }
            for (n, example) in rule.examples.enumerated() {
                report.examplesChecked += 1
                let found = findings(worker, example, rule: index)
                if let issue = found.issues.first {
                    fail("example #\(n + 1): \(issue.message)")
                } else if found.findings.isEmpty {
                    fail("example #\(n + 1) is not found: \(preview(example.text))")
                } else if compiled.windowed,
                    !windowedFindings(worker, example, rule: index, secrets: Set(found.findings.map(\.secret)))
                {
                    if let follow = rule.keywordFollowedBy {
                        fail(
                            """
                            example #\(n + 1) is found on its own but not inside a larger file: the rule runs only near keyword \
                            occurrences followed by `keywordFollowedBy = '\(follow)'`, and no occurrence near the match is; loosen \
                            keywordFollowedBy so that it accepts what follows the keyword in this example
                            """
                        )
                    } else if compiled.lineBound {
                        fail(
                            """
                            example #\(n + 1) is found on its own but not inside a larger file: the rule searches only from the start \
                            of each keyword's line to the keyword (`keywordLine`), and no keyword is on the match's line before its \
                            end; remove keywordLine if a match can span lines, or add the keyword that the match holds
                            """
                        )
                    } else if compiled.anchored {
                        fail(
                            """
                            example #\(n + 1) is found on its own but not inside a larger file: the rule searches only from \
                            \(compiled.anchorReach) bytes before each of its keywords (`keywordAnchored`/`keywordReach`), and no keyword \
                            starts that close to the match's start; raise keywordReach, or add the keyword that the match starts with
                            """
                        )
                    } else {
                        fail(
                            """
                            example #\(n + 1) is found on its own but not inside a larger file: the rule matches only near its keywords \
                            (`keywordWindow`), and no keyword is within \(Detector.windowBefore) bytes after or \(Detector.windowAfter) \
                            bytes before the match; add a keyword that the match contains, or set keywordWindow = false
                            """
                        )
                    }
                }
            }
            for (n, example) in rule.negativeExamples.enumerated() {
                report.examplesChecked += 1
                let found = findings(worker, example, rule: index)
                if let issue = found.issues.first {
                    fail("negative example #\(n + 1): \(issue.message)")
                } else if !found.findings.isEmpty {
                    fail("negative example #\(n + 1) is found (line \(found.findings[0].location.line)): \(preview(example.text))")
                }
            }
        }
        return report
    }

    private static func findings(_ worker: DetectorWorker, _ example: RuleExample, rule: Int) -> ContentScanResult {
        var bytes = Array(example.text.utf8)
        let id = worker.detector.rules[rule].rule.id
        var result = bytes.withUnsafeMutableBytes { buf in
            worker.scan(UnsafeRawBufferPointer(buf), path: example.path ?? "example.txt", onlyRule: rule, applyGlobalAllowlists: false)
        }
        result.findings.removeAll { $0.ruleID != id }  // components of a composite rule are not judged here
        return result
    }

    /// The example between two 8 KiB blocks of neutral text, scanned the way files are (keyword
    /// prefilter and windows): a windowed rule must still find it, alone or absorbed into a composite
    /// rule's finding of the same secret (`secrets`: what the rule found in the example alone).
    private static func windowedFindings(_ worker: DetectorWorker, _ example: RuleExample, rule: Int, secrets: Set<String>) -> Bool {
        let filler = String(repeating: "0123456789 ~~~~ 0123456789 ~~~~ 0123456789\n", count: 8192 / 43)
        var bytes = Array((filler + example.text + "\n" + filler).utf8)
        let id = worker.detector.rules[rule].rule.id
        return bytes.withUnsafeMutableBytes { buf in
            worker.scan(UnsafeRawBufferPointer(buf), path: example.path ?? "example.txt", applyGlobalAllowlists: false)
        }.findings.contains { $0.ruleID == id || $0.related.contains { $0.ruleID == id } || secrets.contains($0.secret) }
    }

    private static func preview(_ text: String) -> String {
        let oneLine = text.replacingOccurrences(of: "\n", with: "⏎")
        return oneLine.count > 60 ? String(oneLine.prefix(60)) + "…" : oneLine
    }
}
