/// Several PCRE2 patterns as one: `(?:p1)|(?:p2)|…` finds a match exactly where one of the patterns
/// does, in one search instead of one per pattern (allowlists hold dozens).
///
/// Only patterns whose meaning cannot change inside a group are combined: none may refer to groups
/// by number or name (backreferences, subroutine calls, conditionals: numbering shifts), start with
/// a `(*VERB)` (valid only at the very start), quote with `\Q` (it would swallow the closing
/// parenthesis), or turn on extended mode (a `#` comment would too). Inline options such as `(?i)`
/// end with the group that holds them, as they would at the end of the pattern.
enum RegexAlternation {
    /// The combined pattern, compiled; nil when there is at most one pattern, any cannot be combined,
    /// or the result does not compile (then each pattern is searched on its own).
    static func combined(_ patterns: [String], caseless: Bool = false) -> CompiledRegex? {
        guard patterns.count > 1, patterns.allSatisfy(combinable) else { return nil }
        return try? CompiledRegex(patterns.map { "(?:\($0))" }.joined(separator: "|"), caseless: caseless)
    }

    /// Whether `pattern` means the same inside `(?:…)` next to other alternatives.
    static func combinable(_ pattern: String) -> Bool {
        let b = Array(pattern.utf8)
        var i = 0
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "\\"):
                guard i + 1 < b.count else { return false }
                let e = b[i + 1]
                // \1-\9 backreferences, \g and \k references, \Q quoting.
                if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(e) || e == UInt8(ascii: "g") || e == UInt8(ascii: "k")
                    || e == UInt8(ascii: "Q")
                {
                    return false
                }
                i += 2
                continue
            case UInt8(ascii: "("):
                guard i + 1 < b.count else { return false }
                if b[i + 1] == UInt8(ascii: "*") { return false }
                if b[i + 1] == UInt8(ascii: "?") {
                    guard i + 2 < b.count else { return false }
                    let c = b[i + 2]
                    // Named groups, recursion, subroutines, conditionals, branch reset, duplicate names.
                    if c == UInt8(ascii: "P") || c == UInt8(ascii: "&") || c == UInt8(ascii: "R") || c == UInt8(ascii: "(")
                        || c == UInt8(ascii: "|")
                        || c == UInt8(ascii: "<") && i + 3 < b.count && b[i + 3] != UInt8(ascii: "=")
                            && b[i + 3] != UInt8(ascii: "!")
                        || c == UInt8(ascii: "'") || c == UInt8(ascii: "+")
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
                    {
                        return false
                    }
                    // Option settings: no extended mode, no duplicate names.
                    var j = i + 2
                    while j < b.count, b[j] != UInt8(ascii: ")"), b[j] != UInt8(ascii: ":") {
                        if b[j] == UInt8(ascii: "x") || b[j] == UInt8(ascii: "J") { return false }
                        guard
                            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b[j]) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b[j])
                                || b[j] == UInt8(ascii: "-") || b[j] == UInt8(ascii: "^")
                        else { break }
                        j += 1
                    }
                }
            case UInt8(ascii: "["):
                // Skip a class: its `(` and `\Q`-free contents are literal (escapes still checked above).
                var j = i + 1
                if j < b.count && b[j] == UInt8(ascii: "^") { j += 1 }
                if j < b.count && b[j] == UInt8(ascii: "]") { j += 1 }
                while j < b.count && b[j] != UInt8(ascii: "]") {
                    if b[j] == UInt8(ascii: "\\") {
                        if j + 1 < b.count && b[j + 1] == UInt8(ascii: "Q") { return false }
                        j += 1
                    } else if b[j] == UInt8(ascii: "[") && j + 1 < b.count && b[j + 1] == UInt8(ascii: ":") {
                        // POSIX class [:alpha:]
                        if let close = b[(j + 2)...].firstIndex(of: UInt8(ascii: "]")) { j = close }
                    }
                    j += 1
                }
                i = j + 1
                continue
            default: break
            }
            i += 1
        }
        return true
    }
}
