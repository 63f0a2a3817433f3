import Foundation

@testable import SecretScan

/// The pack reader: entry headers, inflating, delta chains, and the `.idx` v2 reader.
enum PackTargets {
    static let all = [pack, delta, idx]

    /// Input: a count `n` (1...8), `n` two-byte offsets into the entry area, then the entry area.
    /// The harness wraps the area in a pack header and trailer and writes an index that lists
    /// object `k` (id `k+1` then zeros) at offset `k`, so every header, zlib stream and delta
    /// (offset or reference, to any of the listed ids) in the area is reachable.
    static let pack = FuzzTarget(
        name: "pack",
        invariant: """
            an object read whole has the size its header (and the last delta's header) announces and never more than the \
            limit; header(), readPrefix() and chainPath() agree with read(); a store with no cache rebuilds the same bytes
            """,
        maxLength: 4096
    ) { data in
        var input = InputReader(data)
        let n = Int(input.byte() % 8) + 1
        let offsets = (0..<n).map { _ in input.uint16() }
        let area = input.rest()
        let ids = (0..<n).map { objectID(UInt8($0 + 1)) }
        let dir = scratchObjectsDirectory()
        writePack(
            in: dir, packBody: area, objectCount: n,
            entries: zip(ids, offsets).map { ($0, UInt64(12 + $1 % (area.count + 8))) })
        defer { removePack(in: dir) }

        let limit = 1 << 20
        let store = PackStore(objectsDirectory: dir, cacheBudget: 1 << 20)
        let uncached = PackStore(objectsDirectory: dir, cacheBudget: 0)
        for id in ids {
            let headerBefore = store.header(id)
            let whole = store.read(id, limit: limit)
            let origin = store.lastOrigin
            let headerAfter = store.header(id)
            let prefix = store.readPrefix(id, count: 16)
            let chain = store.chainPath(id)
            guard let whole else { continue }
            require(whole.bytes.count <= limit, "read returned \(whole.bytes.count) bytes, over the limit")
            for h in [headerBefore, headerAfter] {
                require(h != nil, "read succeeded but header() failed")
                require(h!.kind == whole.kind && h!.size == whole.bytes.count, "header() says \(h!), read gave \(whole.bytes.count) bytes")
            }
            if let prefix {
                require(whole.bytes.starts(with: prefix.bytes), "readPrefix is not a prefix of read")
                require(prefix.complete == (prefix.bytes.count == whole.bytes.count), "readPrefix's complete flag is wrong")
            }
            require(chain != nil && chain!.last == origin?.key, "chainPath \(String(describing: chain)) does not end at the object read")
            let again = uncached.read(id, limit: limit)
            require(again?.bytes == whole.bytes && again?.kind == whole.kind, "a store without a cache rebuilt different bytes")
        }
    }

    /// Input: a two-byte base length, the base, then a delta. Checked against a plain, bounds-checked
    /// delta applier written here.
    static let delta = FuzzTarget(
        name: "delta",
        invariant: """
            Delta.apply builds exactly the result size the delta declares, or refuses; it agrees byte for byte with a \
            bounds-checked reference applier; Delta.segments covers the result in order and its copied stretches hold the base's bytes
            """,
        maxLength: 4096
    ) { data in
        var input = InputReader(data)
        let base = input.take(input.uint16() % 2048)
        let delta = input.rest()
        // The caller's contract (PackStore): results over its limit are never built.
        guard let header = delta.withUnsafeBytes({ Delta.header($0) }), header.resultSize <= 1 << 20 else { return }
        let applied = delta.withUnsafeBytes { d in base.withUnsafeBytes { Delta.apply(d, to: $0) } }
        let reference = referenceApply(delta, to: base)
        require(applied == reference, "Delta.apply gave \(applied?.count ?? -1) bytes, the reference \(reference?.count ?? -1)")
        let segments = delta.withUnsafeBytes { Delta.segments($0, baseSize: base.count) }
        require((segments == nil) == (applied == nil), "Delta.segments and Delta.apply disagree on whether the delta is valid")
        guard let applied, let segments else { return }
        require(applied.count == header.resultSize, "the result is not the declared size")
        var at = 0
        for s in segments {
            require(s.start == at && s.length > 0, "segments are not contiguous: \(s) after \(at)")
            if let from = s.baseStart {
                require(from >= 0 && from + s.length <= base.count, "a copied segment reaches outside the base")
                require(
                    applied[at..<(at + s.length)].elementsEqual(base[from..<(from + s.length)]), "a copied segment differs from the base")
            }
            at += s.length
        }
        require(at == applied.count, "segments cover \(at) bytes of \(applied.count)")
    }

    /// Input: an `.idx` file. The harness writes a pack that matches its object count and
    /// checksum, so the reader gets past its checks and looks objects up.
    static let idx = FuzzTarget(
        name: "idx",
        invariant: """
            in an index whose ids are sorted and whose fan-out counts them, every listed id is found at its listed offset \
            and an unlisted id is not found; entry headers at those offsets parse or are refused without reading outside the pack
            """,
        maxLength: 4096
    ) { data in
        let index = Array(data)
        let count = index.count >= 1032 ? Int(be32(index, 8 + 255 * 4)) : 0
        let checksum = index.count >= 40 ? Array(index[(index.count - 40)..<(index.count - 20)]) : [UInt8](repeating: 0, count: 20)
        // A small blob entry and some filler, so offsets that land in the pack find something.
        let body: [UInt8] = [0x35] + zlibStored(Array("hello".utf8)) + [UInt8](repeating: 0x78, count: 32)
        let dir = scratchObjectsDirectory()
        writeFiles(in: dir, pack: packBytes(objectCount: count, body: body, checksum: checksum), index: index)
        defer { removePack(in: dir) }
        guard let file = PackFile(indexPath: dir + "/pack/pack-fuzz.idx", packPath: dir + "/pack/pack-fuzz.pack") else { return }
        require(file.objectCount == count, "objectCount \(file.objectCount) is not the fan-out's \(count)")
        let listed = min(count, 64)
        let idsStart = 8 + 1024
        let ids = (0..<listed).map { k in Array(index[(idsStart + k * 20)..<(idsStart + k * 20 + 20)]) }
        let sorted = zip(ids, ids.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) }
        var fanOutMatches = listed == count
        if fanOutMatches {
            for b in 0..<256 where Int(be32(index, 8 + b * 4)) != ids.filter({ Int($0[0]) <= b }).count {
                fanOutMatches = false
                break
            }
        }
        for (k, raw) in ids.enumerated() {
            let id = raw.withUnsafeBytes { ObjectID(bytes: $0) }
            let found = file.offset(of: id)
            if sorted && fanOutMatches {
                require(
                    found == expectedOffset(index, k, count: count, packSize: 12 + body.count + 20),
                    "id #\(k) found at \(String(describing: found))")
            }
            if let found { _ = file.entry(at: found) }
        }
        if sorted && fanOutMatches {
            // Ids between listed ones (or past the last) are not there.
            for raw in ids {
                var probe = raw
                probe[19] &+= 1
                if probe[19] != 0, !ids.contains(probe) {
                    require(file.offset(of: probe.withUnsafeBytes { ObjectID(bytes: $0) }) == nil, "an unlisted id was found")
                }
            }
        }
        for offset in [0, 11, 12, 13, 40, 12 + body.count] { _ = file.entry(at: offset) }
    }

    // MARK: reference implementations

    /// git's patch-delta.c, with every index checked by Swift's arrays.
    static func referenceApply(_ delta: [UInt8], to base: [UInt8]) -> [UInt8]? {
        var i = 0
        func varint() -> Int? {
            var value = 0
            var shift = 0
            while i < delta.count {
                let b = delta[i]
                i += 1
                value |= Int(b & 0x7F) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
                if shift > 56 { return nil }
            }
            return nil
        }
        guard let baseSize = varint(), let resultSize = varint(), baseSize == base.count else { return nil }
        var out: [UInt8] = []
        while i < delta.count {
            let op = delta[i]
            i += 1
            if op & 0x80 != 0 {
                var offset = 0
                var size = 0
                for bit in 0..<4 where op & (1 << bit) != 0 {
                    guard i < delta.count else { return nil }
                    offset |= Int(delta[i]) << (8 * bit)
                    i += 1
                }
                for bit in 0..<3 where op & (16 << bit) != 0 {
                    guard i < delta.count else { return nil }
                    size |= Int(delta[i]) << (8 * bit)
                    i += 1
                }
                if size == 0 { size = 0x10000 }
                guard offset + size <= base.count, out.count + size <= resultSize else { return nil }
                out += base[offset..<(offset + size)]
            } else if op != 0 {
                let size = Int(op)
                guard i + size <= delta.count, out.count + size <= resultSize else { return nil }
                out += delta[i..<(i + size)]
                i += size
            } else {
                return nil
            }
        }
        return out.count == resultSize ? out : nil
    }

    /// The offset an index lists for entry `k`, as git reads it (nil when a large offset is out of range).
    static func expectedOffset(_ index: [UInt8], _ k: Int, count: Int, packSize: Int) -> Int? {
        let offsets = 8 + 1024 + count * 24
        let v = be32(index, offsets + k * 4)
        if v & 0x8000_0000 == 0 { return Int(v) }
        let at = offsets + count * 4 + Int(v & 0x7FFF_FFFF) * 8
        guard at + 8 <= index.count - 40 else { return nil }
        let big = UInt64(be32(index, at)) << 32 | UInt64(be32(index, at + 4))
        return big < UInt64(packSize) ? Int(big) : nil
    }

    // MARK: building packs

    static func be32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    static func bytes32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

    static func objectID(_ first: UInt8) -> ObjectID {
        ([first] + [UInt8](repeating: 0, count: 19)).withUnsafeBytes { ObjectID(bytes: $0) }
    }

    /// A zlib stream of one stored (uncompressed) block.
    static func zlibStored(_ d: [UInt8]) -> [UInt8] {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for x in d {
            a = (a + UInt32(x)) % 65521
            b = (b + a) % 65521
        }
        let l = UInt16(d.count)
        return [0x78, 0x01, 0x01, UInt8(l & 0xFF), UInt8(l >> 8), UInt8(~l & 0xFF), UInt8(~l >> 8)] + d + bytes32(b << 16 | a)
    }

    static func packBytes(objectCount: Int, body: [UInt8], checksum: [UInt8]) -> [UInt8] {
        Array("PACK".utf8) + [0, 0, 0, 2] + bytes32(UInt32(truncatingIfNeeded: objectCount)) + body + checksum
    }

    /// Writes a pack of `packBody` and a v2 index listing `entries` (ids sorted, distinct first bytes).
    static func writePack(in dir: String, packBody: [UInt8], objectCount: Int, entries: [(ObjectID, UInt64)]) {
        let checksum = [UInt8](repeating: 0, count: 20)
        var index: [UInt8] = [0xFF, 0x74, 0x4F, 0x63, 0, 0, 0, 2]
        let firsts = entries.map { $0.0.rawBytes[0] }
        for b in 0..<256 { index += bytes32(UInt32(firsts.filter { Int($0) <= b }.count)) }
        for (id, _) in entries { index += id.rawBytes }
        for _ in entries { index += [0, 0, 0, 0] }
        for (_, offset) in entries { index += bytes32(UInt32(offset)) }
        index += checksum + checksum
        writeFiles(in: dir, pack: packBytes(objectCount: objectCount, body: packBody, checksum: checksum), index: index)
    }

    static func writeFiles(in dir: String, pack: [UInt8], index: [UInt8]) {
        let ok =
            FileManager.default.createFile(atPath: dir + "/pack/pack-fuzz.pack", contents: Data(pack))
            && FileManager.default.createFile(atPath: dir + "/pack/pack-fuzz.idx", contents: Data(index))
        require(ok, "cannot write the pack files under \(dir)")
    }

    static func removePack(in dir: String) {
        try? FileManager.default.removeItem(atPath: dir + "/pack/pack-fuzz.pack")
        try? FileManager.default.removeItem(atPath: dir + "/pack/pack-fuzz.idx")
    }

    /// A per-process `objects` directory (in /dev/shm when there is one: packs are written per input).
    static func scratchObjectsDirectory() -> String { scratch }

    private static let scratch: String = {
        let root = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = root + "/secretscan-fuzz-\(getpid())/objects"
        try? FileManager.default.createDirectory(atPath: dir + "/pack", withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: scratchRoot) }
        return dir
    }()

    private static var scratchRoot: String {
        (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()) + "/secretscan-fuzz-\(getpid())"
    }
}
