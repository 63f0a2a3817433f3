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
}
