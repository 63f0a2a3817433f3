/// The parts of a raw commit object a history walk needs: its tree, parents and committer time.
/// Reads the header as libgit2 does: `tree` first, then the `parent` lines right after it, and the
/// time after the last `>` of the first `committer` line.
struct ParsedCommit {
    var tree: ObjectID
    var parents: [ObjectID]
    /// Committer time, seconds since the epoch.
    var time: Int64

    /// nil when the header is not a well-formed commit header (the caller then asks libgit2), or is
    /// cut short (`bytes` may be the start of a commit, cut after a line).
    init?(bytes: ArraySlice<UInt8>) {
        var lines: [ArraySlice<UInt8>] = []
        var i = bytes.startIndex
        let n = bytes.endIndex
        while i < n {
            var end = i
            while end < n && bytes[end] != 0x0A { end += 1 }
            if end == i { break }  // the blank line before the message
            lines.append(bytes[i..<end])
            i = end + 1
        }
        guard let first = lines.first, first.starts(with: ParsedCommit.treeKey),
            let tree = ParsedCommit.hexID(first.dropFirst(5))
        else { return nil }
        var parents: [ObjectID] = []
        var k = 1
        while k < lines.count, lines[k].starts(with: ParsedCommit.parentKey) {
            guard let p = ParsedCommit.hexID(lines[k].dropFirst(7)) else { return nil }
            parents.append(p)
            k += 1
        }
        // "committer Name <email> 1700000000 +0100"
        guard let committer = lines[k...].first(where: { $0.starts(with: ParsedCommit.committerKey) }),
            let gt = committer.lastIndex(of: UInt8(ascii: ">"))
        else { return nil }
        var digits = committer[(gt + 1)...].drop { $0 == 0x20 }
        digits = digits.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty, digits.count <= 18, let time = Int64(String(decoding: digits, as: UTF8.self)) else { return nil }
        self.tree = tree
        self.parents = parents
        self.time = time
    }

    init?(bytes: [UInt8]) { self.init(bytes: bytes[...]) }

    private static let treeKey = Array("tree ".utf8)
    private static let parentKey = Array("parent ".utf8)
    private static let committerKey = Array("committer ".utf8)

    static func hexID(_ hex: ArraySlice<UInt8>) -> ObjectID? {
        guard hex.count == 40 else { return nil }
        return ObjectID(hex: String(decoding: hex, as: UTF8.self))
    }
}
