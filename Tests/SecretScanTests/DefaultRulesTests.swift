import Testing

@testable import SecretScan

@Suite struct DefaultRulesTests {
    @Test func defaultRulesLoadCompileAndPassTheirExamples() throws {
        let config = try RuleLoader.defaultConfig()
        #expect(config.rules.count >= 780)
        let detector = try Detector(config: config)
        let report = RuleTester.run(detector)
        for failure in report.failures {
            Issue.record("\(failure.origin.file):\(failure.origin.line): \(failure.ruleID): \(failure.message)")
        }
        #expect(report.passed)
    }

    @Test func everyDefaultRuleIsDocumented() throws {
        for rule in try RuleLoader.defaultConfig().rules {
            #expect(!rule.description.isEmpty, "\(rule.id) has no description")
            #expect(rule.remediation?.isEmpty == false, "\(rule.id) has no remediation")
            #expect(rule.examples.count >= 2 && !rule.negativeExamples.isEmpty, "\(rule.id) needs 2 examples and a negative one")
            #expect(!rule.tags.isEmpty, "\(rule.id) has no tags")
            #expect(rule.origin.file.hasPrefix("rules/"), "\(rule.id)")
            // A rule restricted by `path` is judged by its path first; any other needs keywords.
            #expect(
                rule.regex == nil || rule.path != nil || !rule.keywords.isEmpty, "\(rule.id) has no keywords, so it would run on every file"
            )
            #expect(rule.keywordWindow == true, "\(rule.id): built-in rules match near their keywords")
        }
    }

    @Test func checksummedRulesHaveAnExampleWithAValidChecksum() throws {
        let detector = try Detector(config: RuleLoader.defaultConfig())
        let checksummed = detector.config.rules.filter { $0.checksum != nil }
        #expect(
            checksummed.map(\.id).sorted() == [
                "github-oauth-token", "github-pat-classic", "github-server-to-server-token", "github-user-to-server-token",
                "npm-access-token",
            ])
        for rule in checksummed {
            let statuses = rule.examples.flatMap { scanBytes(Array($0.text.utf8), detector: detector).findings }
                .filter { $0.ruleID == rule.id }.compactMap(\.checksum)
            #expect(statuses.contains(.valid), "\(rule.id)")
            #expect(statuses.contains(.invalid), "\(rule.id)")
        }
    }

    @Test func ruleTesterCatchesAMissedExample() throws {
        let c = try config(
            """
            [[rules]]
            id = "t"
            regex = '''q[0-9]{3}'''
            keywords = ["q"]
            examples = ['''q12''']
            negative_examples = ['''q123''']
            """)
        let report = RuleTester.run(try Detector(config: c))
        #expect(
            report.failures.map(\.message) == [
                "example #1 is not found: q12",
                "negative example #1 is found (line 1): q123",
            ])
    }
}
