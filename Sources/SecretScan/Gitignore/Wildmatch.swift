/// git's `wildmatch()` (wildmatch.c), ported byte for byte so that every quirk matches git's:
/// `*`, `?`, `[...]` sets with ranges, `!`/`^` negation and `[:class:]` names, `\` escapes, and
/// `**` that spans directories only as a whole path component when `pathname` is set.
/// Case folding, like git's, is ASCII only.
enum Wildmatch {
    private static let match = 0
    private static let noMatch = 1
    private static let abortAll = -1
    private static let abortToStarStar = -2

    /// Whether `text` matches `pattern`. Neither may contain a NUL byte (paths never do).
    /// - Parameters:
    ///   - pathname: `WM_PATHNAME`: `*`, `?` and sets do not match `/`; `**/` spans directories.
    ///   - caseFold: `WM_CASEFOLD` (`core.ignorecase`).
    static func matches(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>, pathname: Bool, caseFold: Bool) -> Bool {
        // NUL-terminated copies (on the stack): the algorithm relies on the terminator as git's C code does.
        let pc = pattern.count
        let tc = text.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: pc + tc + 2) { buf in
            var i = 0
            for c in pattern {
                buf[i] = c
                i += 1
            }
            buf[i] = 0
            i += 1
            for c in text {
                buf[i] = c
                i += 1
            }
            buf[i] = 0
            let p = UnsafeBufferPointer(rebasing: buf[0...pc])
            let t = UnsafeBufferPointer(rebasing: buf[(pc + 1)...])
            return dowild(p, 0, t, 0, pathname: pathname, caseFold: caseFold) == match
        }
    }

    static func matches(_ pattern: [UInt8], _ text: [UInt8], pathname: Bool, caseFold: Bool) -> Bool {
        matches(pattern[...], text[...], pathname: pathname, caseFold: caseFold)
    }

    // sane_ctype (git-compat-util.h): ASCII only; isspace is " \t\n\r" (not \v or \f).
    @inline(__always) private static func isUpper(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
    @inline(__always) private static func isLower(_ c: UInt8) -> Bool { c >= 97 && c <= 122 }
    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) private static func isAlpha(_ c: UInt8) -> Bool { isUpper(c) || isLower(c) }
    @inline(__always) private static func toLower(_ c: UInt8) -> UInt8 { isUpper(c) ? c + 32 : c }
    @inline(__always) private static func toUpper(_ c: UInt8) -> UInt8 { isLower(c) ? c - 32 : c }
    private static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
    private static func isBlank(_ c: UInt8) -> Bool { c == 32 || c == 9 }
    private static func isCntrl(_ c: UInt8) -> Bool { c < 32 || c == 127 }
    private static func isPrint(_ c: UInt8) -> Bool { c >= 32 && c <= 126 }
    private static func isGraph(_ c: UInt8) -> Bool { c >= 33 && c <= 126 }
    private static func isPunct(_ c: UInt8) -> Bool { isGraph(c) && !isAlpha(c) && !isDigit(c) }
    private static func isXDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
    }
    /// `is_glob_special`: `*`, `?`, `[`, `\`.
    @inline(__always) static func isGlobSpecial(_ c: UInt8) -> Bool { c == 42 || c == 63 || c == 91 || c == 92 }

    private static let slash: UInt8 = 47  // "/"
    private static let backslash: UInt8 = 92  // "\"

    private static func dowild(
        _ pat: UnsafeBufferPointer<UInt8>, _ start: Int, _ txt: UnsafeBufferPointer<UInt8>, _ textStart: Int,
        pathname: Bool, caseFold: Bool
    ) -> Int {
        let patternStart = start
        var p = start
        var text = textStart
        while pat[p] != 0 {
            var pCh = pat[p]
            var tCh = txt[text]
            if tCh == 0 && pCh != 42 { return abortAll }  // 42: `*`
            if caseFold && isUpper(tCh) { tCh = toLower(tCh) }
            if caseFold && isUpper(pCh) { pCh = toLower(pCh) }
            switch pCh {
            case 42:  // "*"
                let matchSlash: Bool
                p += 1
                if pat[p] == 42 {
                    let prevP = p - 2
                    p += 1
                    while pat[p] == 42 { p += 1 }
                    if (prevP < patternStart || pat[prevP] == slash)
                        && (pat[p] == 0 || pat[p] == slash || (pat[p] == backslash && pat[p + 1] == slash))
                    {
                        // "**/" at a component start: first try matching nothing.
                        if pat[p] == slash && dowild(pat, p + 1, txt, text, pathname: pathname, caseFold: caseFold) == match {
                            return match
                        }
                        matchSlash = true
                    } else {
                        matchSlash = false  // WM_PATHNAME is set
                    }
                } else {
                    matchSlash = !pathname  // without WM_PATHNAME, "*" == "**"
                }
                if pat[p] == 0 {
                    // Trailing "**" matches everything; trailing "*" only if no slash is left.
                    if !matchSlash {
                        var i = text
                        while txt[i] != 0 {
                            if txt[i] == slash { return noMatch }
                            i += 1
                        }
                    }
                    return match
                } else if !matchSlash && pat[p] == slash {
                    // One asterisk followed by a slash matches the next directory.
                    var i = text
                    while txt[i] != 0 && txt[i] != slash { i += 1 }
                    if txt[i] == 0 { return noMatch }
                    text = i
                    // The slash is consumed by the loop step below.
                    p += 1
                    text += 1
                    continue
                }
                while true {
                    if tCh == 0 { break }
                    // Advance faster when the asterisk is followed by a literal.
                    if !isGlobSpecial(pat[p]) {
                        var want = pat[p]
                        if caseFold && isUpper(want) { want = toLower(want) }
                        while true {
                            tCh = txt[text]
                            if tCh == 0 || !(matchSlash || tCh != slash) { break }
                            if caseFold && isUpper(tCh) { tCh = toLower(tCh) }
                            if tCh == want { break }
                            text += 1
                        }
                        if tCh != want { return noMatch }
                    }
                    let matched = dowild(pat, p, txt, text, pathname: pathname, caseFold: caseFold)
                    if matched != noMatch {
                        if !matchSlash || matched != abortToStarStar { return matched }
                    } else if !matchSlash && tCh == slash {
                        return abortToStarStar
                    }
                    text += 1
                    tCh = txt[text]
                }
                return abortAll
            case 63:  // "?"
                if pathname && tCh == slash { return noMatch }
            case 91:  // "["
                p += 1
                pCh = pat[p]
                let negated = pCh == 33 || pCh == 94  // `!` or `^`
                if negated {
                    p += 1
                    pCh = pat[p]
                }
                var prevCh: UInt8 = 0
                var matched = false
                repeat {
                    if pCh == 0 { return abortAll }
                    if pCh == backslash {
                        p += 1
                        pCh = pat[p]
                        if pCh == 0 { return abortAll }
                        if tCh == pCh { matched = true }
                    } else if pCh == 45 && prevCh != 0 && pat[p + 1] != 0 && pat[p + 1] != 93 {  // `-`, not before `]`
                        p += 1
                        pCh = pat[p]
                        if pCh == backslash {
                            p += 1
                            pCh = pat[p]
                            if pCh == 0 { return abortAll }
                        }
                        if tCh <= pCh && tCh >= prevCh {
                            matched = true
                        } else if caseFold && isLower(tCh) {
                            let upper = toUpper(tCh)
                            if upper <= pCh && upper >= prevCh { matched = true }
                        }
                        pCh = 0  // makes prevCh 0
                    } else if pCh == 91 && pat[p + 1] == 58 {  // `[:`
                        p += 2
                        let s = p
                        while pat[p] != 0 && pat[p] != 93 { p += 1 }
                        pCh = pat[p]
                        if pCh == 0 { return abortAll }
                        let i = p - s - 1
                        if i < 0 || pat[p - 1] != 58 {
                            // No ":]": treat "[" as a normal set member.
                            p = s - 2
                            pCh = 91
                            if tCh == pCh { matched = true }
                            prevCh = pCh
                            p += 1
                            pCh = pat[p]
                            if pCh == 93 { break }
                            continue
                        }
                        let name = Array(pat[s..<(s + i)])
                        switch String(decoding: name, as: UTF8.self) {
                        case "alnum": if isAlpha(tCh) || isDigit(tCh) { matched = true }
                        case "alpha": if isAlpha(tCh) { matched = true }
                        case "blank": if isBlank(tCh) { matched = true }
                        case "cntrl": if isCntrl(tCh) { matched = true }
                        case "digit": if isDigit(tCh) { matched = true }
                        case "graph": if isGraph(tCh) { matched = true }
                        case "lower": if isLower(tCh) { matched = true }
                        case "print": if isPrint(tCh) { matched = true }
                        case "punct": if isPunct(tCh) { matched = true }
                        case "space": if isSpace(tCh) { matched = true }
                        case "upper":
                            if isUpper(tCh) || (caseFold && isLower(tCh)) { matched = true }
                        case "xdigit": if isXDigit(tCh) { matched = true }
                        default: return abortAll  // malformed [:class:]
                        }
                        pCh = 0
                    } else if tCh == pCh {
                        matched = true
                    }
                    prevCh = pCh
                    p += 1
                    pCh = pat[p]
                } while pCh != 93
                if matched == negated || (pathname && tCh == slash) { return noMatch }
            case backslash:
                // Literal match with the following character (a trailing "\" never matches).
                p += 1
                pCh = pat[p]
                if tCh != pCh { return noMatch }
            default:
                if tCh != pCh { return noMatch }
            }
            p += 1
            text += 1
        }
        return txt[text] != 0 ? noMatch : match
    }
}
