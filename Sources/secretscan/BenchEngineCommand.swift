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
        var contents: [(String, [UInt8])] = []
        var total = 0
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let rel = enumerator?.nextObject() as? String, total < megabytes * 1_000_000 {
            let full = path + "/" + rel
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
                let data = FileManager.default.contents(atPath: full), !data.contains(0)
            else { continue }
            contents.append((rel, Array(data)))
            total += data.count
        }
        let worker = detector.makeWorker()
        var findings = 0
        let start = Date()
        for _ in 0..<rounds {
            for (rel, bytes) in contents {
                findings += bytes.withUnsafeBytes { worker.scan($0, path: rel).findings.count }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        let mb = Double(total * rounds) / 1_000_000
        Console.out(
            String(
                format: "engine: %.1f MB in %.3f s on one core = %.1f MB/s (%d files, %d findings per round)\n",
                mb, seconds, mb / seconds, contents.count, findings / max(rounds, 1)))
    }
}
