#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        if containsWord(secret, shortWords: n <= runCheckMaxLength) { return true }
        for t in templates where contains(secret, t, caseInsensitive: false) { return true }
        // Both mask characters in one pass: how many, and the longest run of each.
        var x = MaskTally()
        var star = MaskTally()
        for b in secret {
            let f = KeywordPrefilter.fold(b)
            x.add(f == maskCharacters[0])
            star.add(f == maskCharacters[1])
        }
        if x.masks(length: n) || star.masks(length: n) { return true }
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

    /// How many bytes of a secret are one mask character, and its longest run.
    private struct MaskTally {
        var count = 0
        var run = 0
        var longest = 0

        @inline(__always)
        mutating func add(_ isMask: Bool) {
            if isMask {
                count += 1
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }

        /// A placeholder's mask: a run of 4 that makes up a quarter of the secret.
        func masks(length n: Int) -> Bool { longest >= 4 && count * 4 >= n }
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { isLetter(c) || (c >= 48 && c <= 57) }

    /// Whether `words` (and `shortWords`, when asked) occur in `secret`, ASCII case folded: one pass,
    /// comparing only where a word's first byte is, each against the words starting with it (PEM
    /// bodies are 1,600 bytes long, and ten searches cost more than finding the key).
    private static func containsWord(_ secret: UnsafeRawBufferPointer, shortWords withShort: Bool) -> Bool {
        guard let base = secret.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        let n = secret.count
        return wordIndex.withUnsafeBufferPointer { index in
            for i in 0..<n {
                let first = KeywordPrefilter.fold(base[i])
                var k = Int(index[Int(first)])
                while k != 0 {
                    let (word, isShort, next) = wordChain[k]
                    k = next
                    if (isShort && !withShort) || word.count > n - i { continue }
                    var j = 1
                    while j < word.count && KeywordPrefilter.fold(base[i + j]) == word[j] { j += 1 }
                    if j == word.count { return true }
                }
            }
            return false
        }
    }

    /// Per first byte, the first entry of its chain in `wordChain` (0: none); an entry is a word,
    /// whether it is a short word, and the next entry with the same first byte.
    private static let (wordIndex, wordChain): ([UInt8], [(word: [UInt8], isShort: Bool, next: Int)]) = {
        var index = [UInt8](repeating: 0, count: 256)
        var chain: [(word: [UInt8], isShort: Bool, next: Int)] = [([], false, 0)]
        for (word, isShort) in words.map({ ($0, false) }) + shortWords.map({ ($0, true) }) {
            chain.append((word, isShort, Int(index[Int(word[0])])))
            index[Int(word[0])] = UInt8(chain.count - 1)
        }
        return (index, chain)
    }()

    /// Whether `needle` (lower-case when `caseInsensitive`) occurs in `haystack`. Byte for byte, it
    /// goes by `memchr` to each occurrence of the needle's first byte, then `memcmp` (glibc's `memmem`
    /// is not visible to Swift).
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8], caseInsensitive: Bool) -> Bool {
        let n = haystack.count
        let m = needle.count
        guard m > 0, m <= n, let base = haystack.baseAddress else { return m == 0 }
        if !caseInsensitive {
            return needle.withUnsafeBytes { needle in
                var i = 0
                while i <= n - m {
                    guard let hit = memchr(base + i, Int32(needle[0]), n - m - i + 1) else { return false }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, needle.baseAddress!, m) == 0 { return true }
                    i = at + 1
                }
                return false
            }
        }
        outer: for i in 0...(n - m) {
            for j in 0..<m where KeywordPrefilter.fold(haystack[i + j]) != needle[j] { continue outer }
            return true
        }
        return false
    }
}
