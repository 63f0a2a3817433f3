/// Selects the rules worth running on a piece of content in one pass over its bytes.
///
/// An Aho-Corasick automaton over all keywords of all rules, ASCII-case-folded, compiled into a
/// dense transition table over byte classes (bytes that occur in no keyword share class 0).
struct KeywordPrefilter: Sendable {
    private let classOf: [UInt8]
    private let classCount: Int
    private let transitions: [Int32]
    /// For state s, its matched rule indices are `outputs[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// Number of distinct rules that have at least one keyword.
    let keyedRuleCount: Int
    /// Length in bytes of the longest keyword.
    let maxKeywordLength: Int
    /// Per rule (and pseudo-rule): whether `select` records where its keywords occur.
    private let windowed: [Bool]

    /// - Parameter windowedRules: indices of the rules whose keyword positions `select` records.
    init(keywordsPerRule: [[String]], windowedRules: Set<Int> = []) {
        // Byte classes: each distinct folded keyword byte gets its own class.
        var classOf = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        for keywords in keywordsPerRule {
            for keyword in keywords {
                for b in keyword.utf8 {
                    let f = KeywordPrefilter.fold(b)
                    if classOf[Int(f)] == 0 {
                        precondition(classCount < 255, "too many distinct keyword bytes")
                        classOf[Int(f)] = UInt8(classCount)
                        classCount += 1
                    }
                }
            }
        }
        for b in 0..<256 { classOf[b] = classOf[Int(KeywordPrefilter.fold(UInt8(b)))] }

        // Trie, as a dense table of child states (0: none; no edge leads back to the root) that grows
        // a row per state, so that start-up does no hashing per keyword byte.
        // At most one state per keyword byte, plus the root.
        let maxStates = 1 + keywordsPerRule.reduce(0) { $0 + $1.reduce(0) { $0 + $1.utf8.count } }
        var table = [Int32](repeating: 0, count: classCount * maxStates)
        var stateCount = 1
        var stateOutputs: [[Int32]] = [[]]
        var keyed = Set<Int>()
        for (ruleIndex, keywords) in keywordsPerRule.enumerated() {
            for keyword in keywords where !keyword.isEmpty {
                keyed.insert(ruleIndex)
                var s = 0
                for b in keyword.utf8 {
                    let slot = s * classCount + Int(classOf[Int(b)])
                    if table[slot] == 0 {
                        table[slot] = Int32(stateCount)
                        stateOutputs.append([])
                        stateCount += 1
                    }
                    s = Int(table[slot])
                }
                if !stateOutputs[s].contains(Int32(ruleIndex)) { stateOutputs[s].append(Int32(ruleIndex)) }
            }
        }
        table.removeLast(table.count - stateCount * classCount)

        // Breadth-first failure links, folded into the same table (a DFA): a missing child becomes
        // the failure state's transition, whose row is complete already (it is shallower).
        var fail = [Int32](repeating: 0, count: stateCount)
        var queue: [Int32] = [0]
        var head = 0
        while head < queue.count {
            let s = Int(queue[head])
            head += 1
            if s != 0 {
                let inherited = stateOutputs[Int(fail[s])]
                if !inherited.isEmpty { stateOutputs[s] = Array(Set(stateOutputs[s] + inherited)) }
            }
            let row = s * classCount
            let failRow = Int(fail[s]) * classCount
            for c in 0..<classCount {
                let next = table[row + c]
                if next != 0 {
                    fail[Int(next)] = s == 0 ? 0 : table[failRow + c]
                    queue.append(next)
                } else if s != 0 {
                    table[row + c] = table[failRow + c]
                }
            }
        }
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        for st in 0..<stateCount {
            outputs.append(contentsOf: stateOutputs[st].sorted())
            outputStart.append(Int32(outputs.count))
        }
        // Hot-loop encoding: a transition holds the next state's row offset (state * classCount), so no
        // multiplication per byte; a state with outputs is stored as its complemented number (negative),
        // so one sign test per byte says whether anything matched, and the rare match turns the number
        // into the row offset with a multiplication (no division back from an offset).
        var encoded = [Int32](repeating: 0, count: table.count)
        for (i, next) in table.enumerated() {
            encoded[i] = outputStart[Int(next)] != outputStart[Int(next) + 1] ? ~next : next * Int32(classCount)
        }
        self.classOf = classOf
        self.classCount = classCount
        self.transitions = encoded
        self.outputStart = outputStart
        self.outputs = outputs
        self.keyedRuleCount = keyed.count
        self.windowed = keywordsPerRule.indices.map { windowedRules.contains($0) }
        self.maxKeywordLength = keywordsPerRule.joined().map(\.utf8.count).max() ?? 0
    }

    @inline(__always)
    static func fold(_ b: UInt8) -> UInt8 { (b >= 65 && b <= 90) ? b | 0x20 : b }

    /// Where the keywords of windowed rules occurred in the last `select`, per rule: up to `cap`
    /// end offsets (in no particular order); a count above `cap` means "too many: use the whole
    /// content". Per worker; reused for every file.
    struct Hits {
        static let cap = 256
        var counts: [Int32]
        var positions: [Int]

        /// Every (rule, keyword end) of the last `select`, when `logging`: `end << 16 | rule`, in no
        /// particular order; `logCount` above `logCapacity` means it overflowed (and is unusable).
        var logging = false
        var log: [UInt64]
        var logCount = 0
        static let logCapacity = 1 << 14

        init(ruleCount: Int) {
            precondition(ruleCount < 1 << 16, "too many rules for the keyword log")
            counts = [Int32](repeating: 0, count: ruleCount)
            positions = [Int](repeating: 0, count: ruleCount * Hits.cap)
            log = [UInt64](repeating: 0, count: Hits.logCapacity)
        }

        /// The log of the last `select`; nil when it was off or overflowed.
        var logged: ArraySlice<UInt64>? { logging && logCount <= Hits.logCapacity ? log[0..<logCount] : nil }

        /// The recorded keyword end offsets of `rule`, sorted; nil when there were more than `cap`.
        func ends(of rule: Int) -> ArraySlice<Int>? {
            let c = Int(counts[rule])
            guard c <= Hits.cap else { return nil }
            return ArraySlice(positions[(rule * Hits.cap)..<(rule * Hits.cap + c)].sorted())
        }
    }

    /// Marks `selected[r] = true` for every rule `r` one of whose keywords occurs in `content`.
    /// `selected` must be all false on entry. Returns the number of rules selected.
    func select(in content: UnsafeRawBufferPointer, into selected: inout [Bool]) -> Int {
        var hits = Hits(ruleCount: selected.count)
        return select(in: content, into: &selected, hits: &hits)
    }

    /// As `select(in:into:)`, and records in `hits` where the keywords of windowed rules end.
    /// `hits.counts` must be all zero on entry.
    ///
    /// Content of 1 KiB or more is cut into four stripes that are walked in lock step: each stripe's
    /// automaton depends only on its own previous state, so the CPU overlaps the four chains of table
    /// loads instead of waiting on one. A stripe starts `maxKeywordLength - 1` bytes early so that a
    /// keyword spanning a stripe boundary is still seen whole.
    func select(in content: UnsafeRawBufferPointer, into selected: inout [Bool], hits: inout Hits) -> Int {
        guard keyedRuleCount > 0, let base = content.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        var found = 0
        let n = content.count
        classOf.withUnsafeBufferPointer { classOf in
            transitions.withUnsafeBufferPointer { table in
                outputStart.withUnsafeBufferPointer { outStart in
                    outputs.withUnsafeBufferPointer { outputs in
                        windowed.withUnsafeBufferPointer { windowed in
                            selected.withUnsafeMutableBufferPointer { selected in
                                hits.counts.withUnsafeMutableBufferPointer { counts in
                                    hits.positions.withUnsafeMutableBufferPointer { positions in
                                        let logging = hits.logging
                                        hits.logCount = 0
                                        hits.log.withUnsafeMutableBufferPointer { log in
                                            withUnsafeMutablePointer(to: &hits.logCount) { logCount in
                                                let walker = Walker(
                                                    classOf: classOf.baseAddress!, table: table.baseAddress!,
                                                    outStart: outStart.baseAddress!, outputs: outputs.baseAddress!,
                                                    windowed: windowed.baseAddress!, selected: selected.baseAddress!,
                                                    counts: counts.baseAddress!, positions: positions.baseAddress!,
                                                    classCount: classCount, log: logging ? log.baseAddress : nil, logCount: logCount)
                                                let cc = classCount
                                                let quarter = n / 4
                                                let overlap = max(maxKeywordLength - 1, 0)
                                                if n < 1024 || overlap >= quarter {
                                                    walker.walk(base, from: 0, to: n, offset: 0, found: &found)
                                                    return
                                                }
                                                let s1 = quarter - overlap
                                                let s2 = 2 * quarter - overlap
                                                let s3 = 3 * quarter - overlap
                                                // Lock-step part: `quarter` bytes of every stripe.
                                                var o0 = 0
                                                var o1 = 0
                                                var o2 = 0
                                                var o3 = 0
                                                var i = 0
                                                while i < quarter {
                                                    let t0 = Int(table[o0 &+ Int(classOf[Int(base[i])])])
                                                    let t1 = Int(table[o1 &+ Int(classOf[Int(base[s1 &+ i])])])
                                                    let t2 = Int(table[o2 &+ Int(classOf[Int(base[s2 &+ i])])])
                                                    let t3 = Int(table[o3 &+ Int(classOf[Int(base[s3 &+ i])])])
                                                    // Non-negative: the next row offset; negative: complemented, with outputs.
                                                    o0 = t0 ^ (t0 >> 63)
                                                    o1 = t1 ^ (t1 >> 63)
                                                    o2 = t2 ^ (t2 >> 63)
                                                    o3 = t3 ^ (t3 >> 63)
                                                    i &+= 1
                                                    if (t0 | t1 | t2 | t3) < 0 {
                                                        // Negative: `o` is the state's number. A keyword ending inside a stripe's
                                                        // lead-in was seen by the stripe before.
                                                        if t0 < 0 {
                                                            walker.report(state: o0, end: i, found: &found)
                                                            o0 &*= cc
                                                        }
                                                        if t1 < 0 {
                                                            if s1 &+ i > quarter { walker.report(state: o1, end: s1 &+ i, found: &found) }
                                                            o1 &*= cc
                                                        }
                                                        if t2 < 0 {
                                                            if s2 &+ i > 2 &* quarter {
                                                                walker.report(state: o2, end: s2 &+ i, found: &found)
                                                            }
                                                            o2 &*= cc
                                                        }
                                                        if t3 < 0 {
                                                            if s3 &+ i > 3 &* quarter {
                                                                walker.report(state: o3, end: s3 &+ i, found: &found)
                                                            }
                                                            o3 &*= cc
                                                        }
                                                    }
                                                }
                                                // Stripes 1-3 have `overlap` more bytes each; the last also the remainder.
                                                walker.walk(base, from: s1 + quarter, to: 2 * quarter, offset: o1, found: &found)
                                                walker.walk(base, from: s2 + quarter, to: 3 * quarter, offset: o2, found: &found)
                                                walker.walk(base, from: s3 + quarter, to: n, offset: o3, found: &found)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return found
    }

    /// Logs (`end << 16 | rule`) the keyword occurrences ending in `(after, to]` of a walk over
    /// `content[from..<to]` started at the root. An occurrence's rules depend only on the
    /// `maxKeywordLength` bytes before its end, so they are all found when `from` is at least that
    /// far before `after + 1`, or 0.
    func logOccurrences(in content: UnsafeRawBufferPointer, from: Int, to: Int, after: Int, into log: inout [UInt64]) {
        guard keyedRuleCount > 0, from < to, let base = content.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        classOf.withUnsafeBufferPointer { classOf in
            transitions.withUnsafeBufferPointer { table in
                outputStart.withUnsafeBufferPointer { outStart in
                    outputs.withUnsafeBufferPointer { outputs in
                        _ = KeywordPrefilter.walk(
                            base, from: from, to: to, offset: 0, table: table.baseAddress!, classOf: classOf.baseAddress!,
                            classCount: classCount
                        ) { state, end in
                            guard end > after else { return }
                            for k in Int(outStart[state])..<Int(outStart[state &+ 1]) {
                                log.append(UInt64(end) << 16 | UInt64(outputs[k]))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Marks the rules of a keyword log (as `select` logs them) in `selected` and `hits`, as if
    /// `select` had found those occurrences itself; returns the number of rules newly selected.
    /// `selected` and `hits.counts` must be clear on entry.
    func select(fromLog log: some Collection<UInt64>, into selected: inout [Bool], hits: inout Hits) -> Int {
        var found = 0
        windowed.withUnsafeBufferPointer { windowed in
            selected.withUnsafeMutableBufferPointer { selected in
                hits.counts.withUnsafeMutableBufferPointer { counts in
                    hits.positions.withUnsafeMutableBufferPointer { positions in
                        for entry in log {
                            KeywordPrefilter.mark(
                                rule: Int(entry & 0xFFFF), end: Int(entry >> 16), windowed: windowed.baseAddress!,
                                selected: selected.baseAddress!, counts: counts.baseAddress!, positions: positions.baseAddress!,
                                found: &found)
                        }
                    }
                }
            }
        }
        return found
    }

    /// Marks rule `r` selected and, for a windowed rule, records its keyword end (up to `Hits.cap`).
    @inline(__always)
    private static func mark(
        rule r: Int, end: Int, windowed: UnsafePointer<Bool>, selected: UnsafeMutablePointer<Bool>,
        counts: UnsafeMutablePointer<Int32>, positions: UnsafeMutablePointer<Int>, found: inout Int
    ) {
        if !selected[r] {
            selected[r] = true
            found &+= 1
        }
        if windowed[r] {
            let c = Int(counts[r])
            if c < Hits.cap {
                positions[r &* Hits.cap &+ c] = end
                counts[r] = Int32(c &+ 1)
            } else if c == Hits.cap {
                // Once too many, stop counting: the rule runs on the whole content.
                counts[r] = Int32(c &+ 1)
            }
        }
    }

    /// Walks `base[from..<to]` from row `offset`, handing every state with outputs to `matched` with
    /// the offset just past the byte that reached it; returns the row the walk ends in.
    @inline(__always)
    private static func walk(
        _ base: UnsafePointer<UInt8>, from: Int, to: Int, offset: Int, table: UnsafePointer<Int32>, classOf: UnsafePointer<UInt8>,
        classCount: Int, _ matched: (_ state: Int, _ end: Int) -> Void
    ) -> Int {
        var offset = offset
        var i = from
        while i < to {
            let t = Int(table[offset &+ Int(classOf[Int(base[i])])])
            i &+= 1
            if t >= 0 {
                offset = t
            } else {
                matched(~t, i)
                offset = (~t) &* classCount
            }
        }
        return offset
    }

    /// The automaton's tables as raw pointers, for the hot loops.
    private struct Walker {
        let classOf: UnsafePointer<UInt8>
        let table: UnsafePointer<Int32>
        let outStart: UnsafePointer<Int32>
        let outputs: UnsafePointer<Int32>
        let windowed: UnsafePointer<Bool>
        let selected: UnsafeMutablePointer<Bool>
        let counts: UnsafeMutablePointer<Int32>
        let positions: UnsafeMutablePointer<Int>
        let classCount: Int
        /// When logging: where every (rule, end) goes, and how many there are.
        let log: UnsafeMutablePointer<UInt64>?
        let logCount: UnsafeMutablePointer<Int>

        /// Marks the rules of `state`, whose keywords end at `end`.
        @inline(__always)
        func report(state: Int, end: Int, found: inout Int) {
            for k in Int(outStart[state])..<Int(outStart[state &+ 1]) {
                let r = Int(outputs[k])
                if let log {
                    let c = logCount.pointee
                    if c < Hits.logCapacity { log[c] = UInt64(end) << 16 | UInt64(r) }
                    logCount.pointee = c &+ 1
                }
                KeywordPrefilter.mark(
                    rule: r, end: end, windowed: windowed, selected: selected, counts: counts, positions: positions, found: &found)
            }
        }

        /// Walks `base[from..<to]` from row `offset`.
        func walk(_ base: UnsafePointer<UInt8>, from: Int, to: Int, offset: Int, found: inout Int) {
            _ = KeywordPrefilter.walk(base, from: from, to: to, offset: offset, table: table, classOf: classOf, classCount: classCount) {
                report(state: $0, end: $1, found: &found)
            }
        }
    }
}
