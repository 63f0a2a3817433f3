import Foundation
import TestSupport
import Testing

@testable import SecretScan

/// History scans read blobs in delta-chain order and walk only the bytes a delta changed for
/// keywords, reusing the walk of the blob it was built from. None of that may change a finding.
@Suite struct DeltaReuseTests {
    /// Git's delta encoding of `pieces` (a copy of base bytes, or literal bytes).
    private enum Piece {
        case copy(Range<Int>)
        case insert([UInt8])
    }

    private func encode(baseSize: Int, _ pieces: [Piece]) -> [UInt8] {
        func varint(_ v: Int) -> [UInt8] {
            var v = v
            var out: [UInt8] = []
            repeat {
                let b = UInt8(v & 0x7F)
                v >>= 7
                out.append(v > 0 ? b | 0x80 : b)
            } while v > 0
            return out
        }
        var ops: [UInt8] = []
        var resultSize = 0
        for piece in pieces {
            switch piece {
            case .copy(let r):
                resultSize += r.count
                var at = r.lowerBound
                var left = r.count
                while left > 0 {
                    let size = min(left, 0x10000)
                    var op: UInt8 = 0x80
                    var args: [UInt8] = []
                    for k in 0..<4 where (at >> (8 * k)) & 0xFF != 0 {
                        op |= 1 << k
                        args.append(UInt8((at >> (8 * k)) & 0xFF))
                    }
                    if size != 0x10000 {
                        for k in 0..<3 where (size >> (8 * k)) & 0xFF != 0 {
                            op |= 16 << k
                            args.append(UInt8((size >> (8 * k)) & 0xFF))
                        }
                    }
                    ops += [op] + args
                    at += size
                    left -= size
                }
            case .insert(let bytes):
                resultSize += bytes.count
                var i = 0
                while i < bytes.count {
                    let n = min(127, bytes.count - i)
                    ops += [UInt8(n)] + bytes[i..<(i + n)]
                    i += n
                }
            }
        }
        return varint(baseSize) + varint(resultSize) + ops
    }

    @Test func deltaSegmentsFollowTheInstructionsAndJoinAdjacentCopies() throws {
        let base = Array("hello world".utf8)
        let delta: [UInt8] = [11, 17, 0x80 | 0x10, 6] + [6] + Array("there ".utf8) + [0x80 | 0x01 | 0x10, 6, 5]
        let segments = delta.withUnsafeBytes { Delta.segments($0, baseSize: base.count) }
        #expect(
            segments == [
                Delta.Segment(start: 0, length: 6, baseStart: 0), Delta.Segment(start: 6, length: 6, baseStart: nil),
                Delta.Segment(start: 12, length: 5, baseStart: 6),
            ])
        // Two copies of consecutive base bytes, then two inserts: one stretch each.
        let joined = encode(baseSize: 11, [.copy(0..<4), .copy(4..<9), .insert([65]), .insert([66])])
        #expect(
            joined.withUnsafeBytes { Delta.segments($0, baseSize: 11) } == [
                Delta.Segment(start: 0, length: 9, baseStart: 0), Delta.Segment(start: 9, length: 2, baseStart: nil),
            ])
        // A copy past the base, a wrong base size, a short result: rejected.
        #expect(encode(baseSize: 11, [.copy(8..<12)]).withUnsafeBytes { Delta.segments($0, baseSize: 11) } == nil)
        #expect(joined.withUnsafeBytes { Delta.segments($0, baseSize: 12) } == nil)
        #expect(([11, 9, 0x80 | 0x10, 5] as [UInt8]).withUnsafeBytes { Delta.segments($0, baseSize: 11) } == nil)
    }

    /// The keyword log of a whole walk, sorted.
    private func walkLog(_ bytes: [UInt8], _ detector: Detector) -> [UInt64] {
        var selected = [Bool](repeating: false, count: detector.rules.count + 1)
        var hits = KeywordPrefilter.Hits(ruleCount: detector.rules.count + 1)
        hits.logging = true
        _ = bytes.withUnsafeBytes { detector.prefilter.select(in: $0, into: &selected, hits: &hits) }
        return hits.logged!.sorted()
    }

    @Test func anEmptyBlobLogsNoKeywords() throws {
        let detector = try Detector(config: RuleLoader.defaultConfig())
        let worker = detector.makeWorker()
        let text = Array("password = token\n".utf8)
        _ = text.withUnsafeBytes { worker.scan($0, path: "a.txt", keywords: .log) }
        #expect(worker.lastKeywordLog?.isEmpty == false)
        // Empty content (a buffer with no address, as an empty blob's may be) after it: an empty
        // log, not the previous file's.
        _ = worker.scan(UnsafeRawBufferPointer(start: nil, count: 0), path: "b.txt", keywords: .log)
        #expect(worker.lastKeywordLog == [])
    }

    @Test func reusedKeywordLogsEqualWholeWalks() throws {
        let detector = try Detector(config: RuleLoader.defaultConfig())
        var rng = SplitMix64(seed: 7)
        let common = [
            "password", "token", "api_key", "secret", "key", "auth", "client_secret", "the", "value", "=", ":", "\n", " ", "\"",
            "xoxb", "ghp_", "AKIA", "-----BEGIN", "PRIVATE KEY-----", "passwd", "credentials", "x", "abc123",
        ]
        // The longest keywords too: an occurrence of one just past an edit is the case to get right.
        let longest = detector.config.rules.flatMap(\.keywords).sorted { $0.utf8.count > $1.utf8.count }.prefix(3)
        #expect(longest.first?.utf8.count == detector.prefilter.maxKeywordLength)
        let words = common + longest + longest
        func text(_ count: Int) -> [UInt8] { Array((0..<count).map { _ in rng.pick(words) + (rng.chance(50) ? " " : "") }.joined().utf8) }
        var checked = 0
        for round in 0..<400 {
            // Long bases run the walk in four stripes; short ones in one.
            let base = text(round % 3 == 0 ? 20 : 400)
            var pieces: [Piece] = []
            var at = 0
            while at < base.count {
                let length = min(base.count - at, rng.below(300) + 1)
                switch rng.below(6) {
                case 0: pieces.append(.insert(text(rng.below(8) + 1)))  // an insertion, then the base goes on
                case 1: at += length  // a deletion
                case 2:  // a copy from elsewhere in the base
                    let from = rng.below(base.count)
                    pieces.append(.copy(from..<min(base.count, from + length)))
                default:
                    pieces.append(.copy(at..<(at + length)))
                    at += length
                }
            }
            if rng.chance(20) { pieces.insert(.insert(text(3)), at: 0) }
            let delta = encode(baseSize: base.count, pieces)
            let result = try #require(delta.withUnsafeBytes { d in base.withUnsafeBytes { Delta.apply(d, to: $0) } })
            let segments = try #require(delta.withUnsafeBytes { Delta.segments($0, baseSize: base.count) })
            let reused = result.withUnsafeBytes {
                KeywordReuse.log(of: $0, segments: segments, baseLog: walkLog(base, detector), prefilter: detector.prefilter)
            }
            let expected = walkLog(result, detector)
            let differing = Set(reused).symmetricDifference(expected).count
            #expect(reused == expected ? true : false, "round \(round): \(differing) occurrences differ")
            if !expected.isEmpty { checked += 1 }
        }
        #expect(checked > 300)
    }

    /// A repository whose files change over many commits, with secrets added and removed, a file with
    /// more keyword occurrences than a rule windows (so rules run on the whole file), repacked with
    /// deep delta chains.
    private func editedRepository(_ secrets: inout TestSecrets) throws -> (TestRepo, [String]) {
        let repo = try TestRepo()
        var config = (0..<120).map { "setting_\($0) = \"plain value \($0)\"  # password policy, token ttl, api key name" }
        var keys = (0..<400).map { "key\($0) = key_value_\($0 * 7)" }
        var commits: [String] = []
        for i in 0..<70 {
            config[(i * 13) % config.count] = "setting_\(i) = \"changed in commit \(i)\""
            if i == 10 { config[4] = "GITHUB_TOKEN = \"" + secrets.githubPAT() + "\"" }
            if i == 40 { config[4] = "GITHUB_TOKEN = os.environ[\"GITHUB_TOKEN\"]" }
            if i == 25 { config.insert("aws_access_key_id = " + secrets.awsKeyID(), at: 60) }
            if i % 9 == 0 { keys[(i * 31) % keys.count] = "api_key = \"" + secrets.body(32) + "\"" }
            try repo.write("app/config.py", config.joined(separator: "\n") + "\n")
            try repo.write("app/keys.txt", keys.joined(separator: "\n") + "\n")
            commits.append(try repo.commitAll("edit \(i)"))
        }
        try repo.git("repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=250")
        return (repo, commits)
    }

    private func describe(_ result: ScanResult) -> [String] {
        result.findings.map { f in
            let commit = f.commit.map(\.id.hex) ?? "-"
            return
                "\(f.ruleID) \(f.location.path):\(f.location.line):\(f.location.column) \(commit) +\(f.occurrences ?? 0) \(f.fingerprint)"
        }
    }

    @Test func historyFindingsAreTheSameWithAndWithoutKeywordReuse() throws {
        var secrets = TestSecrets(seed: 99)
        let (repo, commits) = try editedRepository(&secrets)
        #expect((try repo.packEntries().filter { $0.type == "blob" }.map(\.depth).max() ?? 0) >= 10)
        let detector = try Detector(config: RuleLoader.defaultConfig())
        var options = HistoryOptions()
        options.threads = 2
        let reused = try HistoryScanner.scan(path: repo.path, detector: detector, options: options)
        options.wholeBlobs = true
        let whole = try HistoryScanner.scan(path: repo.path, detector: detector, options: options)
        #expect(describe(reused) == describe(whole))
        // The token added in commit 10 at line 5, after `GITHUB_TOKEN = "`.
        let token = try #require(reused.findings.first { $0.ruleID == "github-pat-classic" })
        #expect(token.location.path == "app/config.py" && token.location.line == 5 && token.location.column == 17)
        #expect(token.commit?.id.hex == commits[10])
        let key = try #require(reused.findings.first { $0.ruleID == "aws-access-key-id" })
        #expect(key.location.path == "app/config.py" && key.location.line == 61 && key.commit?.id.hex == commits[25])
        #expect(reused.findings.filter { $0.location.path == "app/keys.txt" }.count >= 5)
    }

    @Test func blobsAreReadEachRightAfterItsBase() throws {
        var secrets = TestSecrets(seed: 5)
        let (repo, _) = try editedRepository(&secrets)
        let git = try GitRepository.open(gitDirectory: repo.path + "/.git")
        let entries = try repo.packEntries().filter { $0.type == "blob" }
        let ids = entries.map { ObjectID(hex: $0.id)! }.shuffled()
        let order = git.readingOrder(of: ids)
        #expect(order.sorted() == Array(ids.indices))
        // In reading order, every delta's base (from `git cat-file`) was read before it.
        var seen = Set<String>()
        let bases = try repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(deltabase)")
            .split(separator: "\n").reduce(into: [String: String]()) { map, line in
                let f = line.split(separator: " ").map(String.init)
                if f.count == 2, f[1] != String(repeating: "0", count: 40) { map[f[0]] = f[1] }
            }
        for i in order {
            let id = ids[i].hex
            if let base = bases[id], entries.contains(where: { $0.id == base }) { #expect(seen.contains(base), "\(id) before \(base)") }
            seen.insert(id)
        }
    }

    @Test func forestOrderIsTheOrderOfSortedChainPaths() throws {
        var secrets = TestSecrets(seed: 6)
        let (repo, _) = try editedRepository(&secrets)
        let git = try GitRepository.open(gitDirectory: repo.path + "/.git")
        let store = try #require(git.packStore)
        let entries = try repo.packEntries()
        // Every packed object (blobs, trees, commits), some twice, and ids no pack has.
        var ids = entries.map { ObjectID(hex: $0.id)! }
        ids += ids.prefix(7)
        ids.append(ObjectID(hex: String(repeating: "ab", count: 20))!)
        ids.insert(ObjectID(hex: String(repeating: "01", count: 20))!, at: 3)
        ids.shuffle()
        // The order it replaces: every object's chain path from its root, sorted.
        var chained: [(path: [Int], index: Int)] = []
        var rest: [Int] = []
        for (i, id) in ids.enumerated() {
            if let path = store.chainPath(id) { chained.append((path, i)) } else { rest.append(i) }
        }
        chained.sort { a, b in a.path == b.path ? a.index < b.index : a.path.lexicographicallyPrecedes(b.path) }
        let expected = chained.map(\.index) + rest
        #expect(store.forestOrder(of: ids) == expected)
        #expect(rest.count == 2)
        #expect((chained.map(\.path.count).max() ?? 0) >= 10)
    }

    @Test func orderedBlocksHandResultsOverInOrder() {
        for helpers in 0..<4 {
            var got: [Int] = []
            OrderedBlocks.run(
                count: 50, helpers: helpers, window: 3, local: (),
                makeWorker: { () },
                work: { _, block in
                    if block % 7 == 0 { usleep(200) }
                    return block * 10
                },
                consume: { block, value in
                    #expect(value == block * 10)
                    got.append(block)
                })
            #expect(got == Array(0..<50), "helpers \(helpers)")
        }
        // Helpers that cannot start: the calling thread does every block.
        var alone: [Int] = []
        OrderedBlocks.run(
            count: 5, helpers: 2, local: 1, makeWorker: { nil }, work: { w, b in w + b }, consume: { _, v in alone.append(v) })
        #expect(alone == [1, 2, 3, 4, 5])
    }
}
