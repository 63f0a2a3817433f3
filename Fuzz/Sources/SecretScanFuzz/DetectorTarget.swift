@testable import SecretScan

/// The detector with the built-in rules over arbitrary bytes.
enum DetectorTarget {
    /// Input: a byte choosing the file's path (which path-dependent rules and allowlists see), then
    /// the content.
    static let target = FuzzTarget(
        name: "detector",
        invariant: """
            every finding points at lines and columns of the content; scanning twice gives the same findings; replaying the \
            keyword log of a scan (as history scans do for delta-built blobs) gives the same findings as walking the content
            """,
        maxLength: 8192
    ) { data in
        var input = InputReader(data)
        let path = paths[Int(input.byte()) % paths.count]
        let content = input.rest()
        let lineCount = content.count { $0 == 0x0A } + 1
        content.withUnsafeBytes { bytes in
            let first = worker.scan(bytes, path: path, keywords: .log)
            let log = worker.lastKeywordLog
            let second = worker.scan(bytes, path: path, keywords: .walk)
            require(first.findings == second.findings && first.suppressed == second.suppressed, "two scans differ")
            if let log {
                let replayed = worker.scan(bytes, path: path, keywords: .given(log))
                require(replayed.findings == first.findings, "replaying the keyword log changed the findings")
            }
            for f in first.findings + first.suppressed {
                let l = f.location
                require(l.path == path, "finding at another path \(l.path)")
                require(
                    l.line >= 1 && l.line <= l.endLine && l.endLine <= lineCount,
                    "\(f.ruleID) at lines \(l.line)-\(l.endLine) of \(lineCount)")
                require(l.column >= 1 && l.endColumn >= 1, "\(f.ruleID) at columns \(l.column)-\(l.endColumn)")
                require(l.line < l.endLine || l.column <= l.endColumn, "\(f.ruleID) ends before it starts: \(l)")
            }
        }
    }

    static let paths = [
        "config.py", ".env", "src/app.js", "deploy/values.yaml", "main.tf", "settings.json", "id_rsa", "notes.md",
        "test/fixtures/sample.txt", "Dockerfile",
    ]

    /// Built once: compiling the default rules takes far longer than one input.
    static let detector: Detector = {
        do { return try Detector(config: RuleLoader.defaultConfig(examples: false)) } catch { fatalError("default rules: \(error)") }
    }()

    /// One worker for the process: libFuzzer runs inputs on one thread, one at a time.
    nonisolated(unsafe) static let worker = detector.makeWorker()
}
