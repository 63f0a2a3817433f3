import Foundation
import Testing

@testable import SecretScan

/// History findings are attributed as workers hand them over, in whatever order they finish; the
/// job queue drops what it has handed out. Neither may change what is reported.
@Suite struct HistoryStreamingTests {
    private struct Add {
        var secret: String
        var line: Int
        var commit: Int32
        var path: Int32
        var time: Int64
        var job: Int
        var order: Int
    }

    private func finding(_ a: Add) -> Finding {
        Finding(
            ruleID: "r", description: "", severity: .high, confidence: .high, tags: [],
            location: Location(path: "p", line: a.line, column: 1, endLine: a.line, endColumn: 2), secret: a.secret, entropy: 0,
            fingerprint: "", remediation: nil)
    }

    @Test func attributionDoesNotDependOnTheOrderFindingsArrive() {
        var rng = SplitMix64(seed: 21)
        for _ in 0..<200 {
            // Few secrets, paths, commits and times, so ties on every level happen.
            var adds: [Add] = []
            for job in 0..<rng.below(12) {
                let commit = Int32(rng.below(5)) - 1  // -1: outside any commit
                let path = Int32(rng.below(3))
                let time: Int64 = commit < 0 ? .max : Int64(rng.below(3))
                for order in 0..<rng.below(4) {
                    adds.append(
                        Add(
                            secret: rng.pick(["a", "b", "c"]), line: rng.below(50) + 1, commit: commit, path: path, time: time, job: job,
                            order: order))
                }
            }
            func attribute(_ list: [Add]) -> [String] {
                var attribution = Attribution()
                for a in list {
                    attribution.add(finding(a), commit: a.commit, path: a.path, blob: 0, time: a.time, job: a.job, order: a.order)
                }
                return attribution.best.values.map { "\($0.finding.secret)@\($0.path):\($0.finding.location.line)/\($0.commit)" }.sorted()
            }
            let inJobOrder = attribute(adds)
            var shuffled = adds
            for i in shuffled.indices.reversed() where i > 0 { shuffled.swapAt(i, rng.below(i + 1)) }
            #expect(attribute(shuffled) == inJobOrder)
            #expect(attribute(adds.reversed()) == inJobOrder)
        }
    }

    /// Findings at one place by one rule (a history's versions of a line) come out in one order
    /// whatever order they were found in (rails' history had three that swapped between runs).
    @Test func reportOrderIsTotalForFindingsAtOnePlace() {
        var rng = SplitMix64(seed: 8)
        var findings: [Finding] = []
        for k in 0..<24 {
            var f = finding(Add(secret: rng.pick(["a", "b", "c"]), line: 3, commit: 0, path: 0, time: 0, job: 0, order: k))
            f.fingerprint = rng.pick(["f1", "f2", "f3"])
            f.location.endColumn = rng.pick([2, 3])
            if k % 3 != 0 {
                let hex = String(repeating: String(rng.below(10)), count: 40)
                f.commit = CommitInfo(id: ObjectID(hex: hex)!, author: "", email: "", date: "", message: "")
            }
            findings.append(f)
        }
        func key(_ list: [Finding]) -> [String] {
            list.sorted(by: Finding.reportOrder).map {
                "\($0.location.endColumn) \($0.fingerprint) \($0.commit?.id.hex ?? "-") \($0.secret)"
            }
        }
        let expected = key(findings)
        for _ in 0..<20 {
            var shuffled = findings
            for i in shuffled.indices.reversed() where i > 0 { shuffled.swapAt(i, rng.below(i + 1)) }
            #expect(key(shuffled) == expected)
        }
        #expect(key(findings.reversed()) == expected)
    }

    @Test func attributionPrefersCommittedThenEarlierThenLowerJob() {
        var attribution = Attribution()
        let dangling = Add(secret: "s", line: 1, commit: -1, path: 0, time: .max, job: 0, order: 0)
        let later = Add(secret: "s", line: 2, commit: 5, path: 0, time: 20, job: 3, order: 0)
        let earlier = Add(secret: "s", line: 3, commit: 7, path: 0, time: 10, job: 9, order: 1)
        let sameCommitLowerJob = Add(secret: "s", line: 4, commit: 7, path: 0, time: 10, job: 2, order: 0)
        for a in [dangling, later, earlier, sameCommitLowerJob] {
            attribution.add(finding(a), commit: a.commit, path: a.path, blob: 0, time: a.time, job: a.job, order: a.order)
        }
        #expect(attribution.best.values.map(\.finding.location.line) == [4])
    }

    @Test func workQueueNumbersItemsInPushOrderWhileDroppingTakenOnes() {
        let queue = WorkQueue<Int>()
        var seen: [Int: Int] = [:]
        var value = 0
        // Far more items than the queue keeps, pushed in batches between takes.
        for round in 0..<40 {
            queue.push(value..<(value + 1_000 + round))
            value += 1_000 + round
            for _ in 0..<(700 + round) {
                guard let (index, item) = queue.pop() else { break }
                seen[index] = item
            }
        }
        queue.finish()
        while let (index, item) = queue.pop() { seen[index] = item }
        #expect(seen.count == value)
        #expect(seen.allSatisfy { $0.key == $0.value })
    }
}
