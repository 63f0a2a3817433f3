import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One git pack (`.pack` with its version-2 `.idx`), memory-mapped read-only. Owns both mappings
/// (unmapped in `deinit`); their addresses are only lent to closures, never stored elsewhere.
/// Any format surprise makes `init` fail, and the caller reads objects through libgit2 instead.
///
/// Pages of a mapped file count in resident memory once touched, so a history scan that reads a
/// whole 2 GB pack would show 2 GB. Every `dropInterval` bytes read, the pack's pages are given
/// back (`MADV_DONTNEED`), and the index's every fourth time; the ones still needed fault in again
/// from the page cache.
final class PackFile {
    /// Raw pack entry types.
    enum EntryKind: UInt8 {
        case commit = 1
        case tree = 2
        case blob = 3
        case tag = 4
        case offsetDelta = 6
        case refDelta = 7
    }

    /// A parsed entry header at some offset of the pack.
    struct Entry {
        var kind: EntryKind
        /// Inflated size: the object's, or for a delta, the delta data's.
        var size: Int
        /// Offset of the zlib data.
        var dataOffset: Int
        /// The base of an offset delta.
        var baseOffset: Int?
        /// The base of a reference delta.
        var baseID: ObjectID?
    }

    private let idx: UnsafeRawBufferPointer
    private let pack: UnsafeRawBufferPointer
    let objectCount: Int
    /// Index of the first 4-byte offset, and of the 8-byte large offsets, in `idx`.
    private let offsetTable: Int
    private let largeOffsetTable: Int
    /// Bytes of object data lent out since the pages were last given back.
    private let sinceDrop = Atomic<Int>(0)
    static let dropInterval = 8 << 20
    /// Drops of the pack's pages so far. The index's pages go only every `indexDropEvery`-th time:
    /// every object lookup binary-searches the index, so its pages are back within moments of a
    /// drop; faulting them in again after every drop took about 4 s of system time in a rails history
    /// scan (of about 50 s of CPU time).
    private let drops = Atomic<Int>(0)
    static let indexDropEvery = 4

    init?(indexPath: String, packPath: String) {
        guard let idx = PackFile.map(indexPath) else { return nil }
        guard let pack = PackFile.map(packPath) else {
            PackFile.unmap(idx)
            return nil
        }
        self.idx = idx
        self.pack = pack
        // .idx v2: "\377tOc", version 2, 256 cumulative counts, ids, CRCs, offsets, large offsets.
        let n: Int
        if idx.count >= 8 + 1024, idx.loadBigEndianUInt32(0) == 0xFF74_4F63, idx.loadBigEndianUInt32(4) == 2 {
            n = Int(idx.loadBigEndianUInt32(8 + 255 * 4))
        } else {
            n = -1
        }
        objectCount = max(n, 0)
        offsetTable = 8 + 1024 + objectCount * 24
        largeOffsetTable = offsetTable + objectCount * 4
        // "PACK", version 2 or 3, object count.
        let packOK =
            pack.count >= 12 && pack.loadBigEndianUInt32(0) == 0x5041_434B
            && [2, 3].contains(pack.loadBigEndianUInt32(4)) && Int(pack.loadBigEndianUInt32(8)) == n
        if n < 0 || idx.count < largeOffsetTable + 40 || !packOK { return nil }
        // The index ends with the checksum of the pack it indexes, then its own: a stale or
        // mismatched pair would give wrong offsets.
        if memcmp(idx.baseAddress! + idx.count - 40, pack.baseAddress! + pack.count - 20, 20) != 0 { return nil }
        // The fan-out table must be cumulative, or lookups could leave the id table.
        var previous: UInt32 = 0
        for k in 0..<256 {
            let count = idx.loadBigEndianUInt32(8 + k * 4)
            if count < previous { return nil }
            previous = count
        }
    }

    deinit {
        PackFile.unmap(idx)
        PackFile.unmap(pack)
    }

    /// Offset of object `id` in the pack, nil when this pack does not hold it.
    func offset(of id: ObjectID) -> Int? {
        let first = Int(id.a >> 56)
        var lo = first == 0 ? 0 : Int(idx.loadBigEndianUInt32(8 + (first - 1) * 4))
        var hi = Int(idx.loadBigEndianUInt32(8 + first * 4))
        let ids = 8 + 1024
        // Object ids are uniformly distributed, so the first probes interpolate on their first eight
        // bytes (landing within a few entries; each probe of a large index is a cache miss), and
        // the rest bisect (bounded however the ids fall).
        var lowKey = UInt64(first) << 56
        var highKey = lowKey | 0x00FF_FFFF_FFFF_FFFF
        var probes = 0
        while lo < hi {
            var mid = (lo + hi) / 2
            if probes < 3 && hi - lo > 16 && id.a >= lowKey && id.a <= highKey && highKey > lowKey {
                let fraction = Double(id.a - lowKey) / Double(highKey - lowKey)
                mid = lo + min(hi - lo - 1, max(0, Int(fraction * Double(hi - lo))))
            }
            probes += 1
            let here = ObjectID(bytes: UnsafeRawBufferPointer(rebasing: idx[(ids + mid * 20)..<(ids + mid * 20 + 20)]))
            if here == id { return offset(atIndex: mid) }
            if here < id {
                lo = mid + 1
                lowKey = here.a
            } else {
                hi = mid
                highKey = here.a
            }
        }
        return nil
    }

    private func offset(atIndex i: Int) -> Int? {
        let v = idx.loadBigEndianUInt32(offsetTable + i * 4)
        if v & 0x8000_0000 == 0 { return Int(v) }
        let at = largeOffsetTable + Int(v & 0x7FFF_FFFF) * 8
        guard at + 8 <= idx.count - 40 else { return nil }
        let big = UInt64(idx.loadBigEndianUInt32(at)) << 32 | UInt64(idx.loadBigEndianUInt32(at + 4))
        return big < UInt64(pack.count) ? Int(big) : nil
    }

    /// Parses the entry header at `offset`; nil when it is malformed.
    func entry(at offset: Int) -> Entry? {
        // Type and size: 3 type bits and 4 size bits, then 7 size bits per byte while the top bit is set.
        let end = pack.count - 20  // the trailing checksum
        var i = offset
        guard i < end else { return nil }
        var byte = pack[i]
        i += 1
        guard let kind = EntryKind(rawValue: (byte >> 4) & 7) else { return nil }
        var size = Int(byte & 15)
        var shift = 4
        while byte & 0x80 != 0 {
            guard i < end, shift < 57 else { return nil }
            byte = pack[i]
            i += 1
            size |= Int(byte & 0x7F) << shift
            shift += 7
        }
        var e = Entry(kind: kind, size: size, dataOffset: i)
        switch kind {
        case .offsetDelta:
            // Big-endian base-128 with an extra +1 per continuation byte (git's encoding).
            guard i < end else { return nil }
            byte = pack[i]
            i += 1
            var distance = Int(byte & 0x7F)
            while byte & 0x80 != 0 {
                guard i < end, distance < (1 << 50) else { return nil }
                byte = pack[i]
                i += 1
                distance = ((distance + 1) << 7) | Int(byte & 0x7F)
            }
            guard distance > 0, distance <= offset else { return nil }
            e.baseOffset = offset - distance
        case .refDelta:
            guard i + 20 <= end else { return nil }
            e.baseID = ObjectID(bytes: UnsafeRawBufferPointer(rebasing: pack[i..<(i + 20)]))
            i += 20
        default:
            break
        }
        e.dataOffset = i
        return e
    }

    /// Lends the zlib data of `entry` (up to the end of the pack) to `body`.
    func withData<T>(of entry: Entry, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        body(UnsafeRawBufferPointer(rebasing: pack[entry.dataOffset..<(pack.count - 20)]))
    }

    /// Counts bytes of the pack a reader just touched (entry headers and data); past
    /// `dropInterval` the pages are given back.
    func noteTouched(_ bytes: Int) {
        if sinceDrop.add(bytes, ordering: .relaxed).newValue >= PackFile.dropInterval {
            sinceDrop.store(0, ordering: .relaxed)
            // A read-only file mapping: dropped pages are reread from the file on the next touch, so
            // another thread reading meanwhile sees the same bytes.
            madvise(UnsafeMutableRawPointer(mutating: pack.baseAddress!), pack.count, Int32(MADV_DONTNEED))
            if drops.add(1, ordering: .relaxed).newValue % PackFile.indexDropEvery == 0 {
                madvise(UnsafeMutableRawPointer(mutating: idx.baseAddress!), idx.count, Int32(MADV_DONTNEED))
            }
        }
    }

    private static func map(_ path: String) -> UnsafeRawBufferPointer? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        return UnsafeRawBufferPointer(start: p, count: size)
    }

    private static func unmap(_ region: UnsafeRawBufferPointer) {
        if let base = region.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), region.count) }
    }
}

extension UnsafeRawBufferPointer {
    /// The big-endian 32-bit value at byte `offset` (which must be in range).
    @inline(__always)
    func loadBigEndianUInt32(_ offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
