import ArgumentParser
import Foundation
import SecretScan

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif
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
    @OptionGroup var iac: IaCOptions

    @Flag(help: "Also scan files that git ignores.")
    var includeIgnored = false

    @Flag(help: "Skip the .gitignore coverage audit (findings of kind gitignore; see `secretscan gitignore`).")
    var noGitignore = false

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
        options.iac = iac.scanner(config: detector.config)
        var result: ScanResult
        do {
            result = try WorkingTreeScanner.scan(path: path, detector: detector, options: options)
        } catch {
            throw CLIError(error.description)
        }
        if !noGitignore && result.isGitRepository { auditGitignore(into: &result, settings: detector.config.gitignore) }
        try report.finish(result, root: path)
    }

    /// Adds the .gitignore audit's findings for the scanned directory (paths relative to it, like the
    /// rest of the report).
    private func auditGitignore(into result: inout ScanResult, settings: GitignoreSettings) {
        let audit: GitignoreAuditResult
        do { audit = try GitignoreAudit.audit(root: path, settings: settings) } catch {
            switch error {
            case .notAGitRepository, .bareRepository: return
            default:
                result.issues.append(ScanIssue(kind: .unreadable, path: nil, message: "gitignore audit: \(error.description)"))
                return
            }
        }
        for w in audit.warnings { Console.warning(w) }
        let root = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let tree = URL(fileURLWithPath: audit.workTree).resolvingSymlinksInPath().path
        let prefix = root == tree || !root.hasPrefix(tree + "/") ? "" : String(root.dropFirst(tree.count + 1)) + "/"
        for var f in audit.findings where prefix.isEmpty || f.location.path.hasPrefix(prefix) {
            f.location.path = String(f.location.path.dropFirst(prefix.count))
            result.findings.append(f)
        }
        result.findings.sort(by: Finding.reportOrder)
        result.issues += audit.issues
    }
}

/// Report options shared by every scanning command, and what they do with a result.
struct ReportOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Output format: text, json or sarif.")
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

    @Option(help: ArgumentHelp("SARIF automationDetails.id (e.g. secretscan/pr/), to keep several analyses apart in code scanning.", valueName: "id"))
    var sarifCategory: String?

    @Option(help: ArgumentHelp("Report only findings that are not in this baseline (see `secretscan baseline`).", valueName: "file"))
    var baseline: String?

    @Option(name: .customLong("ignore-file"), help: ArgumentHelp(
        "Ignore file(s) to apply (default: .secretscanignore and .gitleaksignore at the scanned root, when present).", valueName: "file"))
    var ignoreFiles: [String] = []

    @Flag(help: "Also list suppressed findings (inline markers, ignore files, baseline), marked as such.")
    var showSuppressed = false

    @Flag(help: "Warn about ignore-file entries that matched nothing.")
    var reportUnusedIgnores = false

    /// Applies ignore files and the baseline, prints warnings and the report, then ends the command
    /// with the right exit status. `root` is where default ignore files are looked for.
    func finish(_ result: ScanResult, root: String? = nil) throws -> Never {
        var result = result
        let report = try suppress(&result, root: root)
        for issue in result.issues { Console.warning(issue.message) }
        for e in report.expired {
            Console.warning("\(e.origin): ignore entry expired on \(e.expires ?? "?"); it no longer suppresses anything (renew it or fix the finding)")
        }
        if reportUnusedIgnores {
            for e in report.unused { Console.warning("\(e.origin): ignore entry matched no finding; remove it") }
            for e in report.unusedGitleaks { Console.warning("\(e.file):\(e.line): gitleaks ignore entry matched no finding; remove it") }
        }
        let redact = !noRedact
        switch format {
        case .json:
            try Console.emit(JSONReport.render(result, redact: redact, showSuppressed: showSuppressed), to: output)
        case .sarif:
            let absolute = root.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            try Console.emit(SARIFReport.render(result, options: .init(redact: redact, category: sarifCategory, sourceRoot: absolute)), to: output)
        case .text:
            let color = output == nil && !noColor && Console.stdoutIsColorTerminal
            try Console.emit(Data(TextReport.render(result, redact: redact, color: color, showSuppressed: showSuppressed).utf8), to: output)
        }
        if !result.isComplete && !allowIncomplete {
            Console.error("error: the scan is incomplete (\(result.issues.count) error(s) above), so it cannot be reported clean; fix them or pass --allow-incomplete")
            throw ExitCode(CLIExit.error)
        }
        throw ExitCode(result.findings.isEmpty ? CLIExit.clean : findingsExitCode)
    }

    private func suppress(_ result: inout ScanResult, root: String?) throws -> Suppressor.Report {
        var suppressor = Suppressor()
        var files = ignoreFiles
        if files.isEmpty, let root {
            var isDir: ObjCBool = false
            let dir = FileManager.default.fileExists(atPath: root, isDirectory: &isDir) && isDir.boolValue
                ? root : (root as NSString).deletingLastPathComponent
            for name in [".secretscanignore", ".gitleaksignore"] {
                let candidate = (dir.isEmpty ? "." : dir) + "/" + name
                if FileManager.default.fileExists(atPath: candidate) { files.append(candidate) }
            }
        }
        do {
            for f in files { try suppressor.load(ignoreFile: f) }
            if let baseline { suppressor.baseline = try Baseline.load(baseline) }
        } catch {
            throw CLIError(error.description)
        }
        return suppressor.apply(to: &result)
    }
}
