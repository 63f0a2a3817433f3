/// Values that describe a secret instead of being one: phrases of words (`unimportant-test-value`,
/// `valid.access.token.from.peter`, `aBigStringOfRandomChars`) and possessive or indefinite
/// stand-ins (`your-api-key`, `myPassword`, `some-password`, `the-token`).
enum PlaceholderPhrase {
    /// A word counted in a phrase: all lower case, or capitalised, at least two letters, with a vowel
    /// (random tokens split at case changes give runs like `BIBf` or `kbz`, which do not count).
    private struct Scan {
        var naturalWords = 0
        var naturalBytes = 0
        var separators = 0
        var letterWordsOnlyLower = true
        var hasOther = false
        var digitsOnlyAtEnd = true
        var sawDigits = false
    }

    /// Five or more words covering most of the value, or three or more lower-case words joined by
    /// `-`, `_` or `.` with at most a trailing number.
    static func isDescriptive(_ s: UnsafeRawBufferPointer) -> Bool {
        let scan = self.scan(s)
        if scan.naturalWords >= 5 && (scan.naturalBytes + scan.separators) * 5 >= s.count * 4 { return true }
        if scan.naturalWords >= 3 && scan.separators >= 2 && !scan.hasOther && scan.letterWordsOnlyLower && scan.digitsOnlyAtEnd
            && scan.naturalBytes + scan.separators + trailingDigits(s) == s.count
        {
            return true
        }
        return false
    }

    static let determiners: [[UInt8]] = ["your", "my", "some", "the"].map { Array($0.utf8) }
    static let kinds: [[UInt8]] = ["pass", "pwd", "secret", "token", "key", "api", "value", "cred", "auth"].map { Array($0.utf8) }

    /// `your-key`, `YourPass`, `myPassword`, `some_secret`, `thetoken`: letters and separators only,
    /// a determiner, then a separator, a capital or a secret kind.
    static func isDeterminerPhrase(_ s: UnsafeRawBufferPointer) -> Bool {
        let n = s.count
        for b in s where !(PlaceholderFilter.isLetter(b) || isSeparator(b)) { return false }
        for d in determiners where n > d.count {
            var match = true
            for (i, c) in d.enumerated() where KeywordPrefilter.fold(s[i]) != c {
                match = false
                break
            }
            guard match else { continue }
            let next = s[d.count]
            if isSeparator(next) || (next >= 65 && next <= 90) { return true }
            let restStart = d.count
            for k in kinds where n - restStart >= k.count {
                var hit = true
                for (i, c) in k.enumerated() where KeywordPrefilter.fold(s[restStart + i]) != c {
                    hit = false
                    break
                }
                if hit { return true }
            }
        }
        return false
    }

    @inline(__always) static func isSeparator(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
    }

    private static func trailingDigits(_ s: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var i = s.count - 1
        while i >= 0, s[i] >= 48, s[i] <= 57 {
            count += 1
            i -= 1
        }
        return count
    }

    private static func scan(_ s: UnsafeRawBufferPointer) -> Scan {
        var r = Scan()
        var i = 0
        let n = s.count
        while i < n {
            let b = s[i]
            if PlaceholderFilter.isLetter(b) {
                // one word: an optional capital, then lower-case letters (a run of capitals is its own word)
                let start = i
                let upperFirst = b >= 65 && b <= 90
                i += 1
                if upperFirst {
                    while i < n, s[i] >= 65, s[i] <= 90 { i += 1 }
                    if i - start > 1 {
                        // an upper-case run: natural only when it ends the word (`VALUE` in `MY_VALUE`)
                        let allUpper = i == n || !(s[i] >= 97 && s[i] <= 122)
                        if allUpper {
                            r.letterWordsOnlyLower = false
                            if hasVowel(s, start, i) && i - start >= 2 {
                                r.naturalWords += 1
                                r.naturalBytes += i - start
                            }
                            continue
                        }
                        i -= 1  // `URLValue`: the last capital starts the next word
                        r.letterWordsOnlyLower = false
                        continue
                    }
                    r.letterWordsOnlyLower = false
                }
                while i < n, s[i] >= 97, s[i] <= 122 { i += 1 }
                if i - start >= 2 && hasVowel(s, start, i) {
                    r.naturalWords += 1
                    r.naturalBytes += i - start
                }
                if r.sawDigits { r.digitsOnlyAtEnd = false }
            } else if b >= 48 && b <= 57 {
                r.sawDigits = true
                i += 1
            } else if isSeparator(b) {
                r.separators += 1
                i += 1
            } else {
                r.hasOther = true
                i += 1
            }
        }
        return r
    }

    private static func hasVowel(_ s: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> Bool {
        for i in from..<to {
            switch s[i] | 0x20 {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"):
                return true
            default: continue
            }
        }
        return false
    }
}
