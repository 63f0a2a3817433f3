/// Identity of a finding regardless of where it is: the rule and the secret (for infrastructure
/// findings, the resource, detail and value).
struct SecretKey: Hashable {
    var ruleID: String
    var secret: String
}

/// Chooses, for each (rule, secret, path), the earliest introduction, and counts occurrences.
///
/// Findings can be added in any order (as workers finish their blobs) and the outcome is the same:
/// ties on time and commit go to the lower job, then to the earlier finding within a job. It keeps
/// one finding per (rule, secret, path) and a number per secret, not every blob's findings.
struct Attribution {
    struct Candidate {
        var finding: Finding
        var commit: Int32
        var path: Int32
        var blob: Int32
        var time: Int64
        var job: Int
        var order: Int
    }
    struct Key: Hashable {
        var secret: Int32
        var path: Int32
    }

    var best: [Key: Candidate] = [:]
    /// Interned secrets: `SecretKey` by number.
    private(set) var secrets: [SecretKey] = []
    private var secretNumber: [SecretKey: Int32] = [:]
    /// (path, blob) pair -> numbers of the secrets found in that blob at that path (may repeat).
    var secretsAt: [UInt64: [Int32]] = [:]
    /// Introductions outside any commit (tags to blobs, dangling blobs), per secret number.
    var uncommitted: [Int32: Int] = [:]

    private mutating func number(_ key: SecretKey) -> Int32 {
        if let n = secretNumber[key] { return n }
        let n = Int32(secrets.count)
        secrets.append(key)
        secretNumber[key] = n
        return n
    }

    /// Earlier means: in a commit before none (dangling), then by commit time, then by walk order
    /// (parents come before children, so ties on one line of history go to the ancestor), then by
    /// job and by the finding's place in its job (`order`).
    mutating func add(_ f: Finding, commit: Int32, path: Int32, blob: Int32, time: Int64, job: Int, order: Int) {
        let secret = number(SecretKey(ruleID: f.ruleID, secret: f.identity))
        let key = Key(secret: secret, path: path)
        if commit >= 0 {
            secretsAt[IntroductionTable.pair(path, blob), default: []].append(secret)
        } else {
            uncommitted[secret, default: 0] += 1
        }
        if let current = best[key] {
            let earlier: Bool
            if (commit >= 0) != (current.commit >= 0) {
                earlier = commit >= 0
            } else if commit >= 0, (time, commit) != (current.time, current.commit) {
                earlier = (time, commit) < (current.time, current.commit)
            } else {
                earlier = (job, order) < (current.job, current.order)
            }
            if !earlier { return }
        }
        best[key] = Candidate(finding: f, commit: commit, path: path, blob: blob, time: time, job: job, order: order)
    }

    /// For each secret, how many (commit, path) places hold it: every commit whose tree has, at a
    /// path, a blob in which the secret was found.
    /// Mutating only to count each secret once per (path, blob), in place (a copy of the table would
    /// double it at the scan's peak).
    mutating func occurrenceTotals(walk: CommitWalk, table: IntroductionTable) -> [SecretKey: Int] {
        var totals = [Int](repeating: 0, count: secrets.count)
        for (n, count) in uncommitted { totals[Int(n)] += count }
        for pair in Array(secretsAt.keys) where secretsAt[pair]!.count > 1 { secretsAt[pair] = Array(Set(secretsAt[pair]!)) }
        let interesting = Array(Set(secretsAt.keys.map { Int32(truncatingIfNeeded: $0 >> 32) })).sorted()
        let commitCount = walk.ids.count
        // A matrix of commits x paths per chunk: 16 paths keep it small (about 10 MB for 150,000
        // commits) without more passes over the commits than paths need.
        let chunk = 16
        var start = 0
        while start < interesting.count {
            let group = Array(interesting[start..<min(start + chunk, interesting.count)])
            var slotOf: [Int32: Int] = [:]
            for (i, p) in group.enumerated() { slotOf[p] = i }
            let width = group.count
            var rows = [Int32](repeating: -1, count: commitCount * width)
            for c in 0..<commitCount {
                let parent = Int(walk.firstParent[c])
                if parent >= 0 {
                    for s in 0..<width { rows[c * width + s] = rows[parent * width + s] }
                }
                for i in table.changeStart[c]..<table.changeStart[c + 1] {
                    if let s = slotOf[table.changePath[i]] { rows[c * width + s] = table.changeBlob[i] }
                }
                for s in 0..<width {
                    let b = rows[c * width + s]
                    guard b >= 0, let list = secretsAt[IntroductionTable.pair(group[s], b)] else { continue }
                    for n in list { totals[Int(n)] += 1 }
                }
            }
            start += chunk
        }
        var out: [SecretKey: Int] = [:]
        for (n, total) in totals.enumerated() where total > 0 { out[secrets[n]] = total }
        return out
    }
}
