import Testing

@testable import SecretScan

/// What a finding costs to make: the test-or-docs judgement of its path and its fingerprint, both
/// on bytes now, must give what the string versions gave.
@Suite struct ContextConfidenceTests {
    @Test func testAndDocsPaths() {
        let low = [
            "test/", "a//Tests//b.py", "src/app.test.js", ".env.example", "docs/setup.txt", "x/README.md", "t/t0001.sh",
            "lib/Mocks/x.go", "SPEC/a.rb", "notes.RST", "a/b/fixture_users.json", "pkg/demo-server.py",
        ]
        let other = ["latest.py", "src/contest/app.py", "app/testing.txt", "config/db.yml", "", "/", "md", "a/.md.bak", "mocking.py"]
        for path in low { #expect(ContextConfidence.isTestOrDocs(path), "\(path)") }
        for path in other { #expect(!ContextConfidence.isTestOrDocs(path), "\(path)") }
        // Outside ASCII, Unicode lowercasing decides: the Kelvin sign folds to `k`.
        #expect(ContextConfidence.isTestOrDocs("src/MOC\u{212A}/a.go"))
    }

    @Test func bytesAgreeWithUnicodeLowercasingOnASCIIPaths() {
        var rng = SplitMix64(seed: 17)
        let pieces = [
            "test", "Tests", "spec", "doc", "docs", "t", "src", "app", "", "/", "//", ".", "_", "-", "md", ".md", ".RST", "readme",
            "example", "examples", "Mock", "latest", "x", "e2e", "\r\n",
        ]
        for _ in 0..<3000 {
            var path = ""
            for _ in 0..<(1 + Int(rng.next() % 7)) { path += pieces[Int(rng.next() % UInt64(pieces.count))] }
            var bytes = Array(path.utf8)
            let ascii = bytes.withUnsafeMutableBytes { ContextConfidence.isTestOrDocs(ascii: UnsafeRawBufferPointer($0)) }
            #expect(ascii == ContextConfidence.isTestOrDocs(unicode: path), "\(path.debugDescription)")
        }
    }

    @Test func fingerprintIsTheDigestPrefixInHex() {
        let fp = Finding.fingerprint(ruleID: "r", path: "a/b", secret: Array("s".utf8))
        let digest = SHA256.hash(Array("r".utf8) + [0] + Array("a/b".utf8) + [0] + Array("s".utf8))
        let hex = digest.prefix(16).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(fp == hex)
        #expect(fp.utf8.count == 32)
        // A secret without contiguous storage is hashed alike.
        let reversed = Array("ts".utf8).reversed()
        #expect(
            Finding.fingerprint(ruleID: "r", path: "a/b", secret: reversed)
                == Finding.fingerprint(ruleID: "r", path: "a/b", secret: Array("st".utf8)))
    }
}

/// The placeholder test's word, template and mask checks (one folded copy searched with `memmem`,
/// one pass for both mask characters) against a plain reading of the same definitions.
@Suite struct PlaceholderWordsTests {
    /// The checks as first written: lowercase string search, one pass per mask character.
    private func reference(_ s: [UInt8]) -> Bool {
        let lower = String(decoding: s.map { ($0 >= 65 && $0 <= 90) ? $0 | 0x20 : $0 }, as: UTF8.self)
        let text = String(decoding: s, as: UTF8.self)
        if PlaceholderFilter.words.contains(where: { lower.utf8.contains($0) }) { return true }
        if s.count <= PlaceholderFilter.runCheckMaxLength, PlaceholderFilter.shortWords.contains(where: { lower.utf8.contains($0) }) {
            return true
        }
        if PlaceholderFilter.templates.contains(where: { text.utf8.contains($0) }) { return true }
        for m in PlaceholderFilter.maskCharacters {
            var count = 0
            var run = 0
            var longest = 0
            for b in s {
                if ((b >= 65 && b <= 90) ? b | 0x20 : b) == m {
                    count += 1
                    run += 1
                    longest = max(longest, run)
                } else {
                    run = 0
                }
            }
            if longest >= 4 && count * 4 >= s.count { return true }
        }
        return false
    }

    /// The case-sensitive search (`memchr` to each first byte, then `memcmp`) against a plain scan,
    /// on a small alphabet where a first byte is often followed by a miss and then the needle.
    @Test func caseSensitiveSearchFindsEveryOccurrence() {
        var rng = SplitMix64(seed: 29)
        let alphabet = Array("${<%".utf8)
        func plain(_ h: [UInt8], _ n: [UInt8]) -> Bool {
            n.isEmpty || (n.count <= h.count && (0...(h.count - n.count)).contains { h[$0..<($0 + n.count)].elementsEqual(n) })
        }
        for _ in 0..<3000 {
            let h = (0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % 4)] }
            let n = (0..<Int(rng.next() % 4)).map { _ in alphabet[Int(rng.next() % 4)] }
            let found = h.withUnsafeBytes { PlaceholderFilter.contains($0, n, caseInsensitive: false) }
            #expect(found == plain(h, n), "\(h) \(n)")
        }
    }

    @Test func wordsTemplatesAndMasksAsDefined() {
        var rng = SplitMix64(seed: 23)
        let pieces = [
            "Q7", "zk", "EXAMPLE", "Exampl", "changeMe", "dummy", "your_", "${", "{", "{{", "<%", "\\(", "xxxx", "XX", "****", "*",
            "…", "..", ".", "lorem", "9fA", "Redacted", "k",
        ]
        var placeholders = 0
        for _ in 0..<4000 {
            var s: [UInt8] = []
            let target = 1 + Int(rng.next() % 90)
            while s.count < target { s += Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8) }
            // Only the word, template and mask checks can differ: a secret they pass is judged further
            // by the same code, so compare where the reference says "placeholder", and where neither does.
            let actual = s.withUnsafeBytes { PlaceholderFilter.isPlaceholder($0, weakValuesCount: true) }
            if reference(s) {
                placeholders += 1
                #expect(actual, "\(String(decoding: s, as: UTF8.self))")
            }
        }
        #expect(placeholders > 1000)
        // A PEM-length body with a word far in is still found, and one without none is.
        let body = String(repeating: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", count: 50)
        #expect(Array((body + "CHANGEME").utf8).withUnsafeBytes { PlaceholderFilter.isPlaceholder($0) })
        #expect(!Array(body.utf8).withUnsafeBytes { PlaceholderFilter.isPlaceholder($0) })
    }
}
