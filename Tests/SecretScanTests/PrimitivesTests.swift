import Foundation
import Testing

@testable import SecretScan

@Suite struct PrimitivesTests {
    @Test func sha256KnownVectors() {
        func hex(_ s: String) -> String {
            var h = SHA256()
            h.update(Array(s.utf8))
            return h.finalize().map { String(format: "%02x", $0) }.joined()
        }
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    /// Whole blocks are hashed straight from the input and the rest kept: any split of the input
    /// gives the digest of the whole.
    @Test func sha256InPiecesEqualsWhole() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.hash(message)
        for cuts in [[1], [63], [64], [65], [127, 128], [1, 2, 3, 500], [999]] {
            var h = SHA256()
            var start = 0
            for cut in cuts + [message.count] {
                h.update(Array(message[start..<cut]))
                start = cut
            }
            #expect(h.finalize() == whole, "\(cuts)")
        }
        // As Python's hashlib gives it.
        #expect(whole.map { String(format: "%02x", $0) }.joined() == "5097e7d587352f5097062ae679f37bda5802d9f875aba14c8cb4d1a188ada179")
    }

    @Test func shannonEntropyValues() {
        #expect(shannonEntropy(Array("aaaa".utf8)) == 0)
        #expect(shannonEntropy(Array("abab".utf8)) == 1)
        #expect(shannonEntropy(Array("abcdefgh".utf8)) == 3)
        #expect(shannonEntropy([UInt8]()) == 0)
    }

    @Test func keywordPrefilterFindsOverlappingKeywords() {
        let p = KeywordPrefilter(keywordsPerRule: [["abc"], ["bc"], ["zzz"], ["c", "xyz"], []])
        var selected = [Bool](repeating: false, count: 5)
        let bytes = Array("..ABC..".utf8)
        let n = bytes.withUnsafeBytes { p.select(in: $0, into: &selected) }
        #expect(selected == [true, true, false, true, false])
        #expect(n == 3)
    }

    @Test func generationCacheKeepsRecentEntriesWithinItsBudget() {
        var cache = GenerationCache<Int, String>(budget: 20)  // 10 per generation
        cache.insert(1, "a", cost: 4)
        cache.insert(2, "b", cost: 4)
        cache.insert(3, "c", cost: 4)  // generation full: 1 and 2 become the previous one
        #expect(cache.get(1) == "a")  // found there, moved back into the current one
        cache.insert(4, "d", cost: 4)  // full again: 3 and 1 become previous, 2 is dropped
        #expect(cache.get(2) == nil)
        #expect(cache.get(3) == "c" && cache.get(4) == "d")
        cache.insert(5, "too big", cost: 11)
        #expect(cache.get(5) == nil)
    }

    @Test func redactionKeepsAShortPrefix() {
        #expect(Redaction.redact("abcdefghijklmnopqrstuvwxyz") == "abcd…")
        #expect(Redaction.redact("abcdefghij") == "ab…")
        #expect(Redaction.redact("abc") == "…")
    }

    @Test func lineIndexHandlesCRLFAndLastLine() {
        let bytes = Array("a\r\nbc\r\nlast".utf8)
        bytes.withUnsafeBytes { buf in
            let idx = LineIndex(buf)
            #expect(idx.line(of: 0) == 1)
            #expect(idx.line(of: 3) == 2)
            #expect(idx.line(of: 9) == 3)
            #expect(idx.range(ofLine: 2, in: buf) == 3..<5)
            #expect(idx.range(ofLine: 3, in: buf) == 7..<11)
        }
    }
}

@Suite struct ReviewRegressionUnitTests {
    @Test func longSecretsAreNotDroppedForChanceSubstrings() {
        let pem =
            "-----BEGIN OPENSSH PRIVATE KEY-----\n" + String(repeating: "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", count: 4)
            + "xxxXdummyQ9" + String(repeating: "Zk8+Wq2L", count: 10) + "\n-----END OPENSSH PRIVATE KEY-----"
        #expect(!Array(pem.utf8).withUnsafeBytes { PlaceholderFilter.isPlaceholder($0) })
        let token = "ghp_Q7b2XXXXk9LmZp3WvT8sRc1NaY6hJ0eDgFu"
        #expect(!Array(token.utf8).withUnsafeBytes { PlaceholderFilter.isPlaceholder($0) })
        let masked = "sk" + "_live_" + String(repeating: "x", count: 22) + "12"
        #expect(Array(masked.utf8).withUnsafeBytes { PlaceholderFilter.isPlaceholder($0) })
    }

    @Test func emptyFirstGroupFallsThroughToTheNextGroup() throws {
        let r = try scanText(
            "key=" + "Q7B2K9LMZP3WVT8SRC1N", config: config("[[rules]]\nid = \"g\"\nregex = '''key=(x?)([A-Z0-9]{20})'''\n"))
        #expect(positions(r) == ["g@file.txt:1:5-1:24"])
    }

    @Test func globalAllowlistErrorsNameFileAndLine() throws {
        let c = try config("[[rules]]\nid = \"a\"\nregex = 'a'\n\n[[allowlists]]\npaths = ['''(oops''']\n")
        do {
            _ = try Detector(config: c)
            Issue.record("expected an error")
        } catch let RuleError.invalidRegex(file, line, _, _, _, _) {
            #expect(file == "test.toml")
            #expect(line == 5)
        }
    }

    @Test func headerLinesSkipMultiLineStrings() throws {
        let c = try config("[[rules]]\nid = \"a\"\nregex = 'a'\ndescription = '''\n[[rules]]\n'''\n\n[[rules]]\nid = \"b\"\nregex = 'b'\n")
        #expect(c.rules.map(\.origin.line) == [1, 8])
    }

    @Test func textReportEscapesControlCharacters() {
        #expect(TextReporter.printable("a\u{1B}[2Jb\nc") == "a\\x1B[2Jb\\nc")
        #expect(TextReporter.printable("plain é") == "plain é")
    }
}

@Suite struct RegexLintTests {
    @Test(arguments: ["(a+)+$", "(?:\\w+\\s?)*x", "((ab)*c)+", "(x{2,})*", "(?:[a-z]+,)+end"])
    func flagsNestedUnboundedQuantifiers(_ pattern: String) {
        #expect(RegexLint.nestedUnboundedQuantifier(in: pattern) != nil, "\(pattern)")
    }

    @Test(arguments: ["(a+)", "(ab){1,5}", "(?>a+)+", "(a{1,9})+", "[(a+)]+", "\\(a+\\)+", "(a++)+", "\\b(ghp_[A-Za-z0-9]{36})\\b"])
    func acceptsSafePatterns(_ pattern: String) {
        #expect(RegexLint.nestedUnboundedQuantifier(in: pattern) == nil, "\(pattern)")
    }

    @Test func rulesTestReportsTheLint() throws {
        let c = try config(
            """
            [[rules]]\nid = \"bad\"\nregex = '''(?:q+)+z9k'''\nkeywords = [\"q\"]\nexamples = ['''qqz9k''']\nnegative_examples = \
            ['''c''']\n
            """
        )
        let report = RuleTester.run(try Detector(config: c))
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.message.hasPrefix("`regex` at offset 6: the group at offset 0 repeats without bound") == true)
    }
}
