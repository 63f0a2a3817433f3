import Testing

@testable import SecretScan

/// `KeywordAutomaton` builds, in a few passes over flat arrays, exactly the tables the textbook
/// construction (kept here as the reference) builds: trie, breadth-first failure links folded into
/// a DFA, breadth-first renumbering.
@Suite struct KeywordAutomatonTests {
    struct Reference: Equatable {
        var classOf: [UInt8]
        var shift: Int
        var entries: [UInt32]
        var outputStart: [Int32]
        var outputs: [Int32]
    }

    static func reference(_ keywordsPerRule: [[String]]) -> Reference {
        var classOf = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        for keyword in keywordsPerRule.joined() {
            for b in keyword.utf8 where classOf[Int(KeywordPrefilter.fold(b))] == 0 {
                classOf[Int(KeywordPrefilter.fold(b))] = UInt8(classCount)
                classCount += 1
            }
        }
        for b in 0..<256 { classOf[b] = classOf[Int(KeywordPrefilter.fold(UInt8(b)))] }
        var shift = 6
        while 1 << shift < classCount { shift += 1 }
        var table = [Int32](repeating: 0, count: 1 << shift)
        var outputsOf: [[Int32]] = [[]]
        for (rule, keywords) in keywordsPerRule.enumerated() {
            for keyword in keywords where !keyword.isEmpty {
                var s = 0
                for b in keyword.utf8 {
                    let slot = s << shift | Int(classOf[Int(b)])
                    if table[slot] == 0 {
                        table[slot] = Int32(outputsOf.count)
                        table += [Int32](repeating: 0, count: 1 << shift)
                        outputsOf.append([])
                    }
                    s = Int(table[slot])
                }
                if !outputsOf[s].contains(Int32(rule)) { outputsOf[s].append(Int32(rule)) }
            }
        }
        var fail = [Int32](repeating: 0, count: outputsOf.count)
        var queue: [Int32] = [0]
        var head = 0
        while head < queue.count {
            let s = Int(queue[head])
            head += 1
            if s != 0 { outputsOf[s] = Array(Set(outputsOf[s] + outputsOf[Int(fail[s])])) }
            for c in 0..<classCount {
                let next = table[s << shift + c]
                if next != 0 {
                    fail[Int(next)] = s == 0 ? 0 : table[Int(fail[s]) << shift + c]
                    queue.append(next)
                } else if s != 0 {
                    table[s << shift + c] = table[Int(fail[s]) << shift + c]
                }
            }
        }
        var number = [Int32](repeating: 0, count: queue.count)
        for (i, s) in queue.enumerated() { number[Int(s)] = Int32(i) }
        var outputStart: [Int32] = [0]
        var outputs: [Int32] = []
        for s in queue {
            outputs += outputsOf[Int(s)].sorted()
            outputStart.append(Int32(outputs.count))
        }
        var entries = [UInt32](repeating: 0, count: queue.count << shift)
        for (i, s) in queue.enumerated() {
            for c in 0..<classCount {
                let next = Int(number[Int(table[Int(s) << shift + c])])
                entries[i << shift + c] = UInt32(next) | (outputStart[next] != outputStart[next + 1] ? 1 << 31 : 0)
            }
        }
        return Reference(classOf: classOf, shift: shift, entries: entries, outputStart: outputStart, outputs: outputs)
    }

    static func built(_ keywordsPerRule: [[String]]) -> Reference {
        let a = KeywordAutomaton(keywordsPerRule: keywordsPerRule)
        // The narrow table's flag moved to the wide table's flag bit, to compare with the reference.
        let entries = a.wide.isEmpty ? a.narrow.map { UInt32($0 & 0x7FFF) | UInt32($0 >> 15) << 31 } : a.wide
        return Reference(classOf: a.classOf, shift: a.shift, entries: entries, outputStart: a.outputStart, outputs: a.outputs)
    }

    @Test func builtInRuleKeywordsGiveTheReferenceTables() throws {
        let config = try RuleLoader.defaultConfig(examples: false)
        let keywords = config.rules.map(\.keywords) + [InlineMarkers.keywords]
        let built = Self.built(keywords)
        #expect(built == Self.reference(keywords))
        #expect(built.entries.count > 5_000 << 6)
    }

    @Test func smallAndOverlappingKeywordSetsGiveTheReferenceTables() {
        let sets: [[[String]]] = [
            [["abc"], ["bc"], ["zzz"], ["c", "xyz"], []],
            [["he", "she", "his", "hers"], ["she"], ["s"], ["hers", "er"]],
            [["Key"], ["KEY", "keys"], ["monkey"], ["y"]],
            [[], []],
            [["aaaa", "aa", "a"], ["aaa"]],
        ]
        for keywords in sets {
            #expect(Self.built(keywords) == Self.reference(keywords), "\(keywords)")
        }
    }
}
