import Foundation
import TestSupport
import Testing

@testable import SecretScan

/// SecretScan reads pack files itself for history scans; it must read exactly what git reads.
@Suite struct PackStoreTests {
    @Test func deltaCopiesAndInserts() {
        let base = Array("hello world".utf8)
        // Sizes 11 -> 17; copy 0..<6 ("hello "), insert "there ", copy 6..<11 ("world").
        let delta: [UInt8] = [11, 17, 0x80 | 0x10, 6] + [6] + Array("there ".utf8) + [0x80 | 0x01 | 0x10, 6, 5]
        let out = delta.withUnsafeBytes { d in base.withUnsafeBytes { Delta.apply(d, to: $0) } }
        #expect(out.map { String(decoding: $0, as: UTF8.self) } == "hello there world")
    }

    @Test func malformedDeltasAreRejected() {
        let base = Array("hello world".utf8)
        func apply(_ delta: [UInt8]) -> [UInt8]? { delta.withUnsafeBytes { d in base.withUnsafeBytes { Delta.apply(d, to: $0) } } }
        #expect(apply([11, 5, 0x80 | 0x01 | 0x10, 8, 5]) == nil)  // copy past the end of the base
        #expect(apply([10, 5, 0x80 | 0x10, 5]) == nil)  // wrong base size
        #expect(apply([11, 6, 0x80 | 0x10, 5]) == nil)  // builds fewer bytes than announced
        #expect(apply([11, 5, 0]) == nil)  // reserved instruction
        #expect(apply([11, 5, 9, 1, 2]) == nil)  // insert runs past the delta
    }

    /// Raw tree bytes for (name, is-tree, id byte) entries, in git's order.
    private func rawTree(_ entries: [(String, Bool, UInt8)]) -> [UInt8] {
        let sorted = entries.sorted { ($0.0 + ($0.1 ? "/" : "")).utf8.lexicographicallyPrecedes(($1.0 + ($1.1 ? "/" : "")).utf8) }
        var out: [UInt8] = []
        for (name, isTree, id) in sorted {
            out += Array((isTree ? "40000 " : "100644 ").utf8) + Array(name.utf8) + [0] + [UInt8](repeating: id, count: 20)
        }
        return out
    }

    @Test func treeDifferencesAgreeWithANaiveDiff() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<300 {
            // Names that share prefixes, and a file and a tree that differ only by the implied "/".
            var old: [String: (Bool, UInt8)] = [:]
            for _ in 0..<rng.below(60) {
                let name = rng.pick(["a", "a.b", "a-b", "ab", "b", "lib", "lib.rs", "x"]) + String(rng.below(30))
                old[name] = (rng.chance(20), UInt8(rng.below(5)))
            }
            var new = old
            for _ in 0..<rng.below(6) {
                switch rng.below(3) {
                case 0: if !new.isEmpty { new[rng.pick(new.keys.sorted())] = nil }
                case 1: new["n" + String(rng.below(50))] = (rng.chance(20), UInt8(rng.below(5)))
                default: if !new.isEmpty { new[rng.pick(new.keys.sorted())]!.1 &+= 1 }
                }
            }
            let oldTree = try #require(ParsedTree(bytes: rawTree(old.map { ($0.key, $0.value.0, $0.value.1) })))
            let newTree = try #require(ParsedTree(bytes: rawTree(new.map { ($0.key, $0.value.0, $0.value.1) })))
            let got = ParsedTree.differences(newTree, oldTree).map { d in
                d.new.map { newTree.name($0) } ?? oldTree.name(d.old!)
            }
            let expected = Set(old.keys).union(new.keys).filter {
                old[$0].map { [$0.0 ? 1 : 0, Int($0.1)] } != new[$0].map { [$0.0 ? 1 : 0, Int($0.1)] }
            }
            #expect(got.sorted() == expected.sorted())
            #expect(Set(got).count == got.count)
        }
    }

    /// A repository whose pack holds long delta chains: one file edited in 60 commits, a renamed
    /// directory, a merged branch; repacked aggressively.
    private func deltaRepository() throws -> TestRepo {
        let repo = try TestRepo()
        var lines = (0..<300).map { "line \($0): the quick brown fox jumps over the lazy dog \($0 * 7919 % 1000)" }
        try repo.write("dir/a.txt", "alpha\n")
        for i in 0..<60 {
            lines[(i * 37) % lines.count] = "edited in commit \(i)"
            try repo.write("big.txt", lines.joined(separator: "\n") + "\n")
            try repo.write("dir/n\(i % 7).txt", "note \(i)\n")
            if i == 30 { try repo.git("mv", "dir", "moved") }
            try repo.commitAll("edit \(i)")
        }
        try repo.git("checkout", "-q", "-b", "side", "HEAD~5")
        try repo.write("side.txt", "side branch\n")
        try repo.commitAll("side")
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "-q", "--no-edit", "side")
        try repo.git("repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=250")
        return repo
    }

    @Test func everyObjectReadsAsGitReadsIt() throws {
        let repo = try deltaRepository()
        // The pack must really hold deep chains, or this test proves little.
        #expect((try repo.packEntries().filter { $0.type == "blob" }.map(\.depth).max() ?? 0) >= 10)

        let expected = try allObjects(repo)
        #expect(expected.count > 200)
        let store = PackStore(objectsDirectory: repo.path + "/.git/objects", cacheBudget: 1 << 20)
        for (id, object) in expected {
            let read = try #require(store.read(id), "\(id.hex) is not read from the pack")
            #expect(read.kind == object.kind, "\(id.hex)")
            #expect(read.bytes == object.bytes, "\(id.hex)")
            let header = try #require(store.header(id))
            #expect(header.kind == object.kind && header.size == object.bytes.count, "\(id.hex)")
        }
        // A second store with a tiny cache rebuilds every chain from its base.
        let cold = PackStore(objectsDirectory: repo.path + "/.git/objects", cacheBudget: 0)
        for (id, object) in expected.prefix(50) { #expect(cold.read(id)?.bytes == object.bytes) }
        #expect(store.read(ObjectID(hex: String(repeating: "0", count: 40))!) == nil)
    }

    @Test func aCorruptPackEntryIsNotReadAndDoesNotCrash() throws {
        let repo = try deltaRepository()
        // A whole (non-delta) blob of some size: clobber the middle of its compressed data.
        let entry = try #require(try repo.packEntries().first { $0.type == "blob" && $0.depth == 0 && $0.storedSize > 200 })
        try repo.corruptPacked(entry)
        let store = PackStore(objectsDirectory: repo.path + "/.git/objects", cacheBudget: 1 << 20)
        #expect(store.read(try #require(ObjectID(hex: entry.id))) == nil)
    }

    /// Every object with its kind and bytes, from `git cat-file --batch-all-objects --batch`.
    private func allObjects(_ repo: TestRepo) throws -> [(ObjectID, CachedObject)] {
        let r = try Run.process("/usr/bin/env", ["git", "cat-file", "--batch-all-objects", "--batch"], cwd: repo.url)
        let out = Array(r.stdoutData)
        var result: [(ObjectID, CachedObject)] = []
        var i = 0
        while i < out.count {
            var end = i
            while out[end] != 0x0A { end += 1 }
            let header = String(decoding: out[i..<end], as: UTF8.self).split(separator: " ")
            let size = Int(header[2])!
            let kind: PackStore.Kind =
                switch header[1] {
                case "commit": .commit
                case "tree": .tree
                case "tag": .tag
                default: .blob
                }
            result.append((ObjectID(hex: String(header[0]))!, CachedObject(kind: kind, bytes: Array(out[(end + 1)..<(end + 1 + size)]))))
            i = end + 1 + size + 1
        }
        return result
    }
}
