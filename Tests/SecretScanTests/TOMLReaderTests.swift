import Foundation
import Testing

@testable import SecretScan

/// `TOMLReader` (the built-in rules' quick reader) against TOMLKit, on every built-in file and on
/// the constructs TOML has; and the inputs it must leave to TOMLKit.
@Suite struct TOMLReaderTests {
    static func decoded(_ base64: String) -> String {
        String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self)
    }

    @Test func everyBuiltInFileReadsAsTOMLKitReadsIt() throws {
        #expect(EmbeddedRules.files.count > 100)
        for file in EmbeddedRules.files {
            for text in [Self.decoded(file.base64), Self.decoded(file.withoutExamples)] {
                let quick = TOMLReader.read(text)
                #expect(quick != nil, "TOMLReader left \(file.name) to TOMLKit")
                #expect(quick == (try TOMLNodeTable.readWithTOMLKit(text)), "\(file.name) reads differently")
            }
        }
    }

    @Test func everyConstructReadsAsTOMLKitReadsIt() throws {
        let text = #"""
            # a comment
            title = "t\u00e9st\tx\\y\"z" # trailing
            "quoted key" = 'C:\no\escape'
            'literal key'.sub = 1
            a.b.c = -0x_1 # not valid: left to TOMLKit
            """#
        #expect(TOMLReader.read(text) == nil)
        let valid = #"""
            # a comment
            title = "t\u00e9st\tx\\y\"z\U0001F600" # trailing
            "quoted key" = 'C:\no\escape'
            'literal key'.sub = 1
            dotted . key = true
            ints = [0, +17, -5, 1_000, 0xDEAD_beef, 0o17, 0b101]
            floats = [1.5, -0.25, 6.02e23, 1E-3, 3_141.5_9, inf, -inf]
            mixed = [ "a", 'b', [1, 2], { x = 1, y.z = "w" }, ]
            nested = [
              # comment inside
              "one",   # another
              "two"
            ]
            empty = []
            emptyTable = {}
            ml = """
            first \
                continued
            quote: "" then end"""""
            mll = '''
            raw \n ''quotes'''''
            ml2 = """no newline after quotes"""

            [server]
            host = "h"

            [server.limits]
            max = 3

            [[rules]]
            id = "one"
            [rules.allowlist]
            paths = ["x"]
            [[rules.allowlists]]
            regexes = ['''a\d''']
            [[rules.allowlists]]
            stopwords = ["s"]

            [[rules]]
            id = "two"

            [[rules.required]]
            id = "one"
            withinLines = 5

            [a.b]
            c = 1
            [a]
            d = 2
            """#
        let quick = try #require(TOMLReader.read(valid))
        #expect(quick == (try TOMLNodeTable.readWithTOMLKit(valid)))
        #expect(quick["ml"]?.string == "first continued\nquote: \"\" then end\"\"")
        #expect(quick["mll"]?.string == "raw \\n ''quotes''")
        #expect(quick["rules"]?.array?.count == 2)
        #expect(quick["rules"]?.array?[0].table?["allowlists"]?.array?.count == 2)
        #expect(quick["ints"]?.array?.compactMap(\.int) == [0, 17, -5, 1000, 0xDEAD_BEEF, 15, 5])
        #expect(quick.keys.prefix(3) == ["title", "quoted key", "literal key"])
    }

    @Test func keysCompareByTheirBytes() throws {
        // "é" precomposed and as e + combining acute are two keys, as in TOMLKit.
        let text = "\"\u{E9}\" = 1\n\"e\u{301}\" = 2\n"
        let quick = try #require(TOMLReader.read(text))
        #expect(quick.keys.count == 2)
        #expect(quick == (try TOMLNodeTable.readWithTOMLKit(text)))
        #expect(quick["e\u{301}"]?.int == 2)
    }

    @Test(arguments: [
        "when = 1979-05-27",  // a date
        "when = 07:32:00",  // a time
        "a = 1\na = 2",  // a key defined twice
        "[t]\n[t]",  // a table defined twice
        "a = 1\r\n",  // a carriage return
        "a = \"\\q\"",  // an unknown escape
        "a = \"tab\u{01}\"",  // a control character
        "a = \"open",  // an unclosed string
        "a = [1, 2",  // an unclosed array
        "a = { b = 1,\n c = 2 }",  // a newline in an inline table
        "a = 01",  // a leading zero
        "a.b = 1\n[a.b]",  // a value used as a table
        "a = 1 b = 2",  // two statements on a line
        "a = 0x-1",  // a sign after a prefix
        "a = 0b+1",
        "a = 1_e5",  // an underscore beside an exponent
        "a = 1e_5",
        "a = 1e400",  // out of range
        "a = \(String(repeating: "1", count: 129))",  // too long
        "a.b = 1\n[a]",  // a header over a table made by dotted keys
        "[a]\nb.c = 1\n[a.b]",
        "[a.b]\nx = 1\n[a]\nb.y = 2",  // dotted keys into a table a header made
        "[[t.a]]\n[t]\na.x = 1",  // dotted keys into an array of tables
        "a = \(String(repeating: "[", count: 65))\(String(repeating: "]", count: 65))",  // nesting too deep
    ])
    func leavesToTOMLKit(_ text: String) {
        #expect(TOMLReader.read(text) == nil)
    }

    @Test func aBuiltInFileTheReaderDeclinesParsesThroughTOMLKit() throws {
        let text = """
            [[rules]]
            id = "r"
            regex = 'x'
            keywords = ["k"]
            description = "d"
            added = 2024-01-01
            """
        #expect(TOMLReader.read(text) == nil)
        // The same error either way: TOMLKit's reading sees an unknown key.
        #expect(throws: RuleError.self) { try RuleFileParser.parseBuiltIn(text, file: "x.toml") }
        let ok = text.replacingOccurrences(of: "added = 2024-01-01\n", with: "").replacingOccurrences(
            of: "\nadded = 2024-01-01", with: "")
        let quick = try RuleFileParser.parseBuiltIn(ok, file: "x.toml")
        let slow = try RuleFileParser.parse(ok, file: "x.toml")
        #expect(quick.rules.map(\.id) == ["r"])
        #expect(quick.rules.map(\.origin) == slow.rules.map(\.origin))
        #expect(quick.rules.map(\.keywords) == slow.rules.map(\.keywords))
    }
}
