import Testing

@testable import SecretScan

/// What `scripts/fuzz` found, kept as unit tests (the inputs are also in Fuzz/Corpus as regress-*).
@Suite struct FuzzRegressionTests {
    /// toml++ (inside TOMLKit) aborted the process on a table header whose key starts with neither
    /// a bare-key character nor a quote; such a `.secretscan.toml` in a scanned repository crashed
    /// every scan. Now a rule error with the line.
    @Test(arguments: [
        ("[é]\n", 1, 2), ("[=]", 1, 2), ("[[ =]]", 1, 4), ("  [#]\n", 1, 4), ("x = 1\n\n[\u{FFFD}", 3, 2), ("[\n", 1, 2),
        ("[[rules]]\nid = 'a'\n[[\u{FFFD}tend]]\n", 3, 3),
    ])
    func tableHeadersTomlPlusPlusCannotParseAreRuleErrors(text: String, line: Int, column: Int) {
        #expect(throws: RuleError.self) { try RuleLoader.parse(text, file: "fuzz.toml") }
        do {
            _ = try RuleLoader.parse(text, file: "fuzz.toml")
        } catch {
            guard case .invalidTOML(let file, let l, let c, let message) = error else {
                Issue.record("expected invalidTOML, got \(error)")
                return
            }
            #expect(file == "fuzz.toml" && l == line && c == column)
            #expect(message.contains("table header"))
        }
    }

    /// Brackets where a header cannot start are left alone: inside strings, arrays, inline tables
    /// and comments, and quoted header keys.
    @Test func validRuleFilesAreNotRefused() throws {
        let text = """
            # [é] in a comment
            ["quoted key"]
            a = 1

            [ 'single' . "double" ]
            b = [
              [1, 2],
              [{ x = 1 }],
              ["é"],
            ]
            c = '''
            [^a-z]+
            [é]
            '''
            d = \"\"\"
            [=] \\\"\"\" still inside
            \"\"\"
            e = "[é" # [=]

            [[rules]]
            id = "t"
            regex = '''[=][é]'''
            """
        #expect(TOMLHeaderCheck.firstUnparsableHeader(text) == nil)
        let rules = """
            # [é] in a comment
            ["extend"]
            disabledRules = ["[é]"]

            [[ rules ]]
            id = "t"
            description = "[=]"
            regex = '''
            [^a-z]+
            [é]'''
            keywords = [
              "[x",
              "y]",
            ]
            """
        let config = try RuleLoader.parse(rules, file: "ok.toml")
        #expect(config.rules.map(\.id) == ["t"])
    }
}
