@testable import SecretScan

/// Raw tree and commit objects, as the history walk parses them.
enum TreeTargets {
    static let all = [tree, commit]

    /// Input: a two-byte split point, then the bytes of two trees A and B.
    static let tree = FuzzTarget(
        name: "tree",
        invariant: """
            a parsed tree's entries tile its bytes; the diff of A against A is empty and against nothing lists every entry; \
            diff(B, A) mirrors diff(A, B); for trees sorted as git sorts them the fast diff equals a plain merge walk
            """,
        maxLength: 4096
    ) { data in
        var input = InputReader(data)
        let split = input.uint16()
        let rest = input.rest()
        let cut = rest.isEmpty ? 0 : split % (rest.count + 1)
        let a = ParsedTree(bytes: Array(rest[..<cut]))
        let b = ParsedTree(bytes: Array(rest[cut...]))
        for t in [a, b].compactMap({ $0 }) {
            var end = 0
            for (k, e) in t.entries.enumerated() {
                require(Int(e.nameStart) > end && Int(e.nameEnd) > Int(e.nameStart), "entry \(k) does not start after the previous one")
                end = Int(e.nameEnd) + 21
                _ = t.id(k)
                _ = t.name(k)
            }
            require(end == t.bytes.count, "entries end at \(end) of \(t.bytes.count) bytes")
            let copy = ParsedTree(bytes: Array(t.bytes))!
            require(ParsedTree.differences(t, copy).isEmpty, "a tree differs from itself")
            let added = ParsedTree.differences(t, nil)
            require(
                added.count == t.entries.count && added.enumerated().allSatisfy { $0.element == ($0.offset, nil) }, "diff against nothing")
            let removed = ParsedTree.differences(nil, t)
            require(
                removed.count == t.entries.count && removed.enumerated().allSatisfy { $0.element == (nil, $0.offset) }, "diff from nothing")
        }
        guard let a, let b else { return }
        let forward = ParsedTree.differences(a, b)
        let backward = ParsedTree.differences(b, a)
        require(
            forward.count == backward.count && zip(forward, backward).allSatisfy { $0.new == $1.old && $0.old == $1.new },
            "diff(B, A) is not the mirror of diff(A, B)")
        for (n, o) in forward {
            require(n != nil || o != nil, "a difference with neither side")
            require(n.map { $0 >= 0 && $0 < a.entries.count } ?? true, "new index out of range")
            require(o.map { $0 >= 0 && $0 < b.entries.count } ?? true, "old index out of range")
        }
        if isSorted(a), isSorted(b) {
            let plain = mergeWalk(a, b)
            require(
                plain.count == forward.count && zip(plain, forward).allSatisfy { $0.new == $1.new && $0.old == $1.old },
                "the fast diff \(forward) differs from the merge walk \(plain)")
        }
    }

    /// git's `base_name_compare`: names compared bytewise, a tree's as if it ended in `/`.
    static func compare(_ x: ParsedTree, _ i: Int, _ y: ParsedTree, _ j: Int) -> Int {
        let p = Array(x.bytes[Int(x.entries[i].nameStart)..<Int(x.entries[i].nameEnd)])
        let q = Array(y.bytes[Int(y.entries[j].nameStart)..<Int(y.entries[j].nameEnd)])
        let common = min(p.count, q.count)
        for k in 0..<common where p[k] != q[k] { return p[k] < q[k] ? -1 : 1 }
        if p.count == q.count { return 0 }
        let c1: UInt8 = common < p.count ? p[common] : (x.entries[i].isTree ? 0x2F : 0)
        let c2: UInt8 = common < q.count ? q[common] : (y.entries[j].isTree ? 0x2F : 0)
        if c1 != c2 { return c1 < c2 ? -1 : 1 }
        return p.count < q.count ? -1 : 1
    }

    static func isSorted(_ t: ParsedTree) -> Bool {
        t.entries.indices.dropFirst().allSatisfy { compare(t, $0 - 1, t, $0) < 0 }
    }

    /// The textbook merge of two sorted trees.
    static func mergeWalk(_ a: ParsedTree, _ b: ParsedTree) -> [(new: Int?, old: Int?)] {
        var out: [(new: Int?, old: Int?)] = []
        var i = 0
        var j = 0
        while i < a.entries.count || j < b.entries.count {
            let order = i == a.entries.count ? 1 : j == b.entries.count ? -1 : compare(a, i, b, j)
            if order < 0 {
                out.append((i, nil))
                i += 1
            } else if order > 0 {
                out.append((nil, j))
                j += 1
            } else {
                if a.entries[i].mode != b.entries[j].mode || a.id(i) != b.id(j) { out.append((i, j)) }
                i += 1
                j += 1
            }
        }
        return out
    }

    /// Input: a commit object (or the start of one).
    static let commit = FuzzTarget(
        name: "commit",
        invariant: """
            a parsed commit's tree is the first line's id; its parents are the parent lines that follow, in order; the header \
            cut after any line parses to the same commit or to nothing
            """,
        maxLength: 2048
    ) { data in
        let bytes = Array(data)
        guard let parsed = ParsedCommit(bytes: bytes) else { return }
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        require(lines[0].starts(with: Array("tree ".utf8)), "parsed without a tree line")
        require(
            parsed.tree.hex == String(decoding: lines[0].dropFirst(5), as: UTF8.self).lowercased(), "tree id differs from the tree line")
        var parents: [ObjectID] = []
        for line in lines.dropFirst() {
            guard line.starts(with: Array("parent ".utf8)) else { break }
            parents.append(ObjectID(hex: String(decoding: line.dropFirst(7), as: UTF8.self))!)
        }
        require(parsed.parents == parents, "parents \(parsed.parents) are not the parent lines \(parents)")
        require(parsed.time >= 0, "negative committer time")
        var end = 0
        for line in lines.dropLast() {
            end += line.count + 1
            if let cut = ParsedCommit(bytes: bytes[..<end]) {
                require(
                    cut.tree == parsed.tree && cut.parents == parsed.parents && cut.time == parsed.time, "a cut header parses differently")
            }
        }
    }
}
