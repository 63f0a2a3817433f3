@testable import SecretScan

/// Scans `text` at `path` with `config` and returns the findings and issues.
func scanText(_ text: String, path: String = "file.txt", config: RuleConfig) throws -> ContentScanResult {
    let detector = try Detector(config: config)
    return scanBytes(Array(text.utf8), path: path, detector: detector)
}

func scanBytes(_ bytes: [UInt8], path: String = "file.txt", detector: Detector) -> ContentScanResult {
    let worker = detector.makeWorker()
    var copy = bytes
    return copy.withUnsafeMutableBytes { worker.scan(UnsafeRawBufferPointer($0), path: path) }
}

func config(_ toml: String) throws -> RuleConfig {
    try RuleLoader.parse(toml, file: "test.toml")
}

/// (rule id, line, column, end line, end column) of each finding, for exact assertions.
func positions(_ r: ContentScanResult) -> [String] {
    r.findings.sorted(by: Finding.reportOrder).map {
        "\($0.ruleID)@\($0.location.path):\($0.location.line):\($0.location.column)-\($0.location.endLine):\($0.location.endColumn)"
    }
}
