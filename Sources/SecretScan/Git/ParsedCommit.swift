/// The parts of a raw commit object a history walk needs: its tree, parents and committer time.
struct ParsedCommit {
    var tree: ObjectID
    var parents: [ObjectID]
    /// Committer time, seconds since the epoch.
    var time: Int64

    /// nil when the header is not a well-formed commit header.
    init?(bytes: [UInt8]) {
        var tree: ObjectID?
        var parents: [ObjectID] = []
        var time: Int64?
        var i = 0
        let n = bytes.count
        while i < n {
            var end = i
            while end < n && bytes[end] != 0x0A { end += 1 }
            if end == i { break }  // the blank line before the message
            let line = bytes[i..<end]
            if line.starts(with: ParsedCommit.treeKey) {
                tree = ParsedCommit.hexID(line.dropFirst(5))
                if tree == nil { return nil }
            } else if line.starts(with: ParsedCommit.parentKey) {
                guard let p = ParsedCommit.hexID(line.dropFirst(7)) else { return nil }
                parents.append(p)
            } else if line.starts(with: ParsedCommit.committerKey) {
                // "committer Name <email> 1700000000 +0100": the time is the second-to-last field.
                let fields = line.split(separator: 0x20)
                guard fields.count >= 3, let t = Int64(String(decoding: fields[fields.count - 2], as: UTF8.self)) else { return nil }
                time = t
            }
            i = end + 1
        }
        guard let tree, let time else { return nil }
        self.tree = tree
        self.parents = parents
        self.time = time
    }

    private static let treeKey = Array("tree ".utf8)
    private static let parentKey = Array("parent ".utf8)
    private static let committerKey = Array("committer ".utf8)

    private static func hexID(_ hex: ArraySlice<UInt8>) -> ObjectID? {
        guard hex.count == 40 else { return nil }
        return ObjectID(hex: String(decoding: hex, as: UTF8.self))
    }
}
