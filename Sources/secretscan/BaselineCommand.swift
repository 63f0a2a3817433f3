import ArgumentParser
import Foundation
import SecretScan

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record the current findings as accepted, so later scans report only new ones.",
        discussion: """
            Writes fingerprints, rule ids and paths only (no line numbers, dates or secrets), sorted, so \
            the file does not churn or conflict in merges. Use it with `--baseline FILE` on scan, history \
            or staged.
            """)

    @Argument(help: "Directory (or repository, with --history) to record.")
    var path: String = "."

    @OptionGroup var rules: RuleConfigOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Where to write the baseline.", valueName: "file"))
    var output: String = ".secretscan-baseline.json"

    @Flag(help: "Record the findings of the whole git history instead of the working tree.")
    var history = false

    func run() throws {
        let detector = try rules.detector(root: path)
        let result: ScanResult
        do {
            if history {
                result = try HistoryScanner.scan(path: path, detector: detector, options: HistoryOptions())
            } else {
                result = try WorkingTreeScanner.scan(path: path, detector: detector, options: ScanOptions())
            }
        } catch {
            throw CLIError(error.description)
        }
        for issue in result.issues { Console.warning(issue.message) }
        guard result.isComplete else {
            throw CLIError("the scan is incomplete (\(result.issues.count) error(s) above); a baseline of it would hide what was not checked")
        }
        let baseline = Baseline(findings: result.findings)
        try Console.emit(baseline.encoded(), to: output)
        Console.error("recorded \(baseline.entries.count) finding(s) in \(output)")
    }
}
