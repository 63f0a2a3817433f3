import ArgumentParser
import Foundation
import SecretScan

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan a working tree (or any directory or file) for secrets.",
        discussion: """
            In a git work tree this scans tracked files and untracked files that git does not ignore \
            (what `git ls-files --cached --others --exclude-standard` lists); elsewhere every file. \
            Binary files, files over --max-file-size and symlinks are skipped and counted.
            """)

    @Argument(help: "Directory or file to scan.")
    var path: String = "."

    @OptionGroup var rules: RuleConfigOptions

    @OptionGroup var report: ReportOptions

    @Flag(help: "Also scan files that git ignores.")
    var includeIgnored = false

    @Option(help: ArgumentHelp("Skip files larger than this (e.g. 10MB, 512KiB).", valueName: "size"))
    var maxFileSize: ByteSize = ByteSize(argument: "10MB")!

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let detector = try rules.detector(root: path)
        var options = ScanOptions()
        options.includeIgnored = includeIgnored
        options.maxFileSize = maxFileSize.bytes
        if let threads { options.threads = threads }
        let result: ScanResult
        do {
            result = try WorkingTreeScanner.scan(path: path, detector: detector, options: options)
        } catch {
            throw CLIError(error.description)
        }
        try report.finish(result)
    }
}

/// Report options shared by every scanning command, and what they do with a result.
struct ReportOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .customLong("no-redact"), help: "Show secrets in full (they are redacted by default).")
    var noRedact = false

    @Option(name: .customLong("exit-code"), help: "Exit status when findings are reported.")
    var findingsExitCode: Int32 = CLIExit.findings

    @Flag(help: "Report findings normally even when some files, objects or rules could not be fully checked (otherwise exit 2).")
    var allowIncomplete = false

    @Flag(help: "Never colour the text output.")
    var noColor = false

    /// Prints warnings and the report, then ends the command with the right exit status.
    func finish(_ result: ScanResult) throws -> Never {
        for issue in result.issues { Console.warning(issue.message) }
        switch format {
        case .json:
            try Console.emit(JSONReport.render(result, redact: !noRedact), to: output)
        case .text:
            let color = output == nil && !noColor && Console.stdoutIsColorTerminal
            try Console.emit(Data(TextReport.render(result, redact: !noRedact, color: color).utf8), to: output)
        }
        if !result.isComplete && !allowIncomplete {
            Console.error("error: the scan is incomplete (\(result.issues.count) error(s) above), so it cannot be reported clean; fix them or pass --allow-incomplete")
            throw ExitCode(CLIExit.error)
        }
        throw ExitCode(result.findings.isEmpty ? CLIExit.clean : findingsExitCode)
    }
}
