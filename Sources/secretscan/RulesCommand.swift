import ArgumentParser
import Foundation
import SecretScan

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, test or profile the active rules.",
        subcommands: [List.self, Test.self, Profile.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the active rules.")

        @OptionGroup var rules: RuleConfigOptions

        enum ListFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Option(name: [.short, .long], help: "Output format: text or json.")
        var format: ListFormat = .text

        func run() throws {
            let config = try rules.load(root: ".", examples: true)
            switch format {
            case .json:
                struct Record: Encodable {
                    var id: String
                    var description: String
                    var severity: String
                    var confidence: String
                    var keywords: [String]
                    var tags: [String]
                    var verifier: String?
                    var source: String
                }
                let records = config.rules.map {
                    Record(
                        id: $0.id, description: $0.description, severity: $0.severity.rawValue,
                        confidence: $0.confidence.rawValue, keywords: $0.keywords, tags: $0.tags, verifier: $0.verify,
                        source: "\($0.origin.file):\($0.origin.line)")
                }
                Console.out(try Console.json(records))
            case .text:
                let width = config.rules.map(\.id.count).max() ?? 0
                let verifierWidth = max(8, config.verifiers.keys.map(\.count).max() ?? 0)
                var out = ""
                for r in config.rules {
                    out += r.id.padding(toLength: width, withPad: " ", startingAt: 0)
                    out += "  " + r.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                    out += "  " + (r.verify ?? "-").padding(toLength: verifierWidth, withPad: " ", startingAt: 0)
                    out += "  " + r.description + "\n"
                }
                let verifiable = config.rules.filter { $0.verify != nil }.count
                out += "\(config.rules.count) rules; \(verifiable) with a verifier (--verify), \(config.verifiers.count) verifiers\n"
                Console.out(out)
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that every rule compiles, finds each of its examples and none of its negative examples.")

        @OptionGroup var rules: RuleConfigOptions

        func run() throws {
            let detector = try rules.detector(root: ".", examples: true)
            let report = RuleTester.run(detector)
            for f in report.failures {
                Console.out("\(f.origin.file):\(f.origin.line): rule '\(f.ruleID)': \(f.message)\n")
            }
            if report.passed {
                Console.out("\(report.rulesChecked) rules, \(report.examplesChecked) examples: all passed\n")
            } else {
                Console.out("\(report.rulesChecked) rules, \(report.examplesChecked) examples: \(report.failures.count) failed\n")
                throw ExitCode(CLIExit.findings)
            }
        }
    }
}
