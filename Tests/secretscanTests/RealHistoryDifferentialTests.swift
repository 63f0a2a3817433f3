import Foundation
import Testing

/// The differential test on real histories: a blob rebuilt from a delta walks only the bytes the
/// delta inserted for keywords (the default), and `--whole-blobs` walks every blob whole; both must
/// report exactly the same findings (every field: rule, path, line, column, fingerprint, commit,
/// author, occurrences, blob) and the same missing objects.
///
/// Real clones are not part of this repository, and CI has no network: name them in
/// `SECRETSCAN_REAL_REPOS`, paths separated by `:` (e.g. git/git and rails/rails brought with the
/// library's `fetch`). Without it the test is skipped. With a debug build each repository takes
/// minutes; `swift test -c release --filter RealHistoryDifferential` is faster.
@Suite struct RealHistoryDifferentialTests {
    static let repos = (ProcessInfo.processInfo.environment["SECRETSCAN_REAL_REPOS"] ?? "")
        .split(separator: ":").map(String.init)

    @Test(
        .enabled(if: !repos.isEmpty, "needs real clones named in SECRETSCAN_REAL_REPOS (paths separated by ':')"),
        .timeLimit(.minutes(60)),
        arguments: repos.isEmpty ? ["(none)"] : repos)
    func deltaKeywordReuseReportsWhatWholeBlobsReport(repo: String) throws {
        let reused = try CLI.json("history", [repo, "--quiet", "--allow-incomplete"])
        let whole = try CLI.json("history", [repo, "--quiet", "--allow-incomplete", "--whole-blobs"])
        #expect(reused.status == whole.status)
        #expect(reused.status != 2, "the scan failed: \(reused.stderr)")
        #expect(reused.report.findings.count == whole.report.findings.count)
        for (a, b) in zip(reused.report.findings, whole.report.findings) where a != b {
            Issue.record("\(a.position) (commit \(a.commit ?? "-")) against \(b.position) (commit \(b.commit ?? "-"))")
        }
        #expect(reused.report.errors.map(\.object) == whole.report.errors.map(\.object))
        #expect(reused.report.stats.blobs_scanned == whole.report.stats.blobs_scanned)
        #expect(reused.report.stats.commits_scanned == whole.report.stats.commits_scanned)
    }
}
