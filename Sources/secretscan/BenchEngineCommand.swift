import ArgumentParser
import Foundation
import SecretScan

/// Hidden: measures the matching engine alone, on content already in memory (for scripts/bench).
struct BenchEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-engine",
        abstract: "Measure the matching engine on files held in memory (benchmarking aid).",
        shouldDisplay: false)

    @Argument(help: "Directory whose files are loaded into memory.")
    var path: String

    @Option(help: "Repeat the scan of all files this many times.")
    var rounds: Int = 3

    @Option(help: "Megabytes of content to load at most.")
    var megabytes: Int = 200

    @Flag(help: "Measure the keyword pass alone (no rule runs): the best and the median round.")
    var keywordsOnly = false

    @Flag(help: "Measure the base64 run search alone: the best and the median round.")
    var base64Only = false

    @Flag(help: "With --base64-only: the portable table search, not the SSE2 one.")
    var portable = false

    @OptionGroup var rules: RuleConfigOptions

    func validate() throws {
        if keywordsOnly && base64Only { throw ValidationError("--keywords-only and --base64-only measure different stages: give one") }
        if portable && !base64Only { throw ValidationError("--portable goes with --base64-only") }
    }

    func run() throws {
        let detector = try rules.detector(root: nil)
        let bench = EngineBenchmark(directory: path, maxBytes: megabytes * 1_000_000)
        if keywordsOnly {
            let (selections, seconds) = bench.runKeywordPass(detector, rounds: max(rounds, 1))
            printRounds("keyword pass", seconds, bytes: bench.totalBytes, "\(selections) rule selections a round")
            return
        }
        if base64Only {
            let (segments, seconds) = bench.runBase64Search(rounds: max(rounds, 1), portable: portable)
            printRounds(
                "base64 run search (\(portable ? "portable" : "SSE2 where available"))", seconds, bytes: bench.totalBytes,
                "\(segments) decoded segments a round")
            return
        }
        let r = bench.run(detector, rounds: rounds)
        Console.out(
            String(
                format: "engine: %.1f MB in %.3f s on one core = %.1f MB/s (%d files, %d findings per round)\n",
                Double(r.bytes * r.rounds) / 1_000_000, r.seconds, r.megabytesPerSecond, r.files, r.findingsPerRound))
    }

    /// One line for a measurement in rounds: the best and the median round, and what a round found.
    private func printRounds(_ what: String, _ seconds: [Double], bytes: Int, _ found: String) {
        let megabytes = Double(bytes) / 1_000_000
        let sorted = seconds.sorted()
        let best = sorted[0]
        let median = sorted[sorted.count / 2]
        let figures = String(
            format: "%.1f MB, best round %.2f ms (%.1f MB/s), median %.2f ms (%.1f MB/s), %d rounds",
            megabytes, best * 1000, megabytes / best, median * 1000, megabytes / median, seconds.count)
        Console.out("\(what): \(figures), \(found)\n")
    }
}
