/// The tables of `KeywordPrefilter`'s automaton, built from the keywords of every rule. Built at
/// every start (a pre-commit run included), so the build is a handful of passes over flat arrays.
///
/// An Aho-Corasick automaton over all keywords, ASCII-case-folded, as a dense DFA over byte classes
/// (bytes that occur in no keyword share class 0). States are numbered breadth-first, children in
/// class order; a row has `1 << shift` columns; an entry is the next state, with its top bit set
/// when that state completes a keyword (its own or, through its failure link, a shorter one's).
struct KeywordAutomaton {
    var classOf: [UInt8]
    /// log2 of the number of columns per row (at least 64, and at least the number of classes).
    var shift: Int
    var stateCount: Int
    /// Entries `state | hasOutputs << 15` when there are fewer than 32,768 states; else empty.
    var narrow: [UInt16] = []
    /// Entries `state | hasOutputs << 31` otherwise; else empty.
    var wide: [UInt32] = []
    /// For state s, its rule indices (sorted, distinct) are `outputs[outputStart[s]..<outputStart[s + 1]]`.
    var outputStart: [Int32] = []
    var outputs: [Int32] = []

    init(keywordsPerRule: [[String]]) {
        // Byte classes: each distinct folded keyword byte gets its own class.
        var classOf = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        var keywordBytes = 0
        for keywords in keywordsPerRule {
            for keyword in keywords {
                keywordBytes += keyword.utf8.count
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
        var shift = 6
        while 1 << shift < classCount { shift += 1 }

        // The trie, as flat arrays: each state's first child and next sibling, siblings in class
        // order (a dense table of children would be megabytes of mostly zeros to clear and read).
        var firstChild: [Int32] = [0]
        var nextSibling: [Int32] = [0]
        var classOfState: [UInt8] = [0]
        var own: [[Int32]] = [[]]
        firstChild.reserveCapacity(1 + keywordBytes)
        nextSibling.reserveCapacity(1 + keywordBytes)
        classOfState.reserveCapacity(1 + keywordBytes)
        own.reserveCapacity(1 + keywordBytes)
        for (ruleIndex, keywords) in keywordsPerRule.enumerated() {
            for keyword in keywords where !keyword.isEmpty {
                var s = 0
                for b in keyword.utf8 {
                    let c = classOf[Int(b)]
                    // Find the child of class c, or where it goes in the sorted sibling list.
                    var previous = 0
                    var child = Int(firstChild[s])
                    while child != 0 && classOfState[child] < c {
                        previous = child
                        child = Int(nextSibling[child])
                    }
                    if child == 0 || classOfState[child] != c {
                        let new = firstChild.count
                        firstChild.append(0)
                        nextSibling.append(Int32(child))
                        classOfState.append(c)
                        own.append([])
                        if previous == 0 { firstChild[s] = Int32(new) } else { nextSibling[previous] = Int32(new) }
                        child = new
                    }
                    s = child
                }
                if !own[s].contains(Int32(ruleIndex)) { own[s].append(Int32(ruleIndex)) }
            }
        }
        let stateCount = firstChild.count

        // Breadth-first numbers: the root, then each state's children in class order.
        var order = [Int32](repeating: 0, count: stateCount)
        var number = [Int32](repeating: 0, count: stateCount)
        var count = 1
        var head = 0
        while head < count {
            var child = Int(firstChild[Int(order[head])])
            head += 1
            while child != 0 {
                number[child] = Int32(count)
                order[count] = Int32(child)
                count += 1
                child = Int(nextSibling[child])
            }
        }
        let trie = Trie(firstChild: firstChild, nextSibling: nextSibling, classOfState: classOfState, own: own)

        self.classOf = classOf
        self.shift = shift
        self.stateCount = stateCount
        if stateCount < 1 << 15 {
            (narrow, outputStart, outputs) = Self.table(
                UInt16.self, trie: trie, order: order, number: number, shift: shift)
        } else {
            precondition(stateCount < 1 << 31, "too many keyword bytes")
            (wide, outputStart, outputs) = Self.table(
                UInt32.self, trie: trie, order: order, number: number, shift: shift)
        }
    }

    /// The DFA in breadth-first order, and the outputs. A state's row is its failure state's row
    /// (complete already: that state is shallower, so numbered before it) with its own children
    /// written over it; a child's failure state is its parent's failure state's transition on the
    /// same class, and its outputs are its own merged with that state's.
    private static func table<T: FixedWidthInteger & UnsignedInteger>(
        _: T.Type, trie: Trie, order: [Int32], number: [Int32], shift: Int
    ) -> (entries: [T], outputStart: [Int32], outputs: [Int32]) {
        let stateCount = order.count
        let flag = T(1) << (T.bitWidth - 1)
        let columns = 1 << shift
        var out = [T](repeating: 0, count: stateCount << shift)
        var fail = [Int32](repeating: 0, count: stateCount)
        var outputStart: [Int32] = [0, 0]  // the root has none
        var outputs: [Int32] = []
        outputStart.reserveCapacity(stateCount + 1)
        out.withUnsafeMutableBufferPointer { out in
            for i in 0..<stateCount {
                let row = i << shift
                if i != 0 {
                    let failRow = Int(fail[i]) << shift
                    for c in 0..<columns { out[row + c] = out[failRow + c] }
                }
                var child = Int(trie.firstChild[Int(order[i])])
                while child != 0 {
                    let c = Int(trie.classOfState[child])
                    let n = Int(number[child])
                    // The child's failure state: the root for the root's children, else the failure
                    // state's transition on the same class (the row copied above).
                    let f = i == 0 ? 0 : Int(out[row + c] & ~flag)
                    fail[n] = Int32(f)
                    // Its outputs (numbered in order, so appended in order): own ∪ failure state's.
                    let inherited = Int(outputStart[f])..<Int(outputStart[f + 1])
                    var mine = trie.own[child]
                    if !mine.isEmpty || !inherited.isEmpty {
                        mine.append(contentsOf: outputs[inherited])
                        mine.sort()
                        var last: Int32 = -1
                        for r in mine where r != last {
                            outputs.append(r)
                            last = r
                        }
                    }
                    outputStart.append(Int32(outputs.count))
                    out[row + c] = T(n) | (outputStart[n + 1] != outputStart[n] ? flag : 0)
                    child = Int(trie.nextSibling[child])
                }
            }
        }
        return (out, outputStart, outputs)
    }

    /// The trie as `init` builds it: per state, its first child, next sibling (in class order), class
    /// and own rule indices.
    private struct Trie {
        var firstChild: [Int32]
        var nextSibling: [Int32]
        var classOfState: [UInt8]
        var own: [[Int32]]
    }
}
