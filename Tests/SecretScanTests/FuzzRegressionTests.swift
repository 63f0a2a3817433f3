import Foundation
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

    /// libyaml also ends a line at a lone CR, NEL, LS and PS; positions (which count LF lines, as
    /// every other reader and the reports do) were one line too far per such break, past the end of
    /// the file at worst. Found by the yaml target (Fuzz/Corpus/yaml/regress-lone-cr-line-numbers).
    @Test(arguments: ["\r", "\u{85}", "\u{2028}", "\u{2029}"])
    func yamlPositionsAfterOtherLineBreaksCountLFLines(separator: String) throws {
        let text = "a: 1" + separator + "b: x\nc: 'y'\n"
        let doc = try #require(YAMLTreeReader.documents(IaCSource(Array(text.utf8))).first)
        #expect(doc.entries.map(\.key) == ["a", "b", "c"])
        #expect(doc.entries.map(\.keySpan.line) == [1, 1, 2])
        #expect(doc.entries.map(\.keySpan.column) == [1, 6, 1])
        #expect(doc.entries.last.map { ($0.value.span.line, $0.value.span.column) } ?? (0, 0) == (2, 5))
        // Plain LF and CRLF files keep libyaml's own positions.
        #expect(YAMLTreeReader.yamlLineStarts(Array("a: 1\r\nb: 2\n".utf8)) == nil)
    }

    /// A double-quoted value on a line whose key holds invalid UTF-8 and that ends in lone CRs: the
    /// value's mark fell past the end of the line it was measured on, and the span's range was
    /// built upside down (a crash). Found by the yaml target
    /// (Fuzz/Corpus/yaml/regress-quoted-scalar-past-line-end).
    @Test func yamlQuotedScalarPastItsLineEndDoesNotCrash() throws {
        let input = try #require(
            Data(
                base64Encoded:
                    "QSZXU6mpqampqampqampqampqampqampqampqampqampqampqampqampqampqampqampqampqampqampqampqampqalUZW1wbGHlZUZvci1hdFZlcnNpNm46ICIyMDEwLTA5LTA5IgpQYXJ0cmluZ0RhdGE6CiAga2V5OiBwbGF3DQ0NDQ0NDQ=="
            ))
        let source = IaCSource(Array(input))
        let docs = YAMLTreeReader.documents(source)
        // Whatever libyaml makes of it, every span lies inside the file.
        for doc in docs {
            for entry in doc.entries {
                #expect(entry.value.span.line >= 1 && entry.value.span.line <= source.lineCount)
            }
        }
    }
}
