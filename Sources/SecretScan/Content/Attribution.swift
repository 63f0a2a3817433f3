/// Identity of a finding regardless of where it is: the rule and the secret (for infrastructure
/// findings, the resource, detail and value).
struct SecretKey: Hashable {
    var ruleID: String
    var secret: String
}

/// Chooses, for each (rule, secret, path), the earliest introduction, and counts occurrences.
struct Attribution {
    struct Candidate {
        var finding: Finding
        var commit: Int32
        var path: Int32
        var blob: Int32
        var time: Int64
    }
    struct Key: Hashable {
        var secret: SecretKey
        var path: Int32
    }

    var best: [Key: Candidate] = [:]
    /// (path, blob) pair -> secrets found in that blob at that path.
    var secretsAt: [UInt64: Set<SecretKey>] = [:]
    /// Introductions outside any commit (tags to blobs, dangling blobs).
    var uncommitted: [SecretKey: Int] = [:]

    /// Earlier means: in a commit before none (dangling), then by commit time, then by walk order
    /// (parents come before children, so ties on one line of history go to the ancestor).
    mutating func add(_ f: Finding, commit: Int32, path: Int32, blob: Int32, time: Int64) {
        let secret = SecretKey(ruleID: f.ruleID, secret: f.identity)
        let key = Key(secret: secret, path: path)
        if commit >= 0 {
            secretsAt[IntroductionTable.pair(path, blob), default: []].insert(secret)
        } else {
            uncommitted[secret, default: 0] += 1
        }
        if let current = best[key] {
            let earlier = commit >= 0 && (current.commit < 0 || (time, commit) < (current.time, current.commit))
            if !earlier { return }
        }
        best[key] = Candidate(finding: f, commit: commit, path: path, blob: blob, time: time)
    }

    /// For each secret, how many (commit, path) places hold it: every commit whose tree has, at a
    /// path, a blob in which the secret was found.
    func occurrenceTotals(walk: CommitWalk, table: IntroductionTable) -> [SecretKey: Int] {
        var totals = uncommitted
        let interesting = Array(Set(secretsAt.keys.map { Int32(truncatingIfNeeded: $0 >> 32) })).sorted()
        let commitCount = walk.ids.count
        let chunk = 64
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
                    guard b >= 0, let secrets = secretsAt[IntroductionTable.pair(group[s], b)] else { continue }
                    for k in secrets { totals[k, default: 0] += 1 }
                }
            }
            start += chunk
        }
        return totals
    }
}
