import ArgumentParser
import Foundation
import SecretScan

/// Report options shared by every command that reports findings, and what the command does with
/// the pipeline's report: warnings to stderr, the document to stdout or a file, the exit status.
struct ReportOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Output format: text, json, sarif or markdown.")
    var format: ReportFormat = .text

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .customLong("no-redact"), help: "Show secrets in full (they are redacted by default).")
    var noRedact = false

    @Option(
        help: ArgumentHelp(
            """
            Exit 1 only for findings of this severity or higher: critical, high, medium or low (default: [report] failOn in \
            .secretscan.toml, else medium). Lower ones are still reported.
            """,
            valueName: "severity"))
    var failOn: Severity?

    @Option(
        help: ArgumentHelp(
            "Leave out findings below this confidence: high, medium or low (default: [report] minConfidence, else report all).",
            valueName: "confidence"))
    var minConfidence: Confidence?

    @Option(name: .customLong("exit-code"), help: "Exit status when findings at or above --fail-on are reported.")
    var findingsExitCode: Int32 = CLIExit.findings

    @Flag(help: "Report findings normally even when some files, objects or rules could not be fully checked (otherwise exit 2).")
    var allowIncomplete = false

    @Flag(help: "Never colour the text output.")
    var noColor = false

    @Option(
        help: ArgumentHelp(
            "SARIF automationDetails.id (e.g. secretscan/pr/), to keep several analyses apart in code scanning.", valueName: "id"))
    var sarifCategory: String?

    @Option(
        help: ArgumentHelp(
            "Report only findings not in this baseline (a `secretscan baseline` file, or any SecretScan JSON or SARIF report).",
            valueName: "file"))
    var baseline: String?

    @Option(
        name: .customLong("ignore-file"),
        help: ArgumentHelp(
            "Ignore file(s) to apply (default: .secretscanignore and .gitleaksignore at the scanned root, when present).", valueName: "file"
        ))
    var ignoreFiles: [String] = []

    @Flag(help: "Also list suppressed findings (inline markers, ignore files, baseline), marked as such.")
    var showSuppressed = false

    @Flag(help: "Warn about ignore-file entries that matched nothing.")
    var reportUnusedIgnores = false

    /// Sets the request's suppression and threshold from these options.
    func configure(_ request: inout ScanRequest) {
        request.suppression = .init(ignoreFiles: ignoreFiles.isEmpty ? nil : ignoreFiles, baseline: baseline)
        request.failOn = failOn
        request.minConfidence = minConfidence
    }

    /// Runs the pipeline, turning its errors into CLI errors.
    func run(_ request: ScanRequest) throws -> ScanReport {
        do { return try Pipeline.run(request) } catch { throw CLIError(error.description) }
    }

    /// Prints warnings and the report, then ends the command with its exit status: 2 for an
    /// incomplete scan (unless --allow-incomplete), 1 for findings at or above the threshold, else 0.
    func finish(_ report: ScanReport) throws -> Never {
        for warning in report.warnings { Console.warning(warning) }
        for issue in report.result.issues { Console.warning(issue.message) }
        for warning in report.expiredIgnores { Console.warning(warning) }
        if reportUnusedIgnores { for w in report.unusedIgnores { Console.warning(w) } }
        let style = ReportStyle(
            redact: !noRedact, color: format == .text && output == nil && !noColor && Console.stdoutIsColorTerminal,
            showSuppressed: showSuppressed, sarifCategory: sarifCategory,
            sourceRoot: URL(fileURLWithPath: report.root).standardizedFileURL.path)
        try Console.emit(format.reporter(style).render(report), to: output)
        if !report.isComplete && !allowIncomplete {
            Console.error(
                """
                error: the scan is incomplete (\(report.result.issues.count) error(s) above), so it cannot be reported clean; fix them or \
                pass --allow-incomplete
                """
            )
            throw ExitCode(CLIExit.error)
        }
        throw ExitCode(report.failing.isEmpty ? CLIExit.clean : findingsExitCode)
    }
}
