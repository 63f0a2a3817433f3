import ArgumentParser
import Foundation
import SecretScan

extension RulesCommand {
    /// Which rules cost the time on a tree: keyword hits, regex runs, matches, findings and time
    /// per rule, from one scan of the tree's text files held in memory.
    struct Profile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show which rules cost the time on a tree: keyword hits, regex runs, matches, findings and time per rule.")

        @Argument(help: "Directory to profile (its text files are read into memory first).")
        var path: String = "."

        @OptionGroup var rules: RuleConfigOptions

        @Option(help: "Rows to show, most expensive first (0: all).")
        var top: Int = 25

        @Option(help: "Megabytes of content to load at most.")
        var megabytes: Int = 200

        enum ProfileFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Option(name: [.short, .long], help: "Output format: text or json.")
        var format: ProfileFormat = .text

        func run() throws {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("\(path): no such directory; give a directory to profile")
            }
            let detector = try rules.detector(root: path)
            let corpus = EngineBenchmark(directory: path, maxBytes: megabytes * 1_000_000)
            let profile = RuleProfiler.profile(detector, contents: corpus.contents)
            let rows = top > 0 ? Array(profile.byTime.prefix(top)) : profile.byTime
            switch format {
            case .json:
                struct Report: Encodable {
                    var files: Int
                    var bytes: Int
                    var total_nanoseconds: UInt64
                    var prefilter_nanoseconds: UInt64
                    var compile_nanoseconds: UInt64
                    var rules: [RuleProfile.Entry]
                }
                let report = Report(
                    files: profile.files, bytes: profile.bytes, total_nanoseconds: profile.totalNanoseconds,
                    prefilter_nanoseconds: profile.prefilterNanoseconds,
                    compile_nanoseconds: profile.compileNanoseconds, rules: rows)
                Console.out(try Console.json(report))
            case .text:
                Console.out(Self.render(profile, rows: rows))
            }
        }

        static func render(_ profile: RuleProfile, rows: [RuleProfile.Entry]) -> String {
            let total = max(profile.totalNanoseconds, 1)
            func ms(_ ns: UInt64) -> String { String(format: "%.1f", Double(ns) / 1e6) }
            func pct(_ ns: UInt64) -> String { String(format: "%.1f%%", Double(ns) * 100 / Double(total)) }
            let width = max(rows.map(\.ruleID.count).max() ?? 0, 20)
            func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
            var out =
                "rule".padding(toLength: width, withPad: " ", startingAt: 0)
                + "  " + pad("files", 7) + "  " + pad("kw hits", 8) + "  " + pad("regex runs", 10) + "  " + pad("matches", 8)
                + "  " + pad("findings", 8) + "  " + pad("ms", 9) + "  " + pad("share", 6) + "  " + pad("compile ms", 10) + "\n"
            for e in rows {
                out += e.ruleID.padding(toLength: width, withPad: " ", startingAt: 0)
                out += "  " + pad(String(e.files), 7) + "  " + pad(e.keywordHits.map(String.init) ?? "-", 8)
                out += "  " + pad(String(e.regexRuns), 10) + "  " + pad(String(e.matches), 8) + "  " + pad(String(e.findings), 8)
                out += "  " + pad(ms(e.nanoseconds), 9) + "  " + pad(pct(e.nanoseconds), 6)
                out += "  " + pad(e.compileNanoseconds > 0 ? ms(e.compileNanoseconds) : "-", 10) + "\n"
            }
            out +=
                "keyword pass".padding(toLength: width, withPad: " ", startingAt: 0) + String(repeating: " ", count: 55)
                + pad(ms(profile.prefilterNanoseconds), 9) + "  " + pad(pct(profile.prefilterNanoseconds), 6) + "\n"
            out += String(
                format:
                    "%d files, %.1f MB, %.1f ms in the engine (one core); %.1f ms more compiling patterns at their first use (not in ms or share); %d of %d rules shown\n",
                profile.files, Double(profile.bytes) / 1e6, Double(profile.totalNanoseconds) / 1e6,
                Double(profile.compileNanoseconds) / 1e6, rows.count, profile.entries.count)
            return out
        }
    }
}
