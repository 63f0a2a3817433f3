import TestSupport
import Testing

@testable import SecretScan

/// The keyword pass's table layouts, the `keywordFollowedBy` shape check, and allowlist patterns
/// searched as one alternation must each give what the plain definitions give.
@Suite struct KeywordShapeTests {
    // MARK: Table layouts

    /// Which rules a plain substring search selects.
    private func naive(_ keywords: [[String]], _ bytes: [UInt8]) -> [Bool] {
        let folded = bytes.map(KeywordPrefilter.fold)
        var rulesOf: [[UInt8]: [Int]] = [:]
        for (r, ks) in keywords.enumerated() {
            for k in ks { rulesOf[Array(k.utf8).map(KeywordPrefilter.fold), default: []].append(r) }
        }
        let lengths = Set(rulesOf.keys.map(\.count))
        var selected = [Bool](repeating: false, count: keywords.count)
        for i in folded.indices {
            for n in lengths where i + n <= folded.count {
                for r in rulesOf[Array(folded[i..<(i + n)])] ?? [] { selected[r] = true }
            }
        }
        return selected
    }

    private func check(_ p: KeywordPrefilter, _ keywords: [[String]], alphabet: [UInt8], seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for round in 0..<16 {
            // Short (one walk) and long (four stripes) content.
            let count = round % 2 == 0 ? 200 + Int(rng.next() % 600) : 1024 + Int(rng.next() % 5000)
            var bytes = (0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            // Plant a few keywords whole, in random case.
            for _ in 0..<3 {
                let k = Array(keywords[Int(rng.next() % UInt64(keywords.count))][0].utf8)
                let at = Int(rng.next() % UInt64(count - k.count))
                for (j, b) in k.enumerated() { bytes[at + j] = rng.next() % 2 == 0 ? b : (b >= 97 && b <= 122 ? b - 32 : b) }
            }
            var selected = [Bool](repeating: false, count: keywords.count)
            _ = bytes.withUnsafeBytes { p.select(in: $0, into: &selected) }
            #expect(selected == naive(keywords, bytes))
        }
    }

    @Test func wideTableForMoreThan65536StatesFindsWhatASearchFinds() {
        // 6,000 random 14-letter keywords: about 72,000 states, so 32-bit entries.
        var rng = SplitMix64(seed: 11)
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        let keywords = (0..<6000).map { _ in [String(decoding: (0..<14).map { _ in letters[Int(rng.next() % 26)] }, as: UTF8.self)] }
        let p = KeywordPrefilter(keywordsPerRule: keywords)
        #expect(p.stateCount > 65536)
        #expect(p.entryBits == 32)
        check(p, keywords, alphabet: letters + Array(" ._".utf8), seed: 12)
    }

    /// Every (rule, keyword end) the pass logs is what a plain search finds, in short content (one
    /// walk) and long content (four stripes, keywords across their boundaries), with the built-in
    /// rules' keywords (16-bit entries) and overlapping ones.
    @Test func loggedOccurrencesAreWhatASearchFinds() throws {
        let builtIn = try RuleLoader.defaultConfig().rules.map(\.keywords)
        let small = [["ab"], ["abc", "bcd"], ["b"], ["cdab"], ["dd"]]
        var rng = SplitMix64(seed: 21)
        for keywords in [builtIn, small] {
            let p = KeywordPrefilter(keywordsPerRule: keywords, windowedRules: Set(keywords.indices))
            #expect(p.entryBits == 16)
            let folded = keywords.map { $0.map { Array($0.utf8).map(KeywordPrefilter.fold) } }
            let alphabet = Array(Set(folded.joined().joined())).sorted() + Array(" \n=A".utf8)
            for round in 0..<24 {
                let count = round % 2 == 0 ? 100 + Int(rng.next() % 150) : 256 + Int(rng.next() % 4000)
                var bytes = (0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                // Keywords at random, and ending just before, at and after each stripe boundary (a
                // quarter of the content) and each stripe's early start.
                var ends = (0..<6).map { _ in Int(rng.next() % UInt64(count)) }
                for k in 1...3 {
                    for d in -2...2 { ends += [k * (count / 4) + d, k * (count / 4) - 6 + d] }
                }
                for end in ends {
                    let ks = keywords[Int(rng.next() % UInt64(keywords.count))]
                    guard let k = ks.first.map({ Array($0.utf8) }), k.count <= end, end <= count else { continue }
                    for (j, b) in k.enumerated() { bytes[end - k.count + j] = b }
                }
                let text = bytes.map(KeywordPrefilter.fold)
                var expected: [UInt64] = []
                for (r, ks) in folded.enumerated() {
                    var ends = Set<Int>()
                    for k in ks where !k.isEmpty && k.count <= text.count {
                        for i in 0...(text.count - k.count) where Array(text[i..<(i + k.count)]) == k { ends.insert(i + k.count) }
                    }
                    expected += ends.map { UInt64($0) << 16 | UInt64(r) }
                }
                var selected = [Bool](repeating: false, count: keywords.count)
                var hits = KeywordPrefilter.Hits(ruleCount: keywords.count)
                hits.logging = true
                _ = bytes.withUnsafeBytes { p.select(in: $0, into: &selected, hits: &hits) }
                let got = hits.logged.map { $0.sorted() } ?? []
                let want = expected.sorted()
                let same = got == want
                #expect(
                    same,
                    """
                    round \(round), \(count) bytes: \(got.count) logged, \(want.count) found; first difference \
                    \(zip(got, want).first { $0 != $1 }.map { "\($0.0 >> 16) / \($0.1 >> 16)" } ?? "at the end")
                    """)
            }
        }
    }

    @Test func moreThan64ByteClassesUseWiderRows() {
        // 100 distinct keyword bytes (ASCII and UTF-8 lead and continuation bytes): 128 columns.
        var keywords: [[String]] = []
        for c in 0x21..<0x7e where !(65...90).contains(c) { keywords.append([String(UnicodeScalar(UInt8(c))) + "~q"]) }
        keywords.append(["é€ü"])
        let p = KeywordPrefilter(keywordsPerRule: keywords)
        var alphabet = (0x20..<0x7f).map { UInt8($0) }
        alphabet += Array("é€ü".utf8)
        check(p, keywords, alphabet: alphabet, seed: 13)
    }

    // MARK: keywordFollowedBy

    private func follows(_ pattern: String, _ text: String, at: Int = 0) throws -> Bool {
        let f = try FollowPattern(pattern)
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { f.matches($0.baseAddress!, count: bytes.count, at: at) }
    }

    @Test func followPatternMatchesGreedilyWithoutBacktracking() throws {
        let assignment = #"[A-Za-z0-9_.-]{0,26}["'`]?\]?[ \t]{0,4}[=:?>]"#
        #expect(try follows(assignment, "_id = 1"))
        #expect(try follows(assignment, "\"] => x"))
        #expect(try follows(assignment, "=x"))
        #expect(try !follows(assignment, "Service.get()"))
        #expect(try !follows(assignment, "     = x"))  // five spaces: more than {0,4}
        #expect(try !follows(assignment, String(repeating: "a", count: 27) + "="))
        #expect(try follows(assignment, String(repeating: "a", count: 26) + "="))
        #expect(try !follows(assignment, "_id"))  // the content ends first
        #expect(try follows(#"[0-9a-f]{4}\s*,"#, "xxbeef ,", at: 2))
        #expect(try !follows(#"[0-9a-f]{4}\s*,"#, "xxbeeg ,", at: 2))
        #expect(try follows(#"[^\s:@]{0,8}:[^\s:@]+@"#, "user:pw@host"))
        #expect(try !follows(#"[^\s:@]{0,8}:[^\s:@]+@"#, "host/path"))
        #expect(try follows("a{2,}b", "aaaab"))
        #expect(try follows(#"\d+\.\w"#, "42._"))
    }

    @Test func followPatternRefusesWhatItCannotCheckExactly() {
        func message(_ pattern: String) -> String? {
            do {
                _ = try FollowPattern(pattern)
                return nil
            } catch { return "\(error.offset): \(error.message)" }
        }
        #expect(message("[a-z]*[x=]") != nil)  // x can be taken by the first set: greedy would be wrong
        #expect(message("[a-z]*[x=]")?.contains("byte set #1 can repeat and shares bytes with set #2") == true)
        #expect(message("[a-z]?[0-9]?[a-c]") != nil)  // overlap two sets later, through an optional one
        #expect(message("[a-z]{3}[a-z]") == nil)  // a fixed count never gives bytes back
        #expect(message("(a|b)")?.hasPrefix("0: `(` is not supported here") == true)
        #expect(message("[a-z")?.contains("not closed") == true)
        #expect(message("a{2") == "1: a `{` is not closed with `}`")
        #expect(message("a{3,2}")?.contains("0 ≤ m ≤ n") == true)
        #expect(message("") == "0: the pattern is empty")
        #expect(message(#"[a-z]\S"#) == #"5: `\S` is not supported here (escapes: \s \d \w \t \n \r, or `\` before punctuation)"#)
        #expect(message(#"[\x41]"#) != nil)
        #expect(message(#"\.\-\]"#) == nil)
    }

    private func followRule(_ follow: String, example: String) -> String {
        """
        [[rules]]
        id = "kw-pin"
        description = "a pin after kw"
        regex = '''kw[a-z]*\\s*[=:]\\s*([0-9]{6})\\b'''
        keywords = ["kw"]
        keywordAnchored = true
        keywordFollowedBy = '''\(follow)'''
        examples = ['''\(example)''']
        negative_examples = ['''kw = 12345''']
        """
    }

    @Test func regexRunsOnlyNearKeywordsFollowedByTheShape() throws {
        let filler = String(repeating: "lorem ipsum dolor\n", count: 300)
        let text = filler + "kwcode = 482913\nkw: 551204\n" + filler
        // `[a-z]*=`: the second line's keyword is followed by `:`, so the regex does not run there.
        #expect(
            positions(try scanText(text, config: config(followRule("[a-z]*[ ]?=", example: "kwcode = 482913")))) == [
                "kw-pin@file.txt:301:10-301:15"
            ])
        #expect(
            positions(try scanText(text, config: config(followRule("[a-z]*[ ]?[=:]", example: "kwcode = 482913")))) == [
                "kw-pin@file.txt:301:10-301:15", "kw-pin@file.txt:302:5-302:10",
            ])
        #expect(try config(followRule("=", example: "kw=123456")).rules[0].keywordWindow == true)
    }

    @Test func badFollowPatternIsARuleErrorWithItsLine() {
        let error = #expect(throws: RuleError.self) { try config(followRule("[a-z]*[a=]", example: "kw=123456")) }
        #expect(error?.description.contains("test.toml:1") == true)
        #expect(error?.description.contains("`keywordFollowedBy` at offset 0: byte set #1 can repeat") == true)
    }

    @Test func rulesTestReportsAnExampleTheShapeRulesOut() throws {
        let report = RuleTester.run(try Detector(config: config(followRule("[a-z]*[ ]?=", example: "kw: 551204"))))
        #expect(
            report.failures.map(\.message) == [
                """
                example #1 is found on its own but not inside a larger file: the rule runs only near keyword occurrences followed \
                by `keywordFollowedBy = '[a-z]*[ ]?='`, and no occurrence near the match is; loosen keywordFollowedBy so that it \
                accepts what follows the keyword in this example
                """
            ])
    }

    // MARK: Allowlist patterns as one alternation

    @Test func combinablePatternsAreThoseWhoseMeaningSurvivesTheGroup() {
        for p in [#"^[a-z]+$"#, #"(?i)secret"#, #"(?<=x)y(?!z)"#, #"[(\\1]"#, #"a(b)c"#, #"(?:x|y)(?-i:Z)"#] {
            #expect(RegexAlternation.combinable(p), "\(p)")
        }
        for p in [#"(a)\1"#, #"(?<n>a)\k<n>"#, #"(*UCP)a"#, #"\Qa)"#, #"(?x) a # c"#, #"(?|(a)|(b))"#, #"(?1)"#, #"(?P<n>a)"#] {
            #expect(!RegexAlternation.combinable(p), "\(p)")
        }
        #expect(RegexAlternation.combined(["a"]) == nil)
        #expect(RegexAlternation.combined(["a", #"(b)\1"#]) == nil)
    }

    @Test func oneAlternationMatchesExactlyWhereOneOfItsPatternsDoes() throws {
        let patterns = [#"^[a-z]{3}$"#, #"(?i)^key"#, #"x{2,}\d$"#, #"(?<![a-z])zz"#, #"^\$\{[A-Z_]+\}$"#]
        let combined = try #require(RegexAlternation.combined(patterns))
        let each = try patterns.map { try CompiledRegex($0) }
        let scratch = MatchScratch()
        var rng = SplitMix64(seed: 21)
        let alphabet = Array("abkeyKEYxz${}_Z19 ".utf8)
        for _ in 0..<3000 {
            let bytes = (0..<(1 + Int(rng.next() % 8))).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            bytes.withUnsafeBytes { subject in
                #expect(scratch.matches(combined, in: subject) == each.contains { scratch.matches($0, in: subject) })
            }
        }
    }
}
