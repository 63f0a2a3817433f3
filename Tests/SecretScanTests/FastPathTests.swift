import TestSupport
import Testing

@testable import SecretScan

/// The engine's fast paths (striped keyword pass, keyword windows, base64 run search) must give
/// exactly what the simple versions give.
@Suite struct FastPathTests {
    var gen = TestSecrets(seed: 7)

    // MARK: Striped keyword pass

    @Test func stripedKeywordPassSeesKeywordsAcrossStripeBoundaries() {
        let p = KeywordPrefilter(keywordsPerRule: [["alpha"], ["bravo_key"], ["zulu"], ["never"]], windowedRules: [0, 1, 2])
        // 4,001 bytes: stripes start near 1,000, 2,000 and 3,000; put keywords across each boundary.
        var bytes = [UInt8](repeating: UInt8(ascii: "."), count: 4001)
        func put(_ s: String, at i: Int) { for (k, b) in s.utf8.enumerated() { bytes[i + k] = b } }
        put("ALPHA", at: 998)  // spans the first boundary (1,000)
        put("bravo_key", at: 1996)  // spans the second
        put("zulu", at: 2999)  // spans the third
        put("alpha", at: 3996)  // ends at the very end
        var selected = [Bool](repeating: false, count: 4)
        var hits = KeywordPrefilter.Hits(ruleCount: 4)
        let n = bytes.withUnsafeBytes { p.select(in: $0, into: &selected, hits: &hits) }
        #expect(selected == [true, true, true, false])
        #expect(n == 3)
        // End offsets (exclusive), each once, whichever stripe saw them.
        #expect(hits.ends(of: 0).map(Array.init) == [1003, 4001])
        #expect(hits.ends(of: 1).map(Array.init) == [2005])
        #expect(hits.ends(of: 2).map(Array.init) == [3003])
    }

    @Test func stripedPassAgreesWithANaiveSearchOnRandomText() {
        var rng = SplitMix64(seed: 99)
        let keywords = [["ab"], ["bca"], ["cc"], ["abcab"], ["x_y"]]
        let p = KeywordPrefilter(keywordsPerRule: keywords)
        for _ in 0..<200 {
            let count = 1024 + Int(rng.next() % 3000)
            let alphabet = Array("abcxy_. ".utf8)
            // Sparse keywords: mostly dots, a few random letters.
            let bytes = (0..<count).map { _ in rng.next() % 7 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(ascii: ".")
            }
            var selected = [Bool](repeating: false, count: keywords.count)
            _ = bytes.withUnsafeBytes { p.select(in: $0, into: &selected) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(selected == keywords.map { $0.contains { text.contains($0) } })
        }
    }

    @Test func tooManyKeywordOccurrencesMeanTheWholeContent() {
        let p = KeywordPrefilter(keywordsPerRule: [["kw"]], windowedRules: [0])
        let bytes = Array(String(repeating: "kw ", count: KeywordPrefilter.Hits.cap + 1).utf8)
        var selected = [false]
        var hits = KeywordPrefilter.Hits(ruleCount: 1)
        _ = bytes.withUnsafeBytes { p.select(in: $0, into: &selected, hits: &hits) }
        #expect(hits.ends(of: 0) == nil)
    }

    // MARK: Keyword windows

    private func rules(window: Bool) -> String {
        """
        [[rules]]
        id = "far-token"
        description = "a token whose context word may be far away"
        regex = '''\\b(tkn_[A-Za-z0-9]{24})\\b'''
        keywords = ["deployment"]
        keywordWindow = \(window)
        """
    }

    @Test mutating func aWindowedRuleFindsMatchesNearItsKeywordWithExactPositions() throws {
        let token = "tkn_" + gen.body(24)
        // 20 KB of filler on either side: the windows, not the whole file, are searched.
        let filler = String(repeating: "lorem ipsum dolor\n", count: 1200)
        let text = filler + "deployment token: \(token)\n" + filler
        let r = try scanText(text, config: config(rules(window: true)))
        #expect(positions(r) == ["far-token@file.txt:1201:19-1201:46"])
    }

    @Test mutating func aWindowedRuleIgnoresMatchesFarFromEveryKeyword() throws {
        let token = "tkn_" + gen.body(24)
        let filler = String(repeating: "lorem ipsum dolor\n", count: 600)  // 10,800 bytes
        let text = "deployment\n" + filler + "token: \(token)\n"
        #expect(positions(try scanText(text, config: config(rules(window: true)))) == [])
        // User rules keep gitleaks' whole-file semantics unless they opt in.
        #expect(positions(try scanText(text, config: config(rules(window: false)))) == ["far-token@file.txt:602:8-602:35"])
        let plain = rules(window: false).replacingOccurrences(of: "keywordWindow = false", with: "")
        #expect(try config(plain).rules[0].keywordWindow == nil)
        #expect(positions(try scanText(text, config: config(plain))) == ["far-token@file.txt:602:8-602:35"])
    }

    @Test func keywordWindowMustBeABoolean() throws {
        let toml = rules(window: true).replacingOccurrences(of: "keywordWindow = true", with: "keywordWindow = \"yes\"")
        let error = #expect(throws: RuleError.self) { try config(toml) }
        #expect(error?.description.contains("test.toml:1") == true)
        #expect(error?.description.contains("`keywordWindow` must be true or false") == true)
    }

    @Test func rulesTestReportsAWindowedRuleWhoseExampleHasItsKeywordTooFarAway() throws {
        let body = String(repeating: "x", count: 5000)
        let toml = """
            [[rules]]
            id = "late-keyword"
            description = "keyword far after the match"
            regex = '''tkn_[a-z]{8}'''
            keywords = ["marker"]
            keywordWindow = true
            examples = ['''tkn_qzmvkrwp \(body) marker''']
            negative_examples = ['''tkn_QZMVKRWP marker''']
            """
        let report = RuleTester.run(try Detector(config: config(toml)))
        #expect(
            report.failures.map(\.message) == [
                """
                example #1 is found on its own but not inside a larger file: the rule matches only near its keywords (`keywordWindow`), \
                and no keyword is within 4096 bytes after or 1024 bytes before the match; add a keyword that the match contains, or set \
                keywordWindow = false
                """
            ])
    }

    private func reachRule(_ reach: Int) -> String {
        """
        [[rules]]
        id = "mail-pass"
        description = "a password whose keyword sits inside the name"
        regex = '''(?:smtp|mail)[a-z_]{0,24}?pass[a-z]*[ ]?=[ ]?"([a-z0-9]{12})"'''
        keywords = ["pass"]
        keywordReach = \(reach)
        """
    }

    @Test func keywordReachBoundsHowFarBeforeItsKeywordAMatchMayStart() throws {
        // "mail_relay_server_" is 18 bytes before "pass": reach 28 finds it, reach 8 does not look there.
        let filler = String(repeating: "lorem ipsum dolor\n", count: 600)
        let value = "q8w2e7r4t1y6"
        let text = filler + "mail_relay_server_password = \"\(value)\"\n" + filler
        #expect(positions(try scanText(text, config: config(reachRule(28)))) == ["mail-pass@file.txt:601:31-601:42"])
        #expect(try config(reachRule(28)).rules[0].keywordWindow == true)
        #expect(positions(try scanText(text, config: config(reachRule(8)))) == [])
        let error = #expect(throws: RuleError.self) { try config(reachRule(5000)) }
        #expect(error?.description.contains("`keywordReach` must be a number of bytes from 0 to 4096") == true)
    }

    @Test func rulesTestReportsAnAnchoredRuleWhoseKeywordIsFartherThanItsReach() throws {
        let toml = """
            [[rules]]
            id = "far-anchor"
            description = "keyword 30 bytes into the match"
            regex = '''mail_[a-z_]{20,30}pass = ([a-z0-9]{10})'''
            keywords = ["pass"]
            keywordReach = 8
            examples = ['''mail_relay_server_primary_pass = q8w2e7r4t1''']
            negative_examples = ['''mail_pass = q8w2e7r4t1''']
            """
        let report = RuleTester.run(try Detector(config: config(toml)))
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.message.contains("searches only from 16 bytes before each of its keywords") == true)
    }

    /// A value for the `keywordLine` tests, assembled at run time; the name `qux` is no built-in rule's.
    private static let lineValue = ["Q8w2", "E7r4", "T1y6"].joined()

    private func lineRule(_ line: Bool, example: String? = nil) -> String {
        """
        [[rules]]
        id = "conn-qux"
        description = "a value in a connection string, its keyword late in the match"
        regex = '''host=[a-z0-9.]{1,40};(?:[a-z_]{1,20}=[a-z0-9_]{1,40};){0,10}\\s*qux=([A-Za-z0-9]{12})'''
        keywords = ["qux="]
        keywordWindow = true
        keywordLine = \(line)
        examples = ['''\(example ?? "host=db.internal;qux=\(Self.lineValue)")''']
        negative_examples = ['''host=db.internal;qux=short''']
        """
    }

    @Test func keywordLineSearchesFromTheStartOfTheKeywordsLine() throws {
        // The match starts 57 bytes before its keyword, on the keyword's line: found, at its place.
        let filler = String(repeating: "lorem ipsum dolor\n", count: 600)
        let line = "host=db.internal;port=5432;dbname=orders;user=orders_app;qux=\(Self.lineValue)\n"
        #expect(positions(try scanText(filler + line + filler, config: config(lineRule(true)))) == ["conn-qux@file.txt:601:62-601:73"])
        #expect(try config(lineRule(true)).rules[0].keywordWindow == true)
        // A match with a line feed before its keyword breaks the rule's promise: without keywordLine
        // the window finds it, with it the search starts at the keyword's line and does not.
        let split = filler + "host=db.internal;port=5432;\nqux=\(Self.lineValue)\n" + filler
        #expect(positions(try scanText(split, config: config(lineRule(false)))) == ["conn-qux@file.txt:602:5-602:16"])
        #expect(positions(try scanText(split, config: config(lineRule(true)))) == [])
    }

    @Test func keywordLineIsCheckedWhenTheRuleIsLoadedAndTested() throws {
        let notBool = #expect(throws: RuleError.self) {
            try config(lineRule(true).replacingOccurrences(of: "keywordLine = true", with: "keywordLine = 1"))
        }
        #expect(notBool?.description.contains("`keywordLine` must be true or false") == true)
        let feed = lineRule(true).replacingOccurrences(of: #"keywords = ["qux="]"#, with: #"keywords = ["\nqux="]"#)
        let error = #expect(throws: RuleError.self) { try config(feed) }
        #expect(error?.description.contains("`keywordLine = true` needs keywords without a line feed") == true)
        // An example whose keyword is on the line after the match's start passes on its own but not
        // inside a larger file; `rules test` says so.
        let report = RuleTester.run(
            try Detector(config: config(lineRule(true, example: "host=db.internal;\nqux=\(Self.lineValue)"))))
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.message.contains("from the start of each keyword's line to the keyword (`keywordLine`)") == true)
        #expect(RuleTester.run(try Detector(config: config(lineRule(true)))).failures.isEmpty)
    }

    // MARK: Base64 runs

    /// The plain definition: maximal runs of base64 characters at least `minBase64Length` long.
    private func naiveRuns(_ bytes: [UInt8]) -> [Range<Int>] {
        func isB64(_ b: UInt8) -> Bool {
            (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == 43 || b == 47 || b == 45 || b == 95
        }
        var out: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            guard isB64(bytes[i]) else {
                i += 1
                continue
            }
            var j = i
            while j < bytes.count && isB64(bytes[j]) { j += 1 }
            if j - i >= EncodedSegments.minBase64Length { out.append(i..<j) }
            i = j
        }
        return out
    }

    @Test mutating func base64RunSearchAgreesWithTheNaiveDefinition() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<300 {
            // Text whose decoded form is printable, in runs of random lengths around the minimum,
            // between words of 1 to 12 characters (as source text has): the search's skips then land
            // at every offset from a separator.
            var bytes: [UInt8] = []
            while bytes.count < 600 {
                for _ in 0..<Int(rng.next() % 4) {
                    bytes += (0..<(1 + Int(rng.next() % 12))).map { _ in UInt8(ascii: "a") + UInt8(rng.next() % 26) }
                    bytes += Array([" ", "\n", ";", "(", ".", ", "][Int(rng.next() % 6)].utf8)
                }
                let length = 20 + Int(rng.next() % 30)
                let plain = (0..<length).map { _ in UInt8(ascii: "a") + UInt8(rng.next() % 26) }
                let encoded = Array(base64(plain).utf8.filter { $0 != UInt8(ascii: "=") })
                bytes += encoded
                bytes += Array([" ", "\n", ";", "\"", ".", "=="][Int(rng.next() % 6)].utf8)
            }
            var budget = 1 << 20
            let found = bytes.withUnsafeBytes { EncodedSegments.base64Segments(in: $0, budget: &budget) }
            let expected = naiveRuns(bytes)
            // Every decoded run is one of the naive runs (padding may extend its range by up to 2).
            #expect(found.map(\.range.lowerBound) == expected.map(\.lowerBound))
        }
    }

    /// A run is decoded when at least 90% of its first 24 decoded bytes are text: 2 bytes that are not
    /// text pass, 3 fail, wherever they are (the judgement stops early once 3 are seen).
    @Test mutating func base64TextJudgementStopsAtExactlyTheThreshold() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let notText = Int(rng.next() % 5)
            var plain = (0..<36).map { _ in UInt8(ascii: "a") + UInt8(rng.next() % 26) }
            var positions = Set<Int>()
            while positions.count < notText { positions.insert(Int(rng.next() % 24)) }
            for p in positions { plain[p] = UInt8(1 + rng.next() % 8) }
            let bytes = Array("x = ".utf8) + Array(base64(plain).utf8) + Array(";\n".utf8)
            var budget = 1 << 20
            let found = bytes.withUnsafeBytes { EncodedSegments.base64Segments(in: $0, budget: &budget) }
            #expect(found.map(\.range.lowerBound) == (notText <= 2 ? [4] : []), "\(notText) bytes not text at \(positions.sorted())")
        }
    }

    private func base64(_ bytes: [UInt8]) -> String { String(decoding: Base64Text.encode(bytes), as: UTF8.self) }
}
