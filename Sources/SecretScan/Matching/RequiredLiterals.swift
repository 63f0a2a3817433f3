/// Literals one of which every match of a pattern contains, found by reading the pattern: a cheap,
/// exact test that lets a path (or allowlist) pattern skip PCRE2 when none of them occurs.
///
/// The analysis works on a subset of PCRE2's syntax: literals, escaped punctuation, the usual
/// class escapes, classes, groups (capturing, named, non-capturing, atomic, with inline options),
/// lookarounds, anchors, alternation and quantifiers. Anything else (backreferences, `\Q…\E`,
/// conditionals, verbs, extended mode, callouts) makes it give up: no literals, the pattern always runs.
///
/// Literals are ASCII-lowercased, and the subject is compared with its ASCII letters folded, so the
/// test is exact whatever the pattern's case options (a case-sensitive pattern is only tested more
/// loosely). Each node of the pattern gets:
/// - `exact`: every string it can match, when that is a small finite set; else nil;
/// - `required`: strings one of which every match of it contains; nil when there are none known.
enum RequiredLiterals {
    /// The literals of `pattern`, nil when no useful set is known (or the pattern is outside the subset).
    static func of(_ pattern: String) -> [[UInt8]]? {
        var parser = Parser(Array(pattern.utf8))
        guard let info = parser.parseWhole(), let required = info.requirement else { return nil }
        // A literal that contains another is implied by it: keep the shorter.
        let kept = required.filter { l in !required.contains { $0 != l && contains(l, $0) } }
        return kept.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Whether `haystack` contains `needle`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Inline option letters PCRE2 accepts besides `x` (extended mode, which is not read here).
    static let optionLetters = Set("imnsUJ-^".utf8)
    /// Escapes that stand for a class of bytes, and zero-width assertions.
    static let classEscapes = Set("dDwWsShHvVN".utf8)
    static let assertionEscapes = Set("bBAzZG".utf8)

    /// Largest `exact` set kept; longest literal kept.
    static let maxSet = 16
    static let maxLength = 64

    struct Info {
        var exact: Set<[UInt8]>?
        var required: [[UInt8]]?

        static let empty = Info(exact: [[]], required: nil)
        static let unknown = Info(exact: nil, required: nil)

        /// What a match of this node must contain: its exact strings when none is empty, else `required`.
        var requirement: [[UInt8]]? {
            if let exact { return exact.contains([]) || exact.isEmpty ? required : Array(exact) }
            return required
        }
    }

    /// The more selective of two requirements: the one whose shortest literal is longer, then the
    /// one with fewer literals.
    static func better(_ a: [[UInt8]]?, _ b: [[UInt8]]?) -> [[UInt8]]? {
        guard let a else { return b }
        guard let b else { return a }
        let la = a.map(\.count).min() ?? 0
        let lb = b.map(\.count).min() ?? 0
        if la != lb { return la > lb ? a : b }
        return b.count < a.count ? b : a
    }

    /// `a` followed by `b`, when the product stays small.
    static func product(_ a: Set<[UInt8]>, _ b: Set<[UInt8]>) -> Set<[UInt8]>? {
        guard a.count * b.count <= maxSet else { return nil }
        var out = Set<[UInt8]>()
        for x in a {
            for y in b {
                guard x.count + y.count <= maxLength else { return nil }
                out.insert(x + y)
            }
        }
        return out
    }

    static func fold(_ b: UInt8) -> UInt8 { (b >= 65 && b <= 90) ? b | 0x20 : b }

    /// A recursive-descent reader of the pattern; every `parse…` returns nil to give up.
    struct Parser {
        let p: [UInt8]
        var i = 0
        /// Nesting depth, bounded so a hostile pattern cannot exhaust the stack.
        var depth = 0

        init(_ p: [UInt8]) { self.p = p }

        mutating func parseWhole() -> Info? {
            // Start-of-pattern verbs such as (*UTF) or (*NO_JIT) change how the rest reads: give up.
            if p.count >= 2 && p[0] == UInt8(ascii: "(") && p[1] == UInt8(ascii: "*") { return nil }
            guard let info = parseAlternation(), i == p.count else { return nil }
            return info
        }

        /// `branch ('|' branch)*`, up to a `)` or the end.
        mutating func parseAlternation() -> Info? {
            depth += 1
            defer { depth -= 1 }
            guard depth < 64 else { return nil }
            var branches: [Info] = []
            while true {
                guard let b = parseConcatenation() else { return nil }
                branches.append(b)
                if i < p.count && p[i] == UInt8(ascii: "|") {
                    i += 1
                    continue
                }
                break
            }
            if branches.count == 1 { return branches[0] }
            var exact: Set<[UInt8]>? = []
            var required: [[UInt8]]? = []
            for b in branches {
                if let e = b.exact, let x = exact, x.count + e.count <= RequiredLiterals.maxSet {
                    exact = x.union(e)
                } else {
                    exact = nil
                }
                if let r = b.requirement, let x = required { required = x + r } else { required = nil }
            }
            if let r = required { required = Array(Set(r)) }
            return Info(exact: exact, required: required)
        }

        /// Quantified atoms up to `|`, `)` or the end.
        mutating func parseConcatenation() -> Info? {
            // The exact strings of the pieces since the last one that was not exact (or whose product
            // grew too large), and the best requirement seen before them.
            var run: Set<[UInt8]> = [[]]
            var wholeExact = true
            var best: [[UInt8]]? = nil
            while i < p.count && p[i] != UInt8(ascii: "|") && p[i] != UInt8(ascii: ")") {
                guard let piece = parseQuantified() else { return nil }
                if let e = piece.exact, let joined = RequiredLiterals.product(run, e) {
                    run = joined
                    continue
                }
                wholeExact = false
                best = RequiredLiterals.better(best, Info(exact: run, required: nil).requirement)
                if piece.exact == nil { best = RequiredLiterals.better(best, piece.required) }
                run = piece.exact ?? [[]]
            }
            if wholeExact { return Info(exact: run, required: nil) }
            best = RequiredLiterals.better(best, Info(exact: run, required: nil).requirement)
            return Info(exact: nil, required: best)
        }

        /// An atom and its quantifier, if any.
        mutating func parseQuantified() -> Info? {
            guard let atom = parseAtom() else { return nil }
            guard i < p.count else { return atom }
            var low = 1
            var high: Int? = 1
            switch p[i] {
            case UInt8(ascii: "?"): (low, high) = (0, 1)
            case UInt8(ascii: "*"): (low, high) = (0, nil)
            case UInt8(ascii: "+"): (low, high) = (1, nil)
            case UInt8(ascii: "{"):
                switch braces(at: i) {
                case .quantifier(let l, let h, let length):
                    (low, high) = (l, h)
                    i += length - 1
                case .literal: return atom  // read as a literal by parseAtom next
                case .unclear: return nil
                }
            default: return atom
            }
            i += 1
            // A lazy or possessive suffix changes nothing here.
            if i < p.count && (p[i] == UInt8(ascii: "?") || p[i] == UInt8(ascii: "+")) { i += 1 }
            if i < p.count, p[i] == UInt8(ascii: "?") || p[i] == UInt8(ascii: "*") || p[i] == UInt8(ascii: "+") { return nil }
            if low == 0 {
                if high == 1, let e = atom.exact, e.count < RequiredLiterals.maxSet { return Info(exact: e.union([[]]), required: nil) }
                return high == 0 ? .empty : .unknown
            }
            if high == 1 { return atom }
            return Info(exact: nil, required: atom.requirement)
        }

        enum Braces {
            case quantifier(low: Int, high: Int?, length: Int)
            case literal
            /// `{,m}` or spaces inside: a quantifier in newer PCRE2 versions, a literal in older ones.
            case unclear
        }

        /// What a `{` at `k` starts: `{n}`, `{n,}` or `{n,m}` (bounds and length), or a literal.
        func braces(at k: Int) -> Braces {
            var j = k + 1
            guard j < p.count else { return .literal }
            if p[j] == UInt8(ascii: ",") || p[j] == UInt8(ascii: " ") { return .unclear }
            func number() -> Int? {
                var v: Int?
                while j < p.count, p[j] >= 48, p[j] <= 57 {
                    v = min((v ?? 0) * 10 + Int(p[j] - 48), 1_000_000)
                    j += 1
                }
                return v
            }
            guard let low = number() else { return .literal }
            var high: Int? = low
            if j < p.count && p[j] == UInt8(ascii: ",") {
                j += 1
                high = number()
            }
            guard j < p.count && p[j] == UInt8(ascii: "}") else { return .unclear }
            return .quantifier(low: low, high: high, length: j + 1 - k)
        }

        mutating func parseAtom() -> Info? {
            let c = p[i]
            switch c {
            case UInt8(ascii: "("): return parseGroup()
            case UInt8(ascii: "["): return parseClass()
            case UInt8(ascii: "\\"): return parseEscape()
            case UInt8(ascii: "."):
                i += 1
                return .unknown
            case UInt8(ascii: "^"), UInt8(ascii: "$"):
                i += 1
                return .empty
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
                return nil  // a quantifier with nothing to repeat
            case UInt8(ascii: "{"):
                // A brace that does not start a quantifier is a literal; one that does has no atom.
                guard case .literal = braces(at: i) else { return nil }
                i += 1
                return Info(exact: [[c]], required: nil)
            default:
                i += 1
                return Info(exact: [[RequiredLiterals.fold(c)]], required: nil)
            }
        }

        mutating func parseGroup() -> Info? {
            i += 1  // (
            var zeroWidth = false
            if i < p.count && p[i] == UInt8(ascii: "*") { return nil }  // verbs
            if i < p.count && p[i] == UInt8(ascii: "?") {
                i += 1
                guard i < p.count else { return nil }
                switch p[i] {
                case UInt8(ascii: ":"), UInt8(ascii: ">"), UInt8(ascii: "|"):
                    i += 1
                case UInt8(ascii: "="), UInt8(ascii: "!"):
                    i += 1
                    zeroWidth = true
                case UInt8(ascii: "<"):
                    i += 1
                    guard i < p.count else { return nil }
                    if p[i] == UInt8(ascii: "=") || p[i] == UInt8(ascii: "!") {
                        i += 1
                        zeroWidth = true
                    } else {
                        guard skipName(until: UInt8(ascii: ">")) else { return nil }
                    }
                case UInt8(ascii: "P"):
                    i += 1
                    guard i < p.count, p[i] == UInt8(ascii: "<") else { return nil }  // (?P=name) and (?P>name) refer back
                    i += 1
                    guard skipName(until: UInt8(ascii: ">")) else { return nil }
                case UInt8(ascii: "'"):
                    i += 1
                    guard skipName(until: UInt8(ascii: "'")) else { return nil }
                default:
                    // Inline options: `(?flags)` applies to the rest of the enclosing group, `(?flags:…)`
                    // is a group. Extended mode (`x`) changes how the pattern reads: give up on it.
                    let start = i
                    while i < p.count, RequiredLiterals.optionLetters.contains(p[i]) { i += 1 }
                    guard i < p.count, i > start || p[i] == UInt8(ascii: ")") else { return nil }
                    if p[i] == UInt8(ascii: ")") {
                        i += 1
                        return .empty
                    }
                    guard p[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                }
            }
            guard let inner = parseAlternation(), i < p.count, p[i] == UInt8(ascii: ")") else { return nil }
            i += 1
            return zeroWidth ? .empty : inner
        }

        /// Skips a group name up to and past `end`.
        mutating func skipName(until end: UInt8) -> Bool {
            let start = i
            while i < p.count, p[i] == UInt8(ascii: "_") || (p[i] | 0x20 >= 97 && p[i] | 0x20 <= 122) || (p[i] >= 48 && p[i] <= 57) {
                i += 1
            }
            guard i > start, i < p.count, p[i] == end else { return false }
            i += 1
            return true
        }

        /// A class: exact when it lists at most four literal bytes (no ranges, no negation).
        mutating func parseClass() -> Info? {
            i += 1  // [
            var negated = false
            if i < p.count && p[i] == UInt8(ascii: "^") {
                negated = true
                i += 1
            }
            var members = Set<UInt8>()
            var simple = !negated
            var first = true
            while i < p.count {
                let c = p[i]
                if c == UInt8(ascii: "]") && !first {
                    i += 1
                    if simple && !members.isEmpty && members.count <= 4 {
                        return Info(exact: Set(members.map { [RequiredLiterals.fold($0)] }), required: nil)
                    }
                    return .unknown
                }
                first = false
                if c == UInt8(ascii: "[") && i + 1 < p.count
                    && [UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "=")].contains(p[i + 1])
                {
                    // A POSIX class such as [:alpha:]: skip to its closing `:]`.
                    let mark = p[i + 1]
                    var j = i + 2
                    while j + 1 < p.count && !(p[j] == mark && p[j + 1] == UInt8(ascii: "]")) { j += 1 }
                    guard j + 1 < p.count else { return nil }
                    i = j + 2
                    simple = false
                    continue
                }
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < p.count else { return nil }
                    let e = p[i + 1]
                    if RequiredLiterals.isPunctuation(e) {
                        members.insert(e)
                    } else if let byte = RequiredLiterals.controlEscape(e) {
                        members.insert(byte)
                    } else if RequiredLiterals.classEscapes.contains(e) {
                        simple = false
                    } else {
                        return nil  // \x, \Q, \p and the like: outside the subset
                    }
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "-") && !members.isEmpty && i + 1 < p.count && p[i + 1] != UInt8(ascii: "]") {
                    simple = false  // a range
                }
                members.insert(c)
                i += 1
            }
            return nil  // unterminated
        }

        mutating func parseEscape() -> Info? {
            guard i + 1 < p.count else { return nil }
            let e = p[i + 1]
            i += 2
            if RequiredLiterals.isPunctuation(e) { return Info(exact: [[RequiredLiterals.fold(e)]], required: nil) }
            if let byte = RequiredLiterals.controlEscape(e) { return Info(exact: [[byte]], required: nil) }
            if RequiredLiterals.classEscapes.contains(e) || e == UInt8(ascii: "R") { return .unknown }
            if RequiredLiterals.assertionEscapes.contains(e) { return .empty }
            return nil  // \Q, \x, \p, \k, \g, backreferences, \K, \X, \C…: outside the subset
        }
    }

    /// ASCII punctuation: escaped, it stands for itself.
    static func isPunctuation(_ b: UInt8) -> Bool {
        (33...47).contains(b) || (58...64).contains(b) || (91...96).contains(b) || (123...126).contains(b) || b == 32
    }

    /// The byte of `\t`, `\n`, `\r`, `\f`, `\e` or `\a`.
    static func controlEscape(_ e: UInt8) -> UInt8? {
        switch e {
        case UInt8(ascii: "t"): return 9
        case UInt8(ascii: "n"): return 10
        case UInt8(ascii: "r"): return 13
        case UInt8(ascii: "f"): return 12
        case UInt8(ascii: "e"): return 27
        case UInt8(ascii: "a"): return 7
        default: return nil
        }
    }
}

/// The test `RequiredLiterals` makes possible: whether a subject contains one of a pattern's
/// literals, ASCII case folded. A subject without one cannot match the pattern.
///
/// The test is cheap on short subjects: the subject's byte triples are hashed into a `TrigramSet`
/// once (for a path, once per file, shared by every gated pattern), and a literal is looked for only
/// when all of its triples are in the set.
struct LiteralGate: Sendable {
    /// Lowercased literals, each of three bytes or more.
    let literals: [[UInt8]]
    /// Per literal, its triples' bits: `probes[probeStart[k]..<probeStart[k + 1]]`.
    private let probes: [TrigramSet.Bit]
    private let probeStart: [Int]

    /// A gate for `pattern`, nil when nothing useful is known (no literal, or one shorter than three bytes).
    init?(pattern: String) {
        guard let literals = RequiredLiterals.of(pattern), !literals.isEmpty, literals.allSatisfy({ $0.count >= 3 }) else {
            return nil
        }
        self.literals = literals
        var probes: [TrigramSet.Bit] = []
        var probeStart = [0]
        for l in literals {
            var seen = Set<Int>()
            for k in 2..<l.count {
                let bit = TrigramSet.bit(l[k - 2], l[k - 1], l[k])
                if seen.insert(bit.word << 6 | bit.shift).inserted { probes.append(bit) }
            }
            probeStart.append(probes.count)
        }
        self.probes = probes
        self.probeStart = probeStart
    }

    /// Whether `subject`, whose triples are `triples`, contains one of the literals.
    func admits(_ subject: UnsafeRawBufferPointer, triples: UnsafePointer<UInt64>) -> Bool {
        probes.withUnsafeBufferPointer { probes in
            probeStart.withUnsafeBufferPointer { starts in
                for k in 0..<(starts.count &- 1) {
                    var all = true
                    for j in starts[k]..<starts[k &+ 1] where triples[probes[j].word] & (1 << UInt64(probes[j].shift)) == 0 {
                        all = false
                        break
                    }
                    if all && LiteralGate.contains(subject, literals[k]) { return true }
                }
                return false
            }
        }
    }

    /// Whether `subject` contains `literal` (lowercase), ASCII case folded.
    static func contains(_ subject: UnsafeRawBufferPointer, _ literal: [UInt8]) -> Bool {
        guard let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self), literal.count <= subject.count else {
            return false
        }
        for k in 0...(subject.count - literal.count) {
            var j = 0
            while j < literal.count && RequiredLiterals.fold(base[k + j]) == literal[j] { j += 1 }
            if j == literal.count { return true }
        }
        return false
    }
}

/// A subject's byte triples, hashed into 1,024 bits (`words` 64-bit words). Bytes are hashed with
/// their 0x20 bit set, so that the two cases of a letter hash alike.
enum TrigramSet {
    static let words = 16
    struct Bit: Sendable {
        var word: Int
        var shift: Int
    }

    @inline(__always)
    private static func bit(window v: UInt32) -> Bit {
        let h = (v &* 0x9E37_79B1) >> 22
        return Bit(word: Int(h >> 6), shift: Int(h & 63))
    }

    static func bit(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bit {
        bit(window: UInt32(a | 0x20) << 16 | UInt32(b | 0x20) << 8 | UInt32(c | 0x20))
    }

    /// Fills `words` (`TrigramSet.words` of them) with the triples of `subject`.
    static func fill(_ words: UnsafeMutablePointer<UInt64>, from subject: UnsafeRawBufferPointer) {
        words.update(repeating: 0, count: TrigramSet.words)
        guard let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self), subject.count >= 3 else { return }
        var v = UInt32(base[0] | 0x20) << 8 | UInt32(base[1] | 0x20)
        for k in 2..<subject.count {
            v = (v << 8 | UInt32(base[k] | 0x20)) & 0xFF_FFFF
            let b = bit(window: v)
            words[b.word] |= 1 << UInt64(b.shift)
        }
    }
}
