/// Recognises obvious fake or templated secrets (`xxxx…`, `EXAMPLE`, `<your-key>`, `${VAR}`,
/// `changeme`, truncations, descriptive phrases, repeated or sequential characters) so they are not
/// reported.
enum PlaceholderFilter {
    /// Lower-case words that mark a secret of any length as a placeholder. Long enough that random
    /// key material practically never contains them.
    static let words: [[UInt8]] = [
        "example", "changeme", "change_me", "change-me", "placeholder", "redacted", "replace_me", "randomchars", "...", "…",
    ]
    .map { Array($0.utf8) }
    /// Short words: judged only in secrets of `runCheckMaxLength` or fewer characters, where a chance
    /// occurrence is rare (in a 1,600-character PEM body `dummy` would appear once in 20,000 keys).
    static let shortWords: [[UInt8]] = ["your_", "your-", "dummy", "lorem"].map { Array($0.utf8) }
    /// Masking characters: a placeholder when they run 4 long and make up a quarter of the secret
    /// (`sk_live_xxxxxxxx…`, `****`), not when a random token happens to contain `xxxX`.
    static let maskCharacters: [UInt8] = [UInt8(ascii: "x"), UInt8(ascii: "*")]
    /// Template openers.
    static let templates: [[UInt8]] = ["${", "{{", "<%", "\\("].map { Array($0.utf8) }

    /// Secrets longer than this (PEM bodies, long tokens) are not judged by runs of characters,
    /// which occur naturally in their encodings.
    static let runCheckMaxLength = 64
    /// Descriptive phrases (`unimportant-test-value`) are looked for in secrets up to this length.
    static let phraseMaxLength = 128
    static let maxRun = 6

    /// - Parameter weakValuesCount: the rule finds literals by what they are given to, where a weak
    ///   value (`pass`, `root`, `12345678`) is the finding: values with few distinct characters and
    ///   counting sequences are kept.
    static func isPlaceholder(_ secret: UnsafeRawBufferPointer, weakValuesCount: Bool = false) -> Bool {
        let n = secret.count
        if n == 0 { return true }
        if n <= phraseMaxLength, PlaceholderPhrase.isDescriptive(secret) || PlaceholderPhrase.isDeterminerPhrase(secret) {
            return true
        }
        if containsAny(secret, words, starts: wordStarts) { return true }
        if n <= runCheckMaxLength, containsAny(secret, shortWords, starts: shortWordStarts) { return true }
        for t in templates where contains(secret, t, caseInsensitive: false) { return true }
        for m in maskCharacters {
            var count = 0
            var run = 0
            var longest = 0
            for b in secret {
                if KeywordPrefilter.fold(b) == m {
                    count += 1
                    run += 1
                    longest = max(longest, run)
                } else {
                    run = 0
                }
            }
            if longest >= 4 && count * 4 >= n { return true }
        }
        let first = secret[0]
        if first == UInt8(ascii: "$"), n > 1 {
            let c = secret[1]
            if isLetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "{") || c == UInt8(ascii: "(") { return true }
        }
        if first == UInt8(ascii: "<"), secret[n - 1] == UInt8(ascii: ">") { return true }
        // `{name}` / `{call(x)}`: a format-string or f-string interpolation.
        if first == UInt8(ascii: "{"), secret[n - 1] == UInt8(ascii: "}") { return true }

        var seen = [Bool](repeating: false, count: 256)
        var distinct = 0
        for b in secret where !seen[Int(b)] {
            seen[Int(b)] = true
            distinct += 1
            if distinct >= 4 { break }
        }
        if weakValuesCount { return false }
        if distinct < 4 { return true }

        if n <= runCheckMaxLength {
            var same = 1
            var up = 1
            var down = 1
            for i in 1..<n {
                let a = secret[i - 1]
                let b = secret[i]
                same = b == a ? same + 1 : 1
                up = (isAlnum(a) && b == a &+ 1 && isAlnum(b)) ? up + 1 : 1
                down = (isAlnum(a) && a == b &+ 1 && isAlnum(b)) ? down + 1 : 1
                if same >= maxRun || up >= maxRun || down >= maxRun { return true }
            }
        }
        return false
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isLetter(c) || (c >= 48 && c <= 57) }

    /// Per byte: whether one of `words` (or `shortWords`) starts with it.
    private static let wordStarts = startTable(words)
    private static let shortWordStarts = startTable(shortWords)

    private static func startTable(_ needles: [[UInt8]]) -> [Bool] {
        var t = [Bool](repeating: false, count: 256)
        for w in needles { t[Int(w[0])] = true }
        return t
    }

    /// Whether one of the lower-case `needles` occurs in `haystack`, ASCII case folded: one pass,
    /// comparing only where a needle's first byte is (PEM bodies are 1,600 bytes long).
    static func containsAny(_ haystack: UnsafeRawBufferPointer, _ needles: [[UInt8]], starts: [Bool]) -> Bool {
        let n = haystack.count
        for i in 0..<n where starts[Int(KeywordPrefilter.fold(haystack[i]))] {
            let first = KeywordPrefilter.fold(haystack[i])
            search: for w in needles where w[0] == first && w.count <= n - i {
                for j in 1..<w.count where KeywordPrefilter.fold(haystack[i + j]) != w[j] { continue search }
                return true
            }
        }
        return false
    }

    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8], caseInsensitive: Bool) -> Bool {
        let n = haystack.count
        let m = needle.count
        guard m > 0, m <= n else { return m == 0 }
        outer: for i in 0...(n - m) {
            for j in 0..<m {
                var b = haystack[i + j]
                if caseInsensitive { b = KeywordPrefilter.fold(b) }
                if b != needle[j] { continue outer }
            }
            return true
        }
        return false
    }
}
