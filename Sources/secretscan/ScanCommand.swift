import ArgumentParser
import Foundation
import SecretScan

extension ReportFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
extension Confidence: ExpressibleByArgument {}

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan a working tree (or any directory or file, or - for standard input) for secrets.",
        discussion: """
            In a git work tree this scans tracked files and untracked files that git does not ignore \
            (what `git ls-files --cached --others --exclude-standard` lists); elsewhere every file. \
            Binary files, files over --max-file-size and symlinks are skipped and counted. In a git work \
            tree it also audits .gitignore coverage (one advisory for the patterns it lets through). \
            Exit status 1 only for findings at or above --fail-on (default medium).
            """)

    @Argument(help: "Directory or file to scan; - reads standard input.")
    var path: String = "."

    @OptionGroup var rules: RuleConfigOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var iac: IaCOptions
    @OptionGroup var verification: VerifyOptions

    @Flag(help: "Also scan files that git ignores.")
    var includeIgnored = false

    @Flag(help: "Skip the .gitignore coverage audit (findings of kind gitignore; see `secretscan gitignore`).")
    var noGitignore = false

    @Option(help: ArgumentHelp("Skip files larger than this (e.g. 10MB, 512KiB).", valueName: "size"))
    var maxFileSize: ByteSize = ByteSize(argument: "10MB")!

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(help: ArgumentHelp("With -: the path standard input is reported under (and judged by path rules).", valueName: "path"))
    var stdinName: String?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if stdinName != nil && path != "-" { throw ValidationError("--stdin-name goes with - (scan standard input)") }
        if path == "-" && includeIgnored { throw ValidationError("--include-ignored does not apply to standard input") }
    }

    func run() throws {
        let request = try makeRequest()
        try report.finish(try report.run(request))
    }

    func makeRequest() throws -> ScanRequest {
        let root = path == "-" ? "." : path
        let detector = try rules.detector(root: root)
        var request = ScanRequest(
            path: root, source: path == "-" ? .stream(name: stdinName ?? "<stdin>") : .workingTree(includeIgnored: includeIgnored),
            detector: detector,
            analyses: .init(iac: iac.scanner(config: detector.config), gitignore: noGitignore ? nil : .advisory))
        request.maxFileSize = maxFileSize.bytes
        if let threads { request.threads = threads }
        if path == "-" { request.streamContent = Array(FileHandle.standardInput.readDataToEndOfFile()) }
        report.configure(&request)
        try verification.configure(&request, trusted: rules.config != nil)
        return request
    }
}
