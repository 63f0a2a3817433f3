import ArgumentParser
import Foundation
import SecretScan

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record the current findings as accepted, so later scans report only new ones.",
        discussion: """
            Records everything the matching command reports — secrets, .gitignore and infrastructure \
            findings — as fingerprints, rule ids and paths only (no line numbers, dates or secrets), \
            sorted, so the file does not churn or conflict in merges. Use it with `--baseline FILE` on \
            scan (the default), history (--history) or staged (--staged). Any SecretScan JSON or SARIF \
            report works as a baseline too.
            """)

    @Argument(help: "Directory (or repository, with --history or --staged) to record.")
    var path: String = "."

    @OptionGroup var rules: RuleConfigOptions
    @OptionGroup var iac: IaCOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Where to write the baseline.", valueName: "file"))
    var output: String = ".secretscan-baseline.json"

    @Flag(help: "Record what `secretscan history` reports (the whole git history) instead of `scan`.")
    var history = false

    @Flag(help: "Record what `secretscan staged` reports instead of `scan`.")
    var staged = false

    @Flag(help: "Like `scan --no-gitignore`: leave .gitignore findings out.")
    var noGitignore = false

    @Option(
        name: .customLong("ignore-file"),
        help: ArgumentHelp(
            "Ignore file(s) to apply (default: .secretscanignore and .gitleaksignore at the root, when present).", valueName: "file"))
    var ignoreFiles: [String] = []

    func validate() throws {
        if history && staged { throw ValidationError("use only one of --history and --staged") }
    }

    func run() throws {
        let detector = try rules.detector(root: path)
        let analyses = ScanRequest.Analyses(
            iac: iac.scanner(config: detector.config), gitignore: history || staged || noGitignore ? nil : .advisory)
        let source: ScanRequest.Source = history ? .history(allObjects: false) : staged ? .staged : .workingTree(includeIgnored: false)
        var request = ScanRequest(
            path: path, source: source, detector: detector, analyses: analyses,
            suppression: .init(ignoreFiles: ignoreFiles.isEmpty ? nil : ignoreFiles))
        // Every finding is recorded, whatever its severity.
        request.failOn = .low
        let report: ScanReport
        do { report = try Pipeline.run(request) } catch { throw CLIError(error.description) }
        for warning in report.warnings { Console.warning(warning) }
        for issue in report.result.issues { Console.warning(issue.message) }
        let baseline: Baseline
        do { baseline = try Baseline(recording: report) } catch { throw CLIError(error.description) }
        try Console.emit(baseline.encoded(), to: output)
        Console.error("recorded \(baseline.entries.count) finding(s) in \(output)")
    }
}
