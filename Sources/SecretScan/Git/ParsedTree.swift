/// A git tree object parsed from its raw bytes (`<octal mode> <name>\0<20-byte id>` per entry).
///
/// History scans diff every commit against its parent; parsing trees here, from raw object bytes,
/// and keeping them in `TreeCache` costs far less than libgit2 tree objects (which go through its
/// object cache, a hash lookup and allocations per lookup).
struct ParsedTree {
    struct Entry {
        /// Byte range of the name in `bytes`.
        var nameStart: Int32
        var nameEnd: Int32
        var mode: UInt32
        var isTree: Bool { mode == 0o040000 }
    }

    let bytes: [UInt8]
    let entries: [Entry]

    /// nil when the bytes are not a well-formed tree.
    init?(bytes: [UInt8]) {
        var entries: [Entry] = []
        let n = bytes.count
        var i = 0
        while i < n {
            var mode: UInt32 = 0
            while i < n, bytes[i] != UInt8(ascii: " ") {
                let d = bytes[i] &- UInt8(ascii: "0")
                guard d < 8 else { return nil }
                mode = mode << 3 | UInt32(d)
                i += 1
            }
            i += 1
            let nameStart = i
            while i < n, bytes[i] != 0 { i += 1 }
            guard i < n, i > nameStart, i + 21 <= n else { return nil }
            entries.append(Entry(nameStart: Int32(nameStart), nameEnd: Int32(i), mode: mode))
            i += 21
        }
        self.bytes = bytes
        self.entries = entries
    }

    /// The id of entry `k`.
    func id(_ k: Int) -> ObjectID {
        bytes.withUnsafeBytes { ObjectID(bytes: UnsafeRawBufferPointer(rebasing: $0[(Int(entries[k].nameEnd) + 1)...])) }
    }

    func name(_ k: Int) -> String {
        String(decoding: bytes[Int(entries[k].nameStart)..<Int(entries[k].nameEnd)], as: UTF8.self)
    }

    /// Whether entry `k` here and entry `l` of `other` have the same mode and id.
    func sameEntry(_ k: Int, _ other: ParsedTree, _ l: Int) -> Bool {
        guard entries[k].mode == other.entries[l].mode else { return false }
        return bytes.withUnsafeBytes { a in
            other.bytes.withUnsafeBytes { b in
                memcmp(a.baseAddress! + Int(entries[k].nameEnd) + 1, b.baseAddress! + Int(other.entries[l].nameEnd) + 1, 20) == 0
            }
        }
    }

    /// git's tree order between entry `k` here and entry `l` of `other`: names bytewise, a tree's
    /// name as if it ended in `/`; 0 for the same name (whatever the types).
    func order(_ k: Int, _ other: ParsedTree, _ l: Int) -> Int {
        let x = entries[k], y = other.entries[l]
        let la = Int(x.nameEnd - x.nameStart), lb = Int(y.nameEnd - y.nameStart)
        let common = min(la, lb)
        let c = bytes.withUnsafeBytes { a in
            other.bytes.withUnsafeBytes { b in
                memcmp(a.baseAddress! + Int(x.nameStart), b.baseAddress! + Int(y.nameStart), common)
            }
        }
        if c != 0 { return c < 0 ? -1 : 1 }
        if la == lb { return 0 }
        let ca: UInt8 = common < la ? bytes[Int(x.nameStart) + common] : (x.isTree ? 0x2F : 0)
        let cb: UInt8 = common < lb ? other.bytes[Int(y.nameStart) + common] : (y.isTree ? 0x2F : 0)
        if ca == cb { return la < lb ? -1 : 1 }
        return ca < cb ? -1 : 1
    }
}

/// Parsed trees kept between commits: a commit's parent trees are the trees the previous commit
/// just read. Two generations approximate least-recently-used eviction at no bookkeeping cost.
struct TreeCache {
    private var current: [ObjectID: ParsedTree] = [:]
    private var previous: [ObjectID: ParsedTree] = [:]
    private var currentBytes = 0
    /// Bytes of tree data per generation.
    let generationBudget: Int

    init(budget: Int = 64 << 20) { generationBudget = budget / 2 }

    mutating func get(_ id: ObjectID) -> ParsedTree? {
        if let t = current[id] { return t }
        guard let t = previous[id] else { return nil }
        insert(id, t)
        return t
    }

    mutating func insert(_ id: ObjectID, _ tree: ParsedTree) {
        if currentBytes + tree.bytes.count > generationBudget {
            previous = current
            current = [:]
            currentBytes = 0
        }
        current[id] = tree
        currentBytes += tree.bytes.count + tree.entries.count * MemoryLayout<ParsedTree.Entry>.stride
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
