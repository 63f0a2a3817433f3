import ArgumentParser
import Foundation
import SecretScan

struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "Evaluate the secrets externalization checklist on a repository, with evidence and fixes.",
        discussion: """
            Ten items with fixed ids: \(ChecklistItemID.allCases.map(\.rawValue).joined(separator: ", ")). \
            Each is pass, fail, not_applicable (nothing it applies to, e.g. no AWS infrastructure code) or \
            unknown (cannot be decided from the code; the report says why). no-secrets-in-git reads the \
            full git history unless --no-history. Exit status: 1 when an item fails (only the items named \
            by --fail-items, when given), 0 otherwise, 2 on error.
            """)

    @Argument(help: "The repository (or directory) to evaluate.")
    var path: String = "."

    @OptionGroup var rules: RuleConfigOptions

    @Option(name: [.short, .long], help: "Output format: text, json, markdown or sarif.")
    var format: ReportFormat = .text

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(help: "Judge no-secrets-in-git on the working tree alone, not the full history (fast mode for hooks).")
    var noHistory = false

    @Option(
        parsing: .singleValue,
        help: ArgumentHelp("Exit 1 only when one of these items fails (comma-separated ids, repeatable).", valueName: "id,..."))
    var failItems: [String] = []

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Flag(help: "Never colour the text output.")
    var noColor = false

    @Option(help: ArgumentHelp("SARIF automationDetails.id, e.g. secretscan/checklist/.", valueName: "id"))
    var sarifCategory: String?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        do { _ = try ChecklistItemID.parse(failItems) } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        let gating: Set<ChecklistItemID>?
        do { gating = failItems.isEmpty ? nil : Set(try ChecklistItemID.parse(failItems)) } catch { throw CLIError(error.description) }
        var request = ChecklistRequest(path: path, detector: try rules.detector(root: path))
        request.history = !noHistory
        if let threads { request.threads = threads }
        var report: ChecklistReport
        do { report = try Checklist.run(request) } catch { throw CLIError(error.description) }
        report.gating = gating
        for warning in report.warnings { Console.warning(warning) }
        for issue in report.issues { Console.warning(issue.message) }
        let style = ReportStyle(
            color: format == .text && output == nil && !noColor && Console.stdoutIsColorTerminal, sarifCategory: sarifCategory,
            sourceRoot: URL(fileURLWithPath: path).standardizedFileURL.path)
        try Console.emit(format.checklistReporter(style).render(report), to: output)
        throw ExitCode(report.gatedFailures.isEmpty ? CLIExit.clean : CLIExit.findings)
    }
}
