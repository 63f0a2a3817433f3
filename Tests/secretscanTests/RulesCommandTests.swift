import Foundation
import TestSupport
import Testing

@Suite struct RulesCommandTests {
    @Test func rulesTestPassesOnTheDefaultRules() throws {
        let r = try CLI.run(["rules", "test"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.hasSuffix("all passed\n"))
    }

    @Test func rulesTestFailsOnAMissedExample() throws {
        let repo = try TestRepo(git: false)
        try repo.write(
            "r.toml",
            """
            [[rules]]
            id = "digits"
            regex = '''n[0-9]{4}'''
            keywords = ["n"]
            examples = ['''n123''']
            negative_examples = ['''m1234''']
            """)
        let r = try CLI.run(["rules", "test", "--config", repo.path + "/r.toml"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("r.toml:1: rule 'digits': example #1 is not found"))
    }

    @Test func rulesListJSON() throws {
        let r = try CLI.run(["rules", "list", "--format", "json"])
        #expect(r.status == 0)
        struct Entry: Decodable {
            var id: String
            var description: String
            var severity: String
            var keywords: [String]
        }
        let entries = try JSONDecoder().decode([Entry].self, from: r.stdoutData)
        #expect(entries.count >= 60)
        #expect(Set(entries.map(\.id)).count == entries.count)
        #expect(entries.contains { $0.id == "github-pat-classic" && $0.severity == "critical" && $0.keywords == ["ghp_"] })
    }

    @Test func versionIsPrinted() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout == "0.1.0\n")
    }

    /// `rules profile` counts, per rule, the files its keywords select, its regex runs, matches and
    /// findings: a rule whose keyword is in one file of two, matched twice there, one match being a
    /// placeholder.
    @Test func rulesProfileCountsPerRule() throws {
        let repo = try TestRepo(git: false)
        let token = "tok_" + "q8Lm2ZrT"
        try repo.write("a.txt", "one \(token)\ntwo tok_xxxxxxxx\n")
        try repo.write("b.txt", "nothing here\n")
        let rules = try TestRepo(git: false)
        try rules.write(
            "rules.toml",
            """
            [[rules]]
            id = "tok"
            regex = '''tok_[A-Za-z0-9]{8}'''
            keywords = ["tok_"]

            [[rules]]
            id = "never"
            regex = '''zzz_[0-9]{8}'''
            keywords = ["zzz_"]
            """)
        let config = rules.path + "/rules.toml"
        let r = try CLI.run(["rules", "profile", repo.path, "--config", config, "--format", "json", "--top", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        struct Report: Decodable {
            struct Rule: Decodable, Equatable {
                var rule_id: String
                var files: Int
                var keyword_hits: Int?
                var regex_runs: Int
                var matches: Int
                var findings: Int
            }
            var files: Int
            var rules: [Rule]
        }
        struct Compile: Decodable {
            struct Rule: Decodable {
                var rule_id: String
                var compile_nanoseconds: UInt64
            }
            var compile_nanoseconds: UInt64
            var rules: [Rule]
        }
        let report = try JSONDecoder().decode(Report.self, from: r.stdoutData)
        #expect(report.files == 2)
        // Compiling is timed apart: the rule that ran compiled at its first use, the other never did.
        let compile = try JSONDecoder().decode(Compile.self, from: r.stdoutData)
        let compiled = Dictionary(uniqueKeysWithValues: compile.rules.map { ($0.rule_id, $0.compile_nanoseconds) })
        #expect(compiled["tok"].map { $0 > 0 } == true && compiled["never"] == 0)
        #expect(compile.compile_nanoseconds == compiled["tok"])
        let byID = Dictionary(uniqueKeysWithValues: report.rules.map { ($0.rule_id, $0) })
        // A user rule runs on the whole file: three regex runs (two matches, then none).
        #expect(byID["tok"] == .init(rule_id: "tok", files: 1, keyword_hits: nil, regex_runs: 3, matches: 2, findings: 1))
        #expect(byID["never"] == .init(rule_id: "never", files: 0, keyword_hits: nil, regex_runs: 0, matches: 0, findings: 0))
        let text = try CLI.run(["rules", "profile", repo.path, "--config", config, "--top", "1"])
        #expect(text.stdout.hasPrefix("rule "), "\(text.stdout)")
        #expect(text.stdout.contains("\ntok "), "\(text.stdout)")
        #expect(text.stdout.contains("2 files,") && text.stdout.contains("1 of 2 rules shown"), "\(text.stdout)")
    }
}
