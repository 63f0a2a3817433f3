import ArgumentParser
import SecretScan

struct StagedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staged",
        abstract: "Scan the staged changes (for a pre-commit hook).",
        discussion: """
            Scans the staged (index) version of files that differ from HEAD and reports only lines the \
            staged change adds; line numbers refer to the staged version. Works before the first commit.
            """)

    @Argument(help: "Repository work tree (or a directory in it) to scan.")
    var path: String = "."

    @OptionGroup var rules: RuleConfigOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var iac: IaCOptions
    @OptionGroup var verification: VerifyOptions

    @Option(help: ArgumentHelp("Skip files larger than this (e.g. 10MB).", valueName: "size"))
    var maxFileSize: ByteSize = ByteSize(argument: "10MB")!

    func run() throws {
        // libgit2 starts up while the rules load (a pre-commit hook must feel instant).
        Pipeline.prepare(for: .staged)
        let request = try makeRequest()
        let scanned = try report.run(request)
        // `finish` exits: the detector (866 compiled rules) is left to the process's end, not freed.
        try withExtendedLifetime(request) { try report.finish(scanned) }
    }

    func makeRequest() throws -> ScanRequest {
        let detector = try rules.detector(root: path)
        var request = ScanRequest(
            path: path, source: .staged, detector: detector,
            analyses: .init(iac: iac.scanner(config: detector.config)))
        request.maxFileSize = maxFileSize.bytes
        report.configure(&request)
        try verification.configure(&request, trusted: rules.config != nil)
        return request
    }
}
