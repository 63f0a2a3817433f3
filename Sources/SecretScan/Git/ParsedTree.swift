#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A git tree object parsed from its raw bytes (`<octal mode> <name>\0<20-byte id>` per entry).
///
/// History scans diff every commit against its parent; parsing trees here, from raw object bytes,
/// and keeping them in a `GenerationCache` costs far less than libgit2 tree objects (which go through its
/// object cache, a hash lookup and allocations per lookup).
struct ParsedTree {
    struct Entry {
        /// Byte range of the name in `bytes`.
        var nameStart: Int32
        var nameEnd: Int32
        /// Normalized as libgit2 and git do (`100664` is `100644`, any directory mode is `040000`).
        var mode: UInt32
        var isTree: Bool { mode == 0o040000 }

        static func normalized(_ mode: UInt32) -> UInt32 {
            let type = mode & 0o170000
            if type == 0o040000 { return 0o040000 }
            if mode & 0o100 != 0 { return 0o100755 }
            if type == 0o160000 { return 0o160000 }
            if type == 0o120000 { return 0o120000 }
            return 0o100644
        }
    }

    let bytes: [UInt8]
    let entries: [Entry]

    /// nil when the bytes are not a well-formed tree.
    init?(bytes: [UInt8]) {
        let parsed = bytes.withUnsafeBufferPointer { b -> [Entry]? in
            var entries: [Entry] = []
            let n = b.count
            // Offsets are stored in 32 bits.
            guard n <= Int(Int32.max) else { return nil }
            entries.reserveCapacity(n / 40)
            var i = 0
            while i < n {
                var mode: UInt32 = 0
                while i < n, b[i] != UInt8(ascii: " ") {
                    let d = b[i] &- UInt8(ascii: "0")
                    guard d < 8 else { return nil }
                    mode = mode << 3 | UInt32(d)
                    i += 1
                }
                i += 1
                let nameStart = i
                guard let nul = memchr(b.baseAddress! + min(i, n), 0, max(0, n - i)) else { return nil }
                i = b.baseAddress!.distance(to: nul.assumingMemoryBound(to: UInt8.self))
                guard i > nameStart, i + 21 <= n else { return nil }
                entries.append(Entry(nameStart: Int32(nameStart), nameEnd: Int32(i), mode: Entry.normalized(mode)))
                i += 21
            }
            return entries
        }
        guard let parsed else { return nil }
        self.bytes = bytes
        self.entries = parsed
    }

    /// The id of entry `k`.
    func id(_ k: Int) -> ObjectID {
        bytes.withUnsafeBytes { ObjectID(bytes: UnsafeRawBufferPointer(rebasing: $0[(Int(entries[k].nameEnd) + 1)...])) }
    }

    func name(_ k: Int) -> String {
        String(decoding: bytes[Int(entries[k].nameStart)..<Int(entries[k].nameEnd)], as: UTF8.self)
    }
}

extension ParsedTree {
    /// The entries that differ between `new` and `old` (nil: an empty tree), as index pairs in tree
    /// order: both set for an entry changed in place, one for an entry only on that side.
    ///
    /// Trees of consecutive commits are mostly identical: the common leading bytes (whole entries
    /// there are identical on both sides, at the same index) and the common trailing entries are
    /// skipped before the merge walk.
    static func differences(_ new: ParsedTree?, _ old: ParsedTree?) -> [(new: Int?, old: Int?)] {
        guard let new, let old else {
            if let new { return new.entries.indices.map { ($0, nil) } }
            if let old { return old.entries.indices.map { (nil, $0) } }
            return []
        }
        var out: [(new: Int?, old: Int?)] = []
        new.bytes.withUnsafeBufferPointer { nb in
            old.bytes.withUnsafeBufferPointer { ob in
                new.entries.withUnsafeBufferPointer { ne in
                    old.entries.withUnsafeBufferPointer { oe in
                        let np = nb.baseAddress!
                        let op = ob.baseAddress!
                        // Leading bytes in common, then the first entry that is not wholly inside them.
                        let limit = min(nb.count, ob.count)
                        var p = 0
                        while p + 8 <= limit,
                            UnsafeRawPointer(np + p).loadUnaligned(as: UInt64.self)
                                == UnsafeRawPointer(op + p).loadUnaligned(as: UInt64.self)
                        { p += 8 }
                        while p < limit, np[p] == op[p] { p += 1 }
                        var lo = 0
                        var hi = min(ne.count, oe.count)
                        while lo < hi {
                            let mid = (lo + hi) / 2
                            if Int(ne[mid].nameEnd) + 21 <= p { lo = mid + 1 } else { hi = mid }
                        }
                        var i = lo
                        var j = lo
                        // Trailing entries identical on both sides.
                        var newEnd = ne.count
                        var oldEnd = oe.count
                        func span(_ e: Entry, _ start: Int) -> Int { Int(e.nameEnd) + 21 - start }
                        while newEnd > i, oldEnd > j {
                            let a = ne[newEnd - 1]
                            let b = oe[oldEnd - 1]
                            let aStart = newEnd - 1 == 0 ? 0 : Int(ne[newEnd - 2].nameEnd) + 21
                            let bStart = oldEnd - 1 == 0 ? 0 : Int(oe[oldEnd - 2].nameEnd) + 21
                            let length = span(a, aStart)
                            guard length == span(b, bStart), memcmp(np + aStart, op + bStart, length) == 0 else { break }
                            newEnd -= 1
                            oldEnd -= 1
                        }
                        while i < newEnd || j < oldEnd {
                            guard i < newEnd else {
                                out.append((nil, j))
                                j += 1
                                continue
                            }
                            guard j < oldEnd else {
                                out.append((i, nil))
                                i += 1
                                continue
                            }
                            let x = ne[i]
                            let y = oe[j]
                            let la = Int(x.nameEnd - x.nameStart)
                            let lb = Int(y.nameEnd - y.nameStart)
                            let common = min(la, lb)
                            var order = memcmp(np + Int(x.nameStart), op + Int(y.nameStart), common)
                            if order == 0 && la != lb {
                                // A tree's name sorts as if it ended in "/".
                                let ca: UInt8 = common < la ? np[Int(x.nameStart) + common] : (x.isTree ? 0x2F : 0)
                                let cb: UInt8 = common < lb ? op[Int(y.nameStart) + common] : (y.isTree ? 0x2F : 0)
                                order = ca == cb ? (la < lb ? -1 : 1) : (ca < cb ? -1 : 1)
                            }
                            if order == 0 {
                                if x.mode != y.mode || memcmp(np + Int(x.nameEnd) + 1, op + Int(y.nameEnd) + 1, 20) != 0 {
                                    out.append((i, j))
                                }
                                i += 1
                                j += 1
                            } else if order < 0 {
                                out.append((i, nil))
                                i += 1
                            } else {
                                out.append((nil, j))
                                j += 1
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

extension ParsedTree {
    /// What keeping the tree in a cache costs, in bytes.
    var cacheCost: Int { bytes.count + entries.count * MemoryLayout<Entry>.stride }
}
