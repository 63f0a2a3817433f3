import Foundation
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

    @Test func scansLoadTheSameRulesWithoutTheirExamples() throws {
        let full = try RuleLoader.defaultConfig()
        let lean = try RuleLoader.defaultConfig(examples: false)
        #expect(lean.rules.count == full.rules.count)
        #expect(lean.allowlists.count == full.allowlists.count)
        for (a, b) in zip(full.rules, lean.rules) {
            #expect(b.examples.isEmpty && b.negativeExamples.isEmpty, "\(b.id) kept examples")
            #expect(!a.examples.isEmpty, "\(a.id) lost examples")
            // A scan compiles a built-in regex at its first use; `rules test` compiles them all first.
            #expect(b.compileOnFirstUse && !a.compileOnFirstUse, "\(a.id)")
            // Everything else, the line it is defined on included, is the same.
            var stripped = a
            stripped.examples = []
            stripped.negativeExamples = []
            stripped.compileOnFirstUse = true
            #expect(String(describing: stripped) == String(describing: b), "\(a.id)")
            #expect(a.origin.file == b.origin.file && a.origin.line == b.origin.line, "\(a.id)")
        }
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
                "age-secret-key", "github-oauth-token", "github-pat-classic", "github-server-to-server-token",
                "github-user-to-server-token",
                "jwt", "npm-access-token", "private-key-dsa", "private-key-ec", "private-key-openssh", "private-key-pkcs8",
                "private-key-pkcs8-encrypted", "private-key-rsa",
            ])
        for rule in checksummed where rule.checksum != .jwt {
            let statuses = rule.examples.flatMap { scanBytes(Array($0.text.utf8), detector: detector).findings }
                .filter { $0.ruleID == rule.id }.compactMap(\.checksum)
            #expect(statuses.contains(.valid), "\(rule.id)")
            #expect(statuses.contains(.invalid), "\(rule.id)")
        }
    }

    /// A JWT must be one: a JSON header naming an algorithm (not `none`) and a JSON payload (`{}` too).
    @Test func jwtStructureIsChecked() throws {
        let detector = try Detector(config: RuleLoader.defaultConfig())
        func b64(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let signature = String(repeating: "Qk3xZ9", count: 7)
        let typ = "{\"typ\":\"JWT\","
        let token = [b64(typ + "\"alg\":\"HS256\"}"), b64("{}"), signature].joined(separator: ".")
        let noAlg = [b64(typ + "\"kid\":\"k1\"}"), b64("{\"sub\":\"u1\"}"), signature].joined(separator: ".")
        let noneAlg = [b64(typ + "\"alg\":\"none\"}"), b64("{\"sub\":\"u1\"}"), signature].joined(separator: ".")
        func found(_ t: String) -> [Finding] {
            scanBytes(Array("token = \"\(t)\"\n".utf8), detector: detector).findings.filter { $0.ruleID == "jwt" }
        }
        #expect(found(token).map(\.checksum) == [.valid])
        #expect(found(token).map(\.location.column) == [10])
        #expect(found(noAlg).isEmpty)
        #expect(found(noneAlg).isEmpty)
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
