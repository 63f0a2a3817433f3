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

    @OptionGroup var rules: RuleConfigOptions

    func run() throws {
        let detector = try rules.detector(root: nil)
        let bench = EngineBenchmark(directory: path, maxBytes: megabytes * 1_000_000)
        if keywordsOnly {
            let (selections, seconds) = bench.runKeywordPass(detector, rounds: max(rounds, 1))
            let bytes = Double(bench.totalBytes)
            let sorted = seconds.sorted()
            let best = sorted[0]
            let median = sorted[sorted.count / 2]
            Console.out(
                String(
                    format:
                        "keyword pass: %.1f MB, best round %.2f ms (%.1f MB/s), median %.2f ms (%.1f MB/s), %d rounds, %d rule selections a round\n",
                    bytes / 1_000_000, best * 1000, bytes / 1_000_000 / best, median * 1000, bytes / 1_000_000 / median,
                    seconds.count, selections))
            return
        }
        let r = bench.run(detector, rounds: rounds)
        Console.out(
            String(
                format: "engine: %.1f MB in %.3f s on one core = %.1f MB/s (%d files, %d findings per round)\n",
                Double(r.bytes * r.rounds) / 1_000_000, r.seconds, r.megabytesPerSecond, r.files, r.findingsPerRound))
    }
}
