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

    @OptionGroup var rules: RuleConfigOptions

    func run() throws {
        let detector = try rules.detector(root: nil)
        let r = EngineBenchmark(directory: path, maxBytes: megabytes * 1_000_000).run(detector, rounds: rounds)
        Console.out(
            String(
                format: "engine: %.1f MB in %.3f s on one core = %.1f MB/s (%d files, %d findings per round)\n",
                Double(r.bytes * r.rounds) / 1_000_000, r.seconds, r.megabytesPerSecond, r.files, r.findingsPerRound))
    }
}
