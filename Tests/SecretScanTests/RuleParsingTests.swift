import Foundation
import Testing

@testable import SecretScan

@Suite struct RuleParsingTests {
    @Test func parsesGitleaksFieldsAndOurAdditions() throws {
        let c = try config(
            """
            title = "mine"
            [[rules]]
            id = "r1"
            description = "desc"
            regex = '''key=([a-z]{4})'''
            secretGroup = 1
            entropy = 1.5
            keywords = ["KEY="]
            tags = ["t"]
            severity = "critical"
            confidence = "low"
            remediation = "rotate"
            examples = ['''key=abcd''', { path = "a.env", text = "key=qwer" }]
            negative_examples = ['''nope''']
              [[rules.allowlists]]
              condition = "AND"
              regexTarget = "line"
              regexes = ['''ok''']
              stopwords = ["zz"]

            [[allowlists]]
            targetRules = ["r1"]
            paths = ['''^vendor/''']
            """)
        #expect(c.title == "mine")
        let r = try #require(c.rules.first)
        #expect(r.id == "r1")
        #expect(r.secretGroup == 1)
        #expect(r.entropy == 1.5)
        #expect(r.keywords == ["key="])
        #expect(r.severity == .critical)
        #expect(r.confidence == .low)
        #expect(r.remediation == "rotate")
        #expect(r.examples == [RuleExample(text: "key=abcd"), RuleExample(path: "a.env", text: "key=qwer")])
        #expect(r.origin == RuleOrigin(file: "test.toml", line: 2))
        #expect(r.allowlists.count == 1)
        #expect(r.allowlists[0].condition == .and)
        #expect(r.allowlists[0].regexTarget == .line)
        #expect(r.allowlists[0].stopwords == ["zz"])
        #expect(c.allowlists.count == 1)
        #expect(c.allowlists[0].targetRules == ["r1"])
    }

    @Test func invalidSeverityNamesRuleAndLine() {
        #expect(
            throws: RuleError.invalidRule(
                file: "test.toml", line: 6, ruleID: "second",
                message: "`severity` is 'urgent'; use critical, high, medium or low")
        ) {
            try config(
                """
                [[rules]]
                id = "first"
                regex = 'a'

                # the second rule
                [[rules]]
                id = "second"
                regex = 'b'
                severity = "urgent"
                """)
        }
    }

    @Test func invalidTOMLGivesLine() {
        do {
            _ = try config("[[rules]]\nid = \"x\"\nregex = 'unterminated\n")
            Issue.record("expected an error")
        } catch let RuleError.invalidTOML(file, line, _, _) {
            #expect(file == "test.toml")
            #expect(line == 3)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func invalidRegexNamesRuleAndLine() throws {
        let c = try config("[[rules]]\nid = \"ok\"\nregex = 'a'\n\n[[rules]]\nid = \"broken\"\nregex = '''(unclosed'''\n")
        do {
            _ = try Detector(config: c)
            Issue.record("expected an error")
        } catch let RuleError.invalidRegex(file, line, ruleID, field, offset, _) {
            #expect(file == "test.toml")
            #expect(line == 5)
            #expect(ruleID == "broken")
            #expect(field == "regex")
            #expect(offset == 9)
        }
    }

    @Test func unknownKeyIsRejected() {
        #expect(throws: RuleError.self) {
            try config("[[rules]]\nid = \"x\"\nregex = 'a'\nkeyword = [\"a\"]\n")
        }
    }

    @Test func duplicateIDsAreRejected() {
        #expect(throws: RuleError.duplicateRuleID(id: "x", file: "test.toml", line: 4, firstFile: "test.toml", firstLine: 1)) {
            try config("[[rules]]\nid = \"x\"\nregex = 'a'\n[[rules]]\nid = \"x\"\nregex = 'b'\n")
        }
    }

    @Test func extendUseDefaultAddsDisablesAndAmends() throws {
        let defaults = try RuleLoader.defaultConfig()
        let victim = try #require(defaults.rules.first?.id)
        let amended = try #require(defaults.rules.dropFirst().first?.id)
        let c = try config(
            """
            [extend]
            useDefault = true
            disabledRules = ["\(victim)"]

            [[rules]]
            id = "mine"
            regex = 'zzz'

            [[rules]]
            id = "\(amended)"
              [[rules.allowlists]]
              stopwords = ["fixture"]
            """)
        #expect(c.rules.count == defaults.rules.count)
        #expect(!c.rules.contains { $0.id == victim })
        #expect(c.rules.last?.id == "mine")
        let a = try #require(c.rules.first { $0.id == amended })
        let original = try #require(defaults.rules.first { $0.id == amended })
        #expect(a.regex == original.regex)
        #expect(a.allowlists.count == original.allowlists.count + 1)
    }

    @Test func aSecretGroupAmendedOntoABuiltInRuleIsCheckedWhenLoadedToScan() throws {
        // Built-in regexes compile at first use when loaded to scan; an amended group is checked now.
        let defaults = try RuleLoader.defaultConfig(examples: false)
        let target = try #require(defaults.rules.first { $0.regex != nil && $0.compileOnFirstUse }?.id)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ss-amend-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("rules.toml").path
        try "[extend]\nuseDefault = true\n\n[[rules]]\nid = \"\(target)\"\nsecretGroup = 99\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let c = try RuleLoader.load(path: file, examples: false)
        let amended = try #require(c.rules.first { $0.id == target })
        #expect(amended.secretGroup == 99 && !amended.compileOnFirstUse)
        #expect(c.rules.filter(\.compileOnFirstUse).count == defaults.rules.count - 1)
        #expect(throws: RuleError.self) { try Detector(config: c) }
    }

    @Test func amendingAMissingRuleIsAnError() {
        #expect(throws: RuleError.self) {
            try config("[[rules]]\nid = \"nothing-to-amend\"\n[[rules.allowlists]]\nstopwords = [\"a\"]\n")
        }
    }
}
