import ArgumentParser
import Foundation
import SecretScan

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Scan git history: every blob of every ref, or the commits of a range.",
        discussion: """
            Without a range option, scans every blob reachable from every ref (branches, tags, \
            remote-tracking refs, stash, notes), each distinct blob once; each finding is attributed to \
            the earliest commit that introduced it at its path. With --range, --since-commit or --branch, \
            scans those commits and reports only secrets on lines they add.
            """)

    @Argument(help: "Repository (work tree or bare) to scan.")
    var path: String = "."

    @OptionGroup var rules: RuleConfigOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var iac: IaCOptions
    @OptionGroup var verification: VerifyOptions

    @Option(help: ArgumentHelp("Scan the commits in BASE..HEAD and report only lines they add.", valueName: "base..head"))
    var range: String?

    @Option(help: ArgumentHelp("Scan the commits after REV up to HEAD (REV..HEAD).", valueName: "rev"))
    var sinceCommit: String?

    @Option(help: ArgumentHelp("Scan the commits reachable from REF, reporting lines they add.", valueName: "ref"))
    var branch: String?

    @Flag(help: "Also scan objects no ref reaches (dangling commits and blobs).")
    var allObjects = false

    @Flag(help: "With a range: leave out commits any remote-tracking ref reaches (the commits a push would send).")
    var notRemotes = false

    @Option(help: ArgumentHelp("Skip blobs larger than this (e.g. 10MB).", valueName: "size"))
    var maxFileSize: ByteSize = ByteSize(argument: "10MB")!

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Flag(name: .shortAndLong, help: "No progress line on stderr.")
    var quiet = false

    @Flag(
        help: ArgumentHelp(
            "Walk every blob whole for keywords, not just the bytes a delta changed (same findings, slower; for comparison)."))
    var wholeBlobs = false

    func validate() throws {
        if [range, sinceCommit, branch].compactMap({ $0 }).count > 1 {
            throw ValidationError("use only one of --range, --since-commit and --branch")
        }
        if allObjects && (range != nil || sinceCommit != nil || branch != nil) {
            throw ValidationError("--all-objects scans the whole object database; it does not combine with a range")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if notRemotes && range == nil && sinceCommit == nil && branch == nil {
            throw ValidationError("--not-remotes goes with --range, --since-commit or --branch")
        }
    }

    func run() throws {
        let progress = ProgressLine.start(enabled: !quiet)
        let scanned: ScanReport
        do {
            var request = try makeRequest()
            request.progress = progress?.counters
            scanned = try report.run(request)
        } catch {
            progress?.stop()
            throw error
        }
        progress?.stop()
        try report.finish(scanned)
    }

    func makeRequest() throws -> ScanRequest {
        let detector = try rules.detector(root: path)
        let selection: CommitSelection? = range.map { .range($0) } ?? sinceCommit.map { .since($0) } ?? branch.map { .branch($0) }
        var request = ScanRequest(
            path: path, source: selection.map { .range($0, notRemotes: notRemotes) } ?? .history(allObjects: allObjects),
            detector: detector, analyses: .init(iac: iac.scanner(config: detector.config)))
        request.maxFileSize = maxFileSize.bytes
        if let threads { request.threads = threads }
        request.wholeBlobs = wholeBlobs
        report.configure(&request)
        try verification.configure(&request, trusted: rules.config != nil)
        return request
    }
}
