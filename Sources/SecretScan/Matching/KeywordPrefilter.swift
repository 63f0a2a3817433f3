/// Selects the rules worth running on a piece of content in one pass over its bytes.
///
/// It walks `KeywordAutomaton`'s automaton: Aho-Corasick over all keywords of all rules,
/// ASCII-case-folded, as a dense transition table over byte classes, laid out for the walk's chain
/// of loads (each step's load needs the state the previous load gave):
/// - column-major: a byte's column is found from the byte alone (`columns`, off the chain), and the
///   next state is `table[column + state]`, one load with no arithmetic on the chain;
/// - states without outputs are numbered first, breadth-first (the shallow states a walk over
///   ordinary text spends most of its time in sit together), from 0; states with outputs from
///   `threshold`, a power of two, so "a keyword ends here" is `state >= threshold`, and for four
///   walks at once, `s0 | s1 | s2 | s3 >= threshold`;
/// - an entry is 16 bits when there are at most 65,536 numbers, 32 bits otherwise.
///
/// A class: every file's scan calls it, and a struct read from the detector was copied for each
/// call, retaining and releasing each of its arrays.
///
/// `@unchecked Sendable`: `table` and `columns` are raw memory this instance allocates, fills in
/// `init` and frees in `deinit`; between the two they are only read, so sharing across threads is safe.
final class KeywordPrefilter: @unchecked Sendable {
    /// The column-major table (entries of `entryBytes` bytes), owned.
    private let table: UnsafeMutableRawPointer
    /// Per byte value: the address of its class's column in `table`, owned. Computed once here, not
    /// per call: a file's scan then starts walking at once (256 additions were 10% of the cost of a
    /// one-line file).
    private let columns: UnsafeMutablePointer<UnsafeRawPointer>
    /// 2 when at most 65,536 state numbers, else 4.
    private let entryBytes: Int
    /// States numbered at or above this (a power of two) complete a keyword.
    private let threshold: Int
    /// For state s (as numbered here), its matched rule indices are `outputs[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// Number of distinct rules that have at least one keyword.
    let keyedRuleCount: Int
    /// Length in bytes of the longest keyword.
    let maxKeywordLength: Int
    /// Number of automaton states (for tests and the profile).
    let stateCount: Int
    /// Bits per table entry: 16, or 32 past 65,536 state numbers (for tests).
    var entryBits: Int { entryBytes * 8 }
    /// Per rule (and pseudo-rule): whether `select` records where its keywords occur.
    private let windowed: [Bool]

    /// - Parameter windowedRules: indices of the rules whose keyword positions `select` records.
    init(keywordsPerRule: [[String]], windowedRules: Set<Int> = []) {
        let automaton = KeywordAutomaton(keywordsPerRule: keywordsPerRule)
        let layout = Layout(automaton)
        threshold = layout.threshold
        // Owned copies of the table (aligned to a cache line) and of each byte's column address.
        let entryBytes = layout.narrow.isEmpty ? 4 : 2
        let bytes = layout.narrow.isEmpty ? layout.wide.count * 4 : layout.narrow.count * 2
        let table = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 64)
        if layout.narrow.isEmpty {
            layout.wide.withUnsafeBytes { table.copyMemory(from: $0.baseAddress!, byteCount: bytes) }
            table.bindMemory(to: UInt32.self, capacity: layout.wide.count)
        } else {
            layout.narrow.withUnsafeBytes { table.copyMemory(from: $0.baseAddress!, byteCount: bytes) }
            table.bindMemory(to: UInt16.self, capacity: layout.narrow.count)
        }
        self.entryBytes = entryBytes
        self.table = table
        let columns = UnsafeMutablePointer<UnsafeRawPointer>.allocate(capacity: 256)
        for b in 0..<256 { (columns + b).initialize(to: UnsafeRawPointer(table + layout.columnOf[b] * entryBytes)) }
        self.columns = columns
        outputStart = layout.outputStart
        outputs = layout.outputs
        stateCount = automaton.stateCount
        keyedRuleCount = keywordsPerRule.reduce(0) { $0 + ($1.contains { !$0.isEmpty } ? 1 : 0) }
        var windowed = [Bool](repeating: false, count: keywordsPerRule.count)
        for r in windowedRules where r < windowed.count { windowed[r] = true }
        self.windowed = windowed
        maxKeywordLength = keywordsPerRule.joined().map(\.utf8.count).max() ?? 0
    }

    deinit {
        columns.deallocate()
        table.deallocate()
    }

    /// The automaton's tables renumbered and laid out column-major (see the type's comment).
    private struct Layout {
        var columnOf: [Int]
        var threshold: Int
        var narrow: [UInt16] = []
        var wide: [UInt32] = []
        var outputStart: [Int32]
        var outputs: [Int32]

        init(_ a: KeywordAutomaton) {
            let n = a.stateCount
            var withOutputs = 0
            for s in 0..<n where a.outputStart[s + 1] != a.outputStart[s] { withOutputs += 1 }
            // The root (0, no outputs) keeps its number; breadth-first order is kept in each part.
            var threshold = 1
            while threshold < n - withOutputs { threshold <<= 1 }
            var number = [Int](repeating: 0, count: n)
            var next = (plain: 0, output: threshold)
            for s in 0..<n {
                if a.outputStart[s + 1] != a.outputStart[s] {
                    number[s] = next.output
                    next.output += 1
                } else {
                    number[s] = next.plain
                    next.plain += 1
                }
            }
            let size = next.output
            var classCount = 1
            for b in 0..<256 { classCount = max(classCount, Int(a.classOf[b]) + 1) }
            columnOf = a.classOf.map { Int($0) * size }
            self.threshold = threshold
            outputStart = [Int32](repeating: 0, count: size + 1)
            var old = [Int](repeating: -1, count: size)
            for s in 0..<n { old[number[s]] = s }
            var outputs: [Int32] = []
            outputs.reserveCapacity(a.outputs.count)
            for t in 0..<size {
                outputStart[t] = Int32(outputs.count)
                if old[t] >= 0 { outputs += a.outputs[Int(a.outputStart[old[t]])..<Int(a.outputStart[old[t] + 1])] }
            }
            outputStart[size] = Int32(outputs.count)
            self.outputs = outputs
            // Column-major, renumbered; the narrow source's flag bit is dropped with its mask.
            func fill<S: FixedWidthInteger, T: FixedWidthInteger>(_ source: [S], _: T.Type) -> [T] {
                let mask = ~(S(1) << (S.bitWidth - 1))
                let shift = a.shift
                return [T](unsafeUninitializedCapacity: classCount * size) { table, initialized in
                    table.initialize(repeating: 0)
                    source.withUnsafeBufferPointer { source in
                        number.withUnsafeBufferPointer { number in
                            for s in 0..<n {
                                let row = s << shift
                                var column = number[s]
                                for c in 0..<classCount {
                                    table[column] = T(truncatingIfNeeded: number[Int(source[row &+ c] & mask)])
                                    column &+= size
                                }
                            }
                        }
                    }
                    initialized = classCount * size
                }
            }
            if size <= 1 << 16 {
                narrow = a.narrow.isEmpty ? fill(a.wide, UInt16.self) : fill(a.narrow, UInt16.self)
            } else {
                wide = a.narrow.isEmpty ? fill(a.wide, UInt32.self) : fill(a.narrow, UInt32.self)
            }
        }
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
        /// The rules the last `select` selected, in the order it found them: `chosen[0..<found]`.
        var chosen: [Int32]

        /// Every (rule, keyword end) of the last `select`, when `logging`: `end << 16 | rule`, in no
        /// particular order; `logCount` above `logCapacity` means it overflowed (and is unusable).
        var logging = false
        var log: [UInt64]
        var logCount = 0
        static let logCapacity = 1 << 14

        init(ruleCount: Int) {
            precondition(ruleCount < 1 << 16, "too many rules for the keyword log")
            counts = [Int32](repeating: 0, count: ruleCount)
            chosen = [Int32](repeating: 0, count: ruleCount)
            positions = [Int](repeating: 0, count: ruleCount * Hits.cap)
            log = [UInt64](repeating: 0, count: Hits.logCapacity)
        }

        /// The log of the last `select`; nil when it was off or overflowed.
        var logged: ArraySlice<UInt64>? { logging && logCount <= Hits.logCapacity ? log[0..<logCount] : nil }

        /// Keeps, of the keyword end offsets recorded for `rule`, those `follow` accepts in `content`
        /// (all of them when it is nil), sorts them in place and returns where they are in
        /// `positions`; nil when there were more than `cap`. No allocation, for the scan loop. The
        /// shape is checked first: most occurrences of a common keyword fail it, and are not sorted.
        mutating func sortEnds(of rule: Int, followedBy follow: FollowPattern?, in content: UnsafeRawBufferPointer) -> Range<Int>? {
            let c = Int(counts[rule])
            guard c <= Hits.cap else { return nil }
            let lo = rule &* Hits.cap
            var kept = c
            positions.withUnsafeMutableBufferPointer { p in
                if let follow, let base = content.baseAddress?.assumingMemoryBound(to: UInt8.self) {
                    kept = 0
                    for k in lo..<(lo &+ c) where follow.matches(base, count: content.count, at: p[k]) {
                        p[lo &+ kept] = p[k]
                        kept &+= 1
                    }
                }
                // The ends come in walk order, four ascending stripes: insertion sort moves each a
                // short way, with no buffer to allocate (the library's stable sort allocates one).
                var k = lo &+ 1
                while k < lo &+ kept {
                    let v = p[k]
                    var j = k
                    while j > lo && p[j &- 1] > v {
                        p[j] = p[j &- 1]
                        j &-= 1
                    }
                    p[j] = v
                    k &+= 1
                }
            }
            return lo..<(lo &+ kept)
        }

        /// The recorded keyword end offsets of `rule`, sorted, as a copy; nil when there were more
        /// than `cap`.
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

    /// As `select(in:into:)`, and records in `hits` where the keywords of windowed rules end, and
    /// which rules it selected (`hits.chosen`). `hits.counts` must be all zero on entry.
    func select(in content: UnsafeRawBufferPointer, into selected: inout [Bool], hits: inout Hits) -> Int {
        // An empty log first: content with no bytes (or rules with no keywords) logs nothing, not the
        // previous content's occurrences.
        hits.logCount = 0
        guard keyedRuleCount > 0, let base = content.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        var found = 0
        let logging = hits.logging
        outputStart.withUnsafeBufferPointer { outStart in
            outputs.withUnsafeBufferPointer { outputs in
                windowed.withUnsafeBufferPointer { windowed in
                    selected.withUnsafeMutableBufferPointer { selected in
                        hits.counts.withUnsafeMutableBufferPointer { counts in
                            hits.positions.withUnsafeMutableBufferPointer { positions in
                                hits.chosen.withUnsafeMutableBufferPointer { chosen in
                                    hits.log.withUnsafeMutableBufferPointer { log in
                                        withUnsafeMutablePointer(to: &hits.logCount) { logCount in
                                            let marker = Marker(
                                                outStart: outStart.baseAddress!, outputs: outputs.baseAddress!,
                                                windowed: windowed.baseAddress!, selected: selected.baseAddress!,
                                                counts: counts.baseAddress!, positions: positions.baseAddress!,
                                                chosen: chosen.baseAddress!, log: logging ? log.baseAddress : nil,
                                                logCount: logCount)
                                            var body = SelectBody(
                                                marker: marker, base: base, count: content.count,
                                                overlap: max(maxKeywordLength - 1, 0))
                                            dispatch(&body)
                                            found = body.found
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
        outputStart.withUnsafeBufferPointer { outStart in
            outputs.withUnsafeBufferPointer { outputs in
                var body = LogBody(
                    outStart: outStart.baseAddress!, outputs: outputs.baseAddress!, base: base, from: from, to: to,
                    after: after, log: log)
                log = []
                dispatch(&body)
                log = body.log
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
                        hits.chosen.withUnsafeMutableBufferPointer { chosen in
                            for entry in log {
                                KeywordPrefilter.mark(
                                    rule: Int(entry & 0xFFFF), end: Int(entry >> 16), windowed: windowed.baseAddress!,
                                    selected: selected.baseAddress!, counts: counts.baseAddress!,
                                    positions: positions.baseAddress!, chosen: chosen.baseAddress!, found: &found)
                            }
                        }
                    }
                }
            }
        }
        return found
    }

    /// Marks rule `r` selected (the `found`-th, in `chosen`) and, for a windowed rule, records its
    /// keyword end (up to `Hits.cap`).
    @inline(__always)
    private static func mark(
        rule r: Int, end: Int, windowed: UnsafePointer<Bool>, selected: UnsafeMutablePointer<Bool>,
        counts: UnsafeMutablePointer<Int32>, positions: UnsafeMutablePointer<Int>, chosen: UnsafeMutablePointer<Int32>,
        found: inout Int
    ) {
        if !selected[r] {
            selected[r] = true
            chosen[found] = Int32(truncatingIfNeeded: r)
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

    /// Where a state's rules go: the selection, the windows' keyword ends and, when logging, the log.
    private struct Marker {
        let outStart: UnsafePointer<Int32>
        let outputs: UnsafePointer<Int32>
        let windowed: UnsafePointer<Bool>
        let selected: UnsafeMutablePointer<Bool>
        let counts: UnsafeMutablePointer<Int32>
        let positions: UnsafeMutablePointer<Int>
        let chosen: UnsafeMutablePointer<Int32>
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
                    rule: r, end: end, windowed: windowed, selected: selected, counts: counts, positions: positions,
                    chosen: chosen, found: &found)
            }
        }
    }

    /// Work done with a walker, whatever its entry type (Swift has no generic closures).
    private protocol WalkBody {
        mutating func run<Entry: FixedWidthInteger & UnsignedInteger>(_ walker: Walker<Entry>)
    }

    /// Runs `body` with the walker specialised for this table's entry size. The walker has, per
    /// byte value, the address of its column: a step is then one load of the column's address, off
    /// the chain, and one load of the entry, with no addition between them.
    private func dispatch<B: WalkBody>(_ body: inout B) {
        func run<Entry: FixedWidthInteger & UnsignedInteger>(_: Entry.Type) {
            body.run(Walker<Entry>(columns: UnsafePointer(columns), threshold: threshold))
        }
        if entryBytes == 2 { run(UInt16.self) } else { run(UInt32.self) }
    }

    /// `select`'s walk: every state with outputs goes to the marker.
    private struct SelectBody: WalkBody {
        let marker: Marker
        let base: UnsafePointer<UInt8>
        let count: Int
        let overlap: Int
        var found = 0

        mutating func run<Entry: FixedWidthInteger & UnsignedInteger>(_ walker: Walker<Entry>) {
            var found = 0
            walker.stripes(base, count: count, overlap: overlap) { marker.report(state: $0, end: $1, found: &found) }
            self.found = found
        }
    }

    /// `logOccurrences`' walk: the occurrences ending after `after` go to the log.
    private struct LogBody: WalkBody {
        let outStart: UnsafePointer<Int32>
        let outputs: UnsafePointer<Int32>
        let base: UnsafePointer<UInt8>
        let from: Int
        let to: Int
        let after: Int
        var log: [UInt64]

        mutating func run<Entry: FixedWidthInteger & UnsignedInteger>(_ walker: Walker<Entry>) {
            var log = self.log
            self.log = []
            _ = walker.walk(base, from: from, to: to, state: 0) { state, end in
                guard end > after else { return }
                for k in Int(outStart[state])..<Int(outStart[state &+ 1]) {
                    log.append(UInt64(end) << 16 | UInt64(outputs[k]))
                }
            }
            self.log = log
        }
    }

    /// The four walks of `Walker.stripes` between two keyword ends: their states and the position.
    private struct Lanes {
        var s0 = 0, s1 = 0, s2 = 0, s3 = 0
        var i = 0
    }

    /// The automaton's table as raw pointers, for the hot loops; `Entry` is `UInt16` or `UInt32`.
    private struct Walker<Entry: FixedWidthInteger & UnsignedInteger> {
        /// Per byte value, where its column starts (memory bound to `Entry`).
        let columns: UnsafePointer<UnsafeRawPointer>
        let threshold: Int

        /// The state after `state` on byte `b`: one load on the chain (the column comes from the byte).
        @inline(__always)
        func next(_ state: Int, _ b: UInt8) -> Int { Int(columns[Int(b)].assumingMemoryBound(to: Entry.self)[state]) }

        /// Walks `base[from..<to]` from `state`, handing every state with outputs to `matched` with the
        /// offset just past the byte that reached it; returns the state the walk ends in.
        @inline(__always)
        func walk(
            _ base: UnsafePointer<UInt8>, from: Int, to: Int, state: Int, _ matched: (_ state: Int, _ end: Int) -> Void
        ) -> Int {
            var s = state
            var i = from
            while i < to {
                s = next(s, base[i])
                i &+= 1
                if s >= threshold { matched(s, i) }
            }
            return s
        }

        /// Walks all of `base[0..<count]`. Content of 256 bytes or more is cut into four stripes walked
        /// in lock step: each stripe's automaton depends only on its own previous state, so the CPU
        /// overlaps the four chains of table loads instead of waiting on one. A stripe starts `overlap`
        /// bytes early (the longest keyword's length less one) so that a keyword spanning a stripe
        /// boundary is still seen whole; a keyword ending inside a stripe's lead-in was seen by the
        /// stripe before.
        @inline(__always)
        func stripes(_ base: UnsafePointer<UInt8>, count n: Int, overlap: Int, _ matched: (_ state: Int, _ end: Int) -> Void) {
            let quarter = n / 4
            if n < 256 || overlap >= quarter {
                _ = walk(base, from: 0, to: n, state: 0, matched)
                return
            }
            let s1 = quarter - overlap
            let s2 = 2 * quarter - overlap
            let s3 = 3 * quarter - overlap
            let b1 = base + s1
            let b2 = base + s2
            let b3 = base + s3
            var lanes = Lanes()
            while lanes.i < quarter {
                guard lockstep(&lanes, base, b1, b2, b3, end: quarter) else { break }
                let i = lanes.i
                if lanes.s0 >= threshold { matched(lanes.s0, i) }
                if lanes.s1 >= threshold && s1 &+ i > quarter { matched(lanes.s1, s1 &+ i) }
                if lanes.s2 >= threshold && s2 &+ i > 2 &* quarter { matched(lanes.s2, s2 &+ i) }
                if lanes.s3 >= threshold && s3 &+ i > 3 &* quarter { matched(lanes.s3, s3 &+ i) }
            }
            // Stripes 1-3 have `overlap` more bytes each, also walked in lock step; stripe 0 walks on
            // into stripe 1's bytes only to keep the loop whole (what it finds there, stripe 1 reports).
            let tail = quarter + overlap
            while lanes.i < tail {
                guard lockstep(&lanes, base, b1, b2, b3, end: tail) else { break }
                let i = lanes.i
                if lanes.s1 >= threshold { matched(lanes.s1, s1 &+ i) }
                if lanes.s2 >= threshold { matched(lanes.s2, s2 &+ i) }
                if lanes.s3 >= threshold { matched(lanes.s3, s3 &+ i) }
            }
            // The last stripe also has the remainder (under four bytes).
            _ = walk(base, from: 4 * quarter, to: n, state: lanes.s3, matched)
        }

        /// Advances the four walks in lock step until one of them reaches a state with outputs (true)
        /// or `end` (false). Not inlined, and with no call inside, so that every walk's state stays in
        /// a register.
        @inline(never)
        func lockstep(
            _ lanes: inout Lanes, _ b0: UnsafePointer<UInt8>, _ b1: UnsafePointer<UInt8>, _ b2: UnsafePointer<UInt8>,
            _ b3: UnsafePointer<UInt8>, end: Int
        ) -> Bool {
            var s0 = lanes.s0
            var s1 = lanes.s1
            var s2 = lanes.s2
            var s3 = lanes.s3
            var i = lanes.i
            while i < end {
                s0 = next(s0, b0[i])
                s1 = next(s1, b1[i])
                s2 = next(s2, b2[i])
                s3 = next(s3, b3[i])
                i &+= 1
                if s0 | s1 | s2 | s3 >= threshold {
                    lanes = Lanes(s0: s0, s1: s1, s2: s2, s3: s3, i: i)
                    return true
                }
            }
            lanes = Lanes(s0: s0, s1: s1, s2: s2, s3: s3, i: i)
            return false
        }
    }
}
