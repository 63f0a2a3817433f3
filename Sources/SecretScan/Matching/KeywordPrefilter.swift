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

    init(keywordsPerRule: [[String]]) {
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

        // Trie.
        var children: [[UInt8: Int32]] = [[:]]
        var stateOutputs: [Set<Int32>] = [[]]
        var keyed = Set<Int>()
        for (ruleIndex, keywords) in keywordsPerRule.enumerated() {
            for keyword in keywords where !keyword.isEmpty {
                keyed.insert(ruleIndex)
                var s: Int32 = 0
                for b in keyword.utf8 {
                    let c = classOf[Int(b)]
                    if let next = children[Int(s)][c] {
                        s = next
                    } else {
                        children.append([:])
                        stateOutputs.append([])
                        let next = Int32(children.count - 1)
                        children[Int(s)][c] = next
                        s = next
                    }
                }
                stateOutputs[Int(s)].insert(Int32(ruleIndex))
            }
        }

        // Breadth-first failure links, folded into a dense table (a DFA).
        let stateCount = children.count
        var table = [Int32](repeating: 0, count: stateCount * classCount)
        var fail = [Int32](repeating: 0, count: stateCount)
        var queue: [Int32] = []
        for c in 0..<classCount {
            if let next = children[0][UInt8(c)] {
                table[c] = next
                queue.append(next)
            }
        }
        var head = 0
        while head < queue.count {
            let s = Int(queue[head]); head += 1
            stateOutputs[s].formUnion(stateOutputs[Int(fail[s])])
            for c in 0..<classCount {
                if let next = children[s][UInt8(c)] {
                    fail[Int(next)] = table[Int(fail[s]) * classCount + c]
                    table[s * classCount + c] = next
                    queue.append(next)
                } else {
                    table[s * classCount + c] = table[Int(fail[s]) * classCount + c]
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
        // multiplication per byte; states with outputs are stored complemented (negative), so one sign
        // test per byte says whether anything matched.
        var encoded = [Int32](repeating: 0, count: table.count)
        for (i, next) in table.enumerated() {
            let offset = next * Int32(classCount)
            encoded[i] = outputStart[Int(next)] != outputStart[Int(next) + 1] ? ~offset : offset
        }
        self.classOf = classOf
        self.classCount = classCount
        self.transitions = encoded
        self.outputStart = outputStart
        self.outputs = outputs
        self.keyedRuleCount = keyed.count
    }

    @inline(__always)
    static func fold(_ b: UInt8) -> UInt8 { (b >= 65 && b <= 90) ? b | 0x20 : b }

    /// Marks `selected[r] = true` for every rule `r` one of whose keywords occurs in `content`.
    /// `selected` must be all false on entry. Returns the number of rules selected.
    func select(in content: UnsafeRawBufferPointer, into selected: inout [Bool]) -> Int {
        guard keyedRuleCount > 0, let base = content.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        var found = 0
        let classCount = self.classCount
        let n = content.count
        classOf.withUnsafeBufferPointer { classOf in
            transitions.withUnsafeBufferPointer { table in
                outputStart.withUnsafeBufferPointer { outStart in
                    outputs.withUnsafeBufferPointer { outputs in
                        selected.withUnsafeMutableBufferPointer { selected in
                            var offset = 0
                            var i = 0
                            while i < n {
                                let t = table[offset &+ Int(classOf[Int(base[i])])]
                                i &+= 1
                                if t >= 0 {
                                    offset = Int(t)
                                    continue
                                }
                                offset = Int(~t)
                                let state = offset / classCount
                                for k in Int(outStart[state])..<Int(outStart[state &+ 1]) where !selected[Int(outputs[k])] {
                                    selected[Int(outputs[k])] = true
                                    found &+= 1
                                }
                                if found == keyedRuleCount { return }
                            }
                        }
                    }
                }
            }
        }
        return found
    }
}
