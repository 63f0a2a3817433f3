/// A rule's `keywordFollowedBy`: the shape the bytes right after a keyword occurrence must have for
/// a match to start near that occurrence, checked before the rule's regex runs there.
///
/// It is a second prefilter stage for keywords that are common in code (`token`, `ac`, `://`): the
/// regex runs only around the occurrences whose next bytes could begin the rest of a match, e.g.
/// `[A-Za-z0-9_.-]{0,26}["']?[ \t]{0,4}[=:>]` for `password = "…"`. The syntax is a sequence of
/// byte sets, each with an optional quantifier: a literal byte, `\` and a byte, `\s`, `\d`, `\w`,
/// `[…]` or `[^…]` (ranges and the same escapes inside), then `?`, `*`, `+`, `{n}`, `{m,}` or
/// `{m,n}`.
///
/// It is checked greedily, without backtracking, so a set whose count can vary must share no byte
/// with what may come next (up to and including the next set that is required); such a pattern is
/// refused when the rule is loaded. Being a necessary condition, it is the rule author's promise that
/// every regex match starts near an occurrence followed by this shape; `rules test` holds the promise
/// to the rule's examples.
struct FollowPattern: Sendable, Equatable {
    /// One byte set and how many bytes of it in a row.
    struct Item: Sendable, Equatable {
        /// Bit b of word b >> 6: byte b belongs to the set (held inline: checking a keyword
        /// occurrence then touches no reference count).
        var set: (UInt64, UInt64, UInt64, UInt64)
        var min: Int
        var max: Int

        init(set: [UInt64], min: Int, max: Int) {
            self.set = (set[0], set[1], set[2], set[3])
            self.min = min
            self.max = max
        }

        /// The set's four words.
        var words: [UInt64] { [set.0, set.1, set.2, set.3] }

        static func == (a: Item, b: Item) -> Bool { a.words == b.words && a.min == b.min && a.max == b.max }
    }

    let items: [Item]

    /// Parses `pattern`; throws a message saying what is wrong and at which offset.
    init(_ pattern: String) throws(FollowPatternError) {
        let bytes = Array(pattern.utf8)
        var items: [Item] = []
        var i = 0
        func fail(_ message: String) -> FollowPatternError { FollowPatternError(offset: i, message: message) }
        func unknownEscape(_ c: UInt8) -> FollowPatternError {
            fail("`\\\(Character(Unicode.Scalar(c)))` is not supported here (escapes: \\s \\d \\w \\t \\n \\r, or `\\` before punctuation)")
        }
        while i < bytes.count {
            var set = [UInt64](repeating: 0, count: 4)
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "["):
                i += 1
                var negated = false
                if i < bytes.count && bytes[i] == UInt8(ascii: "^") {
                    negated = true
                    i += 1
                }
                var first = true
                while true {
                    guard i < bytes.count else { throw fail("a `[` set is not closed with `]`") }
                    if bytes[i] == UInt8(ascii: "]") && !first {
                        i += 1
                        break
                    }
                    first = false
                    let low: [UInt8]
                    if bytes[i] == UInt8(ascii: "\\") {
                        guard i + 1 < bytes.count else { throw fail("`\\` at the end of the pattern") }
                        guard let e = FollowPattern.escape(bytes[i + 1]) else { throw unknownEscape(bytes[i + 1]) }
                        low = e
                        i += 2
                    } else {
                        low = [bytes[i]]
                        i += 1
                    }
                    // A range `a-z` (a `-` first, last, or after a class escape is literal).
                    if low.count == 1, i + 1 < bytes.count, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] != UInt8(ascii: "]") {
                        var high = bytes[i + 1]
                        i += 2
                        if high == UInt8(ascii: "\\") {
                            guard i < bytes.count else { throw fail("`\\` at the end of the pattern") }
                            guard let e = FollowPattern.escape(bytes[i]) else { throw unknownEscape(bytes[i]) }
                            guard e.count == 1 else { throw fail("a range cannot end in a class escape") }
                            high = e[0]
                            i += 1
                        }
                        guard high >= low[0] else { throw fail("the range ends below its start") }
                        for c in low[0]...high { FollowPattern.insert(c, into: &set) }
                    } else {
                        for c in low { FollowPattern.insert(c, into: &set) }
                    }
                }
                if negated { set = set.map { ~$0 } }
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { throw fail("`\\` at the end of the pattern") }
                guard let e = FollowPattern.escape(bytes[i + 1]) else { throw unknownEscape(bytes[i + 1]) }
                for c in e { FollowPattern.insert(c, into: &set) }
                i += 2
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"), UInt8(ascii: "."), UInt8(ascii: "^"),
                UInt8(ascii: "$"), UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "{"),
                UInt8(ascii: "]"), UInt8(ascii: "}"):
                throw fail(
                    "`\(Character(Unicode.Scalar(b)))` is not supported here (byte sets and quantifiers only; escape it with `\\` to mean the byte)"
                )
            default:
                FollowPattern.insert(b, into: &set)
                i += 1
            }
            // The quantifier.
            var low = 1
            var high = 1
            if i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "?"):
                    (low, high) = (0, 1)
                    i += 1
                case UInt8(ascii: "*"):
                    (low, high) = (0, Int.max)
                    i += 1
                case UInt8(ascii: "+"):
                    (low, high) = (1, Int.max)
                    i += 1
                case UInt8(ascii: "{"):
                    guard let close = bytes[i...].firstIndex(of: UInt8(ascii: "}")) else { throw fail("a `{` is not closed with `}`") }
                    let parts = String(decoding: bytes[(i + 1)..<close], as: UTF8.self).split(
                        separator: ",", omittingEmptySubsequences: false)
                    guard (1...2).contains(parts.count), let m = Int(parts[0]), m >= 0 else {
                        throw fail("a `{…}` quantifier must be {n}, {m,} or {m,n}")
                    }
                    let n = parts.count == 2 ? (parts[1].isEmpty ? Int.max : Int(parts[1])) : m
                    guard let n, n >= m, n > 0 else { throw fail("a `{m,n}` quantifier needs 0 ≤ m ≤ n and n > 0") }
                    (low, high) = (m, n)
                    i = close + 1
                default: break
                }
            }
            items.append(Item(set: set, min: low, max: high))
        }
        guard !items.isEmpty else { throw FollowPatternError(offset: 0, message: "the pattern is empty") }
        // Greedy checking is exact only if a set whose count varies shares no byte with what may follow it.
        for (k, item) in items.enumerated() where item.min < item.max {
            var next = k + 1
            while next < items.count {
                if zip(item.words, items[next].words).contains(where: { $0 & $1 != 0 }) {
                    throw FollowPatternError(
                        offset: 0,
                        message: """
                            byte set #\(k + 1) can repeat and shares bytes with set #\(next + 1), which may follow it; the pattern is \
                            checked without backtracking, so make them disjoint
                            """)
                }
                if items[next].min > 0 { break }
                next += 1
            }
        }
        self.items = items
    }

    /// Where an item's four set words are, from the item's start.
    private static let setOffset = MemoryLayout<Item>.offset(of: \Item.set)!

    /// Whether `base[at...]` (of `count` bytes in all) begins with the shape. Reads each item in
    /// place and tests a byte by loading its set word by address (no copy of the item, no branch on
    /// which word): every keyword occurrence of a rule with a shape comes through here.
    func matches(_ base: UnsafePointer<UInt8>, count: Int, at: Int) -> Bool {
        items.withUnsafeBufferPointer { items in
            var j = at
            for k in 0..<items.count {
                let item = items.baseAddress! + k
                let set = UnsafeRawPointer(item) + Self.setOffset
                let max = item.pointee.max
                var c = 0
                while c < max && j < count {
                    let b = base[j]
                    guard set.load(fromByteOffset: Int(b >> 6) &* 8, as: UInt64.self) >> UInt64(b & 63) & 1 != 0 else { break }
                    j &+= 1
                    c &+= 1
                }
                if c < item.pointee.min { return false }
            }
            return true
        }
    }

    private static func insert(_ b: UInt8, into set: inout [UInt64]) { set[Int(b >> 6)] |= 1 << UInt64(b & 63) }

    /// The bytes an escape `\c` stands for: a class (`\s`, `\d`, `\w`), a control (`\t`, `\n`,
    /// `\r`) or the punctuation byte itself; nil for any other letter or digit (`\S`, `\b`, `\x41`…),
    /// which this syntax does not have.
    private static func escape(_ c: UInt8) -> [UInt8]? {
        switch c {
        case UInt8(ascii: "s"): return [9, 10, 11, 12, 13, 32]
        case UInt8(ascii: "d"): return Array(UInt8(ascii: "0")...UInt8(ascii: "9"))
        case UInt8(ascii: "w"):
            return Array(UInt8(ascii: "a")...UInt8(ascii: "z")) + Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
                + Array(UInt8(ascii: "0")...UInt8(ascii: "9")) + [UInt8(ascii: "_")]
        case UInt8(ascii: "t"): return [9]
        case UInt8(ascii: "n"): return [10]
        case UInt8(ascii: "r"): return [13]
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return nil
        default: return [c]
        }
    }
}

/// Why a `keywordFollowedBy` pattern was refused: at which byte offset, and what to change.
struct FollowPatternError: Error, Sendable {
    var offset: Int
    var message: String
}
