import Foundation
import TestSupport
import Testing

@testable import SecretScan

/// Hand-built packs with lying or looping headers: the pack reader must refuse them (the object
/// then goes to libgit2, which reports it) and never crash or allocate what a header claims.
@Suite struct MalformedPackTests {
    static func adler32(_ d: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for x in d {
            a = (a + UInt32(x)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }
    static func zlibStored(_ d: [UInt8]) -> [UInt8] {
        precondition(d.count < 65536)
        let l = UInt16(d.count)
        let nl = ~l
        let ad = adler32(d)
        return [0x78, 0x01, 0x01, UInt8(l & 0xFF), UInt8(l >> 8), UInt8(nl & 0xFF), UInt8(nl >> 8)] + d
            + [UInt8(ad >> 24), UInt8((ad >> 16) & 0xFF), UInt8((ad >> 8) & 0xFF), UInt8(ad & 0xFF)]
    }
    static func header(type: UInt8, size: Int) -> [UInt8] {
        var s = size
        var out: [UInt8] = []
        var first = (type << 4) | UInt8(s & 15)
        s >>= 4
        if s != 0 { first |= 0x80 }
        out.append(first)
        while s != 0 {
            var b = UInt8(s & 0x7F)
            s >>= 7
            if s != 0 { b |= 0x80 }
            out.append(b)
        }
        return out
    }
    static func varint(_ v: Int) -> [UInt8] {
        var v = v
        var out: [UInt8] = []
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            out.append(b)
        } while v != 0
        return out
    }
    static func ofs(_ d: Int) -> [UInt8] {
        var d = d
        var out: [UInt8] = [UInt8(d & 0x7F)]
        d >>= 7
        while d != 0 {
            d -= 1
            out.insert(0x80 | UInt8(d & 0x7F), at: 0)
            d >>= 7
        }
        return out
    }
    /// Writes objects/pack/pack-test.{pack,idx} (checksums left zero); entries: (id byte, raw entry
    /// bytes). Returns the objects directory and the entries' offsets.
    static func writePack(_ entries: [(UInt8, [UInt8])]) throws -> (String, [Int]) {
        let dir = NSTemporaryDirectory() + "secretscan-pack-\(UUID().uuidString)/objects"
        try FileManager.default.createDirectory(atPath: dir + "/pack", withIntermediateDirectories: true)
        var pack: [UInt8] = Array("PACK".utf8) + [0, 0, 0, 2] + be32(UInt32(entries.count))
        var offsets: [Int] = []
        for (_, raw) in entries {
            offsets.append(pack.count)
            pack += raw
        }
        pack += [UInt8](repeating: 0, count: 20)
        let sorted = entries.indices.sorted { entries[$0].0 < entries[$1].0 }
        var idx: [UInt8] = [0xFF, 0x74, 0x4F, 0x63, 0, 0, 0, 2]
        for f in 0..<256 { idx += be32(UInt32(sorted.filter { Int(entries[$0].0) <= f }.count)) }
        for k in sorted { idx += [UInt8](repeating: entries[k].0, count: 20) }
        for _ in sorted { idx += [0, 0, 0, 0] }
        for k in sorted { idx += be32(UInt32(offsets[k])) }
        idx += [UInt8](repeating: 0, count: 40)
        try Data(pack).write(to: URL(fileURLWithPath: dir + "/pack/pack-test.pack"))
        try Data(idx).write(to: URL(fileURLWithPath: dir + "/pack/pack-test.idx"))
        return (dir, offsets)
    }
    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
    static func id(_ b: UInt8) -> ObjectID { [UInt8](repeating: b, count: 20).withUnsafeBytes { ObjectID(bytes: $0) } }

    @Test func aWellFormedHandBuiltPackReads() throws {
        let (dir, _) = try Self.writePack([(0x11, Self.header(type: 3, size: 3) + Self.zlibStored(Array("abc".utf8)))])
        let store = PackStore(objectsDirectory: dir, cacheBudget: 1 << 20)
        #expect(store.read(Self.id(0x11))?.bytes == Array("abc".utf8))
        #expect(store.header(Self.id(0x11))?.size == 3)
    }

    @Test func hugeAnnouncedSizesAreRefused() throws {
        for size in [1 << 40, 1 << 32, PackStore.defaultLimit + 1] {
            let (dir, _) = try Self.writePack([(0x11, Self.header(type: 2, size: size) + Self.zlibStored([]))])
            let store = PackStore(objectsDirectory: dir, cacheBudget: 1 << 20)
            #expect(store.read(Self.id(0x11)) == nil, "size \(size)")
        }
    }

    @Test func aDeltaAnnouncingAHugeResultIsRefused() throws {
        let baseRaw = Self.header(type: 3, size: 3) + Self.zlibStored(Array("abc".utf8))
        let delta: [UInt8] = Self.varint(3) + Self.varint(1 << 40) + [0x90, 3]
        let deltaRaw = Self.header(type: 6, size: delta.count) + Self.ofs(baseRaw.count) + Self.zlibStored(delta)
        let (dir, _) = try Self.writePack([(0x11, baseRaw), (0x22, deltaRaw)])
        let store = PackStore(objectsDirectory: dir, cacheBudget: 1 << 20)
        #expect(store.read(Self.id(0x11))?.bytes == Array("abc".utf8))
        #expect(store.read(Self.id(0x22)) == nil)
    }

    @Test func referenceDeltaCyclesEnd() throws {
        let delta: [UInt8] = Self.varint(3) + Self.varint(3) + [0x90, 3]
        let a = Self.header(type: 7, size: delta.count) + [UInt8](repeating: 0x22, count: 20) + Self.zlibStored(delta)
        let b = Self.header(type: 7, size: delta.count) + [UInt8](repeating: 0x11, count: 20) + Self.zlibStored(delta)
        let (dir, _) = try Self.writePack([(0x11, a), (0x22, b)])
        let store = PackStore(objectsDirectory: dir, cacheBudget: 1 << 20)
        #expect(store.read(Self.id(0x11)) == nil)
        #expect(store.header(Self.id(0x11)) == nil)
    }

    @Test func anIndexOfAnotherPackIsNotUsed() throws {
        let (dir, _) = try Self.writePack([(0x11, Self.header(type: 3, size: 3) + Self.zlibStored(Array("abc".utf8)))])
        let idx = URL(fileURLWithPath: dir + "/pack/pack-test.idx")
        var data = try Data(contentsOf: idx)
        data[data.count - 40] ^= 1  // the pack checksum the index was made for
        try data.write(to: idx)
        #expect(PackStore(objectsDirectory: dir, cacheBudget: 1 << 20).isEmpty)
    }

    @Test func treeDiffsTreatModesAsGitDoes() throws {
        func tree(_ mode: String) throws -> ParsedTree {
            try #require(ParsedTree(bytes: Array("\(mode) a".utf8) + [0] + [UInt8](repeating: 1, count: 20)))
        }
        // Old repositories hold 100664 files; git and libgit2 read them as 100644.
        #expect(ParsedTree.differences(try tree("100664"), try tree("100644")).isEmpty)
        #expect(ParsedTree.differences(try tree("40000"), try tree("040000")).isEmpty)
        #expect(try tree("040000").entries[0].isTree)
        #expect(ParsedTree.differences(try tree("100755"), try tree("100644")).count == 1)
        let empty = try #require(ParsedTree(bytes: []))
        #expect(ParsedTree.differences(try tree("100644"), empty).count == 1)
        #expect(ParsedTree.differences(empty, try tree("100644")).count == 1)
        #expect(ParsedTree.differences(empty, empty).isEmpty)
    }

    @Test func commitHeadersAreReadAsLibgit2ReadsThem() throws {
        let tree = String(repeating: "ab", count: 20)
        let p1 = String(repeating: "01", count: 20)
        // Signed merges carry whole objects in continuation lines: their "parent" and "committer"
        // lines are not the commit's.
        let raw = """
            tree \(tree)
            parent \(p1)
            author A <a@x> 1600000000 +0000
            committer C D <c@x> 1700000123 -0130 trailing
            mergetag object \(p1)
             type commit
             tagger T <t@x> 1500000000 +0000
             \u{20}
             parent \(tree)
             committer X <x> 99 +0000
            gpgsig -----BEGIN PGP SIGNATURE-----
             abc
             -----END PGP SIGNATURE-----

            msg
            parent \(tree)

            """
        let c = try #require(ParsedCommit(bytes: Array(raw.utf8)))
        #expect(c.tree.hex == tree)
        #expect(c.parents.map(\.hex) == [p1])
        #expect(c.time == 1_700_000_123)
        #expect(ParsedCommit(bytes: Array("parent \(p1)\ntree \(tree)\n\n".utf8)) == nil)
        #expect(ParsedCommit(bytes: Array("tree xyz\n\n".utf8)) == nil)
        // The walk parses the first kilobyte cut after its last full line: a header cut before the
        // committer line is no commit (it is then read whole), one cut after it is the same commit.
        let bytes = Array(raw.utf8)
        let committerEnd = try #require(raw.utf8.firstRange(of: "-0130 trailing\n".utf8)).upperBound
        let cutEarly = bytes.prefix(raw.utf8.distance(from: raw.utf8.startIndex, to: committerEnd) - 1)
        #expect(ParsedCommit(bytes: cutEarly[..<((cutEarly.lastIndex(of: 0x0A) ?? -1) + 1)]) == nil)
        let cutLater = bytes.prefix(raw.utf8.distance(from: raw.utf8.startIndex, to: committerEnd) + 3)
        let later = try #require(ParsedCommit(bytes: cutLater[..<((cutLater.lastIndex(of: 0x0A) ?? -1) + 1)]))
        #expect(later.tree == c.tree && later.parents == c.parents && later.time == c.time)
    }

    @Test func stripedKeywordEndsAreExactAndReportedOnce() {
        var rng = SplitMix64(seed: 5)
        let keywords = [["ab"], ["bca"], ["cc"], ["abcab"], ["x_y"]]
        let p = KeywordPrefilter(keywordsPerRule: keywords, windowedRules: Set(keywords.indices))
        for _ in 0..<300 {
            let alphabet = Array("abcxy_. ".utf8)
            let bytes = (0..<(1024 + rng.below(3000))).map { _ in rng.below(40) == 0 ? rng.pick(alphabet) : UInt8(ascii: ".") }
            var selected = [Bool](repeating: false, count: keywords.count)
            var hits = KeywordPrefilter.Hits(ruleCount: keywords.count)
            _ = bytes.withUnsafeBytes { p.select(in: $0, into: &selected, hits: &hits) }
            for (r, words) in keywords.enumerated() {
                var naive: [Int] = []
                for word in words {
                    let k = Array(word.utf8)
                    for e in k.count...bytes.count where Array(bytes[(e - k.count)..<e]) == k { naive.append(e) }
                }
                if naive.count <= KeywordPrefilter.Hits.cap {
                    #expect(hits.ends(of: r).map(Array.init) == naive.sorted())
                } else {
                    #expect(hits.ends(of: r) == nil)
                }
            }
        }
    }
}
