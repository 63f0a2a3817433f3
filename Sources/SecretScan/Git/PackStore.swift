import Foundation
import Synchronization

/// Reads objects straight from a repository's pack files, resolving delta chains with a cache of
/// the objects it has rebuilt.
///
/// libgit2 (1.5) caches only the bottom of a delta chain, so every read of an object that sits 20
/// deltas deep re-inflates and re-applies 20 deltas; history scans read every version of every
/// tree and blob, mostly from deep chains. Here each rebuilt object is kept (within a byte budget),
/// so the next version along the chain costs one delta. Objects it cannot find or read (loose
/// objects, alternates, anything malformed) return nil and are read through libgit2 instead.
/// Not thread-safe: one per thread.
final class PackStore {
    enum Kind: Sendable { case commit, tree, blob, tag }

    private let packSet: PackSet
    private var packs: [PackFile] { packSet.packs }
    private let inflater = Inflater()
    /// Rebuilt objects by pack position (`key`).
    private var cache: GenerationCache<Int, CachedObject>

    /// How the object of the last successful `read` was obtained.
    struct Origin {
        /// The object's pack position.
        var key: Int
        /// When the read built it by applying a delta: the base's position and size, and the delta.
        var base: (key: Int, size: Int, delta: [UInt8])?
    }
    private(set) var lastOrigin: Origin?

    /// - Parameters:
    ///   - objectsDirectory: the repository's `objects` directory.
    ///   - cacheBudget: bytes of rebuilt objects to keep.
    init(objectsDirectory: String, cacheBudget: Int) {
        packSet = PackSet.shared(objectsDirectory)
        cache = GenerationCache(budget: cacheBudget)
    }

    var isEmpty: Bool { packSet.packs.isEmpty }

    /// Forgets every rebuilt object (when this reader's work is done but the reader stays).
    func clearCache() { cache.removeAll() }

    /// The object's kind and size, without rebuilding it; nil when not readable here.
    func header(_ id: ObjectID) -> (kind: Kind, size: Int)? {
        guard let (p, offset) = locate(id) else { return nil }
        var pack = p
        var at = offset
        var resultSize: Int?
        var links = 0
        defer { packs[p].noteTouched(links * 4096) }
        for _ in 0..<PackStore.maxChain {
            links += 1
            if let cached = cache.get(key(pack, at)) { return (cached.kind, resultSize ?? cached.bytes.count) }
            guard let e = packs[pack].entry(at: at) else { return nil }
            switch e.kind {
            case .commit, .tree, .blob, .tag:
                return (PackStore.kind(e.kind), resultSize ?? e.size)
            case .offsetDelta, .refDelta:
                if resultSize == nil {
                    // The delta's own header says how large the object it builds is.
                    var head = [UInt8](repeating: 0, count: 32)
                    let produced = head.withUnsafeMutableBytes { buf in
                        packs[pack].withData(of: e) { inflater.inflatePrefix($0, into: buf) }
                    }
                    guard let produced, let h = head.withUnsafeBytes({ Delta.header(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) })
                    else { return nil }
                    resultSize = h.resultSize
                }
                guard let next = baseLocation(of: e, in: pack) else { return nil }
                (pack, at) = next
            }
        }
        return nil
    }

    /// The object's kind and bytes; nil when it is not in a pack or cannot be read from it, or when
    /// the object or anything its delta chain needs is larger than `limit` bytes (sizes come from the
    /// file: a corrupt header must not make us allocate terabytes; libgit2 then reads it, or reports it).
    func read(_ id: ObjectID, limit: Int = PackStore.defaultLimit) -> (kind: Kind, bytes: [UInt8])? {
        guard let (pack, offset) = locate(id) else { return nil }
        return read(pack: pack, offset: offset, limit: min(limit, Int(UInt32.max)))
    }

    /// The first `count` bytes of an object stored whole (a commit's header, without its message);
    /// `complete` says they are the whole object. nil when it is not in a pack, is stored as a delta
    /// (read it whole), or cannot be read.
    func readPrefix(_ id: ObjectID, count: Int) -> (kind: Kind, bytes: [UInt8], complete: Bool)? {
        guard let (p, offset) = locate(id), let e = packs[p].entry(at: offset) else { return nil }
        switch e.kind {
        case .commit, .tree, .blob, .tag:
            let want = min(count, e.size)
            var produced: Int?
            let bytes = [UInt8](unsafeUninitializedCapacity: want) { buffer, initialized in
                produced = packs[p].withData(of: e) { inflater.inflatePrefix($0, into: UnsafeMutableRawBufferPointer(buffer)) }
                initialized = produced ?? 0
            }
            packs[p].noteTouched(4096 + want)
            guard produced == want else { return nil }
            return (PackStore.kind(e.kind), bytes, want == e.size)
        case .offsetDelta, .refDelta:
            return nil
        }
    }

    /// Trees and commits larger than this are left to libgit2.
    static let defaultLimit = 64 << 20

    private static let maxChain = 10_000

    private func read(pack: Int, offset: Int, limit: Int) -> (kind: Kind, bytes: [UInt8])? {
        lastOrigin = nil
        // Down the chain to something cached or whole, then back up applying each delta.
        var chain: [(pack: Int, offset: Int, entry: PackFile.Entry)] = []
        var p = pack
        var at = offset
        var base: CachedObject?
        var touched = 0
        while base == nil {
            if let cached = cache.get(key(p, at)) {
                base = cached
                break
            }
            guard chain.count < PackStore.maxChain, let e = packs[p].entry(at: at), e.size <= limit else { return nil }
            switch e.kind {
            case .commit, .tree, .blob, .tag:
                touched = 4096 + e.size
                guard let bytes = packs[p].withData(of: e, { inflater.inflate($0, size: e.size) }) else { return nil }
                base = CachedObject(kind: PackStore.kind(e.kind), bytes: bytes)
                if !chain.isEmpty { cache.insert(key(p, at), base!, cost: base!.cacheCost) }
            case .offsetDelta, .refDelta:
                chain.append((p, at, e))
                guard let next = baseLocation(of: e, in: p) else { return nil }
                (p, at) = next
            }
        }
        // Each entry read touches at least a page of the mapping, and its data at most its inflated
        // size (git's objects compress); counted once the chain is applied, so a drop never takes the
        // pages this read is about to use.
        defer { packs[pack].noteTouched(touched + chain.reduce(0) { $0 + 4096 + $1.entry.size }) }
        var object = base!
        var origin = Origin(key: key(p, at))
        for link in chain.reversed() {
            // The delta's header announces the size it builds; check it before building.
            guard let delta = packs[link.pack].withData(of: link.entry, { inflater.inflate($0, size: link.entry.size) }),
                let rebuilt = delta.withUnsafeBytes({ d in
                    Delta.header(d).map { $0.resultSize <= limit } == true ? object.bytes.withUnsafeBytes { Delta.apply(d, to: $0) } : nil
                })
            else { return nil }
            origin = Origin(key: key(link.pack, link.offset), base: (origin.key, object.bytes.count, delta))
            object = CachedObject(kind: object.kind, bytes: rebuilt)
            cache.insert(key(link.pack, link.offset), object, cost: object.cacheCost)
        }
        lastOrigin = origin
        return (object.kind, object.bytes)
    }

    /// The object's delta chain from its bottom (an object stored whole) up to the object itself, as
    /// pack positions; nil when the object is not in a pack or its chain cannot be followed. Reads
    /// entry headers only.
    ///
    /// Sorting objects by these paths lists each delta family depth first, every object right after
    /// the one it is built from, so that reading them in that order rebuilds each object once
    /// (`forestOrder` gives that order without reading a shared base's header again; tests compare
    /// the two).
    func chainPath(_ id: ObjectID) -> [Int]? {
        guard var (p, at) = locate(id) else { return nil }
        var path: [Int] = []
        defer { packs[p].noteTouched(path.count * 4096) }
        while path.count < PackStore.maxChain {
            path.append(key(p, at))
            guard let e = packs[p].entry(at: at) else { return nil }
            switch e.kind {
            case .commit, .tree, .blob, .tag:
                path.reverse()
                return path
            case .offsetDelta, .refDelta:
                guard let next = baseLocation(of: e, in: p) else { return nil }
                (p, at) = next
            }
        }
        return nil
    }

    /// Indices into `ids` in delta-forest order: the packed objects depth first, each right after
    /// the object it is built from, siblings and roots by pack position, equal ids by index; then
    /// the rest (not in a pack, an unreadable chain, or one deeper than `maxChain`) as given. The
    /// order of sorting every object's `chainPath`, but each pack entry's header is read once, not
    /// once for every object built on it (on rails, 300,000 blobs whose chains share their bases).
    func forestOrder(of ids: [ObjectID]) -> [Int] {
        // Nodes: pack entries on some object's chain. `depth[n]` counts the nodes from its root to
        // n (1 for a root); 0 marks a node whose chain is unreadable or too deep, as are all below it.
        var nodeOf: [Int: Int32] = [:]
        var keys: [Int] = []
        var parent: [Int32] = []
        var depth: [Int32] = []
        var nodeOfID = [Int32](repeating: -1, count: ids.count)
        var rest: [Int] = []
        var climbed: [(pack: Int, key: Int)] = []
        for (i, id) in ids.enumerated() {
            guard var (p, at) = locate(id) else {
                rest.append(i)
                continue
            }
            // Climb to a known node or a root, then number the climbed entries top down.
            climbed.removeAll(keepingCapacity: true)
            var top: Int32 = -1
            var broken = false
            var tooDeep = false
            while true {
                let k = key(p, at)
                if let n = nodeOf[k] {
                    top = n
                    break
                }
                climbed.append((p, k))
                guard climbed.count <= PackStore.maxChain else {
                    tooDeep = true
                    break
                }
                guard let e = packs[p].entry(at: at) else {
                    broken = true
                    break
                }
                if e.kind != .offsetDelta && e.kind != .refDelta { break }
                guard let next = baseLocation(of: e, in: p) else {
                    broken = true
                    break
                }
                (p, at) = next
            }
            for (pack, _) in climbed { packs[pack].noteTouched(4096) }
            if tooDeep {
                // No bottom within `maxChain` entries: this object has no path, but the entries near the
                // top of the climb may (their chains are shorter, and not yet known), so none is recorded.
                rest.append(i)
                continue
            }
            var above = top
            for (_, k) in climbed.reversed() {
                let n = Int32(keys.count)
                let d: Int32 =
                    broken ? 0 : above < 0 ? 1 : depth[Int(above)] == 0 ? 0 : depth[Int(above)] + 1
                keys.append(k)
                parent.append(above)
                depth.append(Int(d) > PackStore.maxChain ? 0 : d)
                nodeOf[k] = n
                above = n
            }
            let node = above
            if depth[Int(node)] == 0 { rest.append(i) } else { nodeOfID[i] = node }
        }
        // Pre-order ranks: children (and roots) by pack position.
        let count = keys.count
        var childStart = [Int](repeating: 0, count: count + 2)
        for n in 0..<count { childStart[Int(parent[n]) + 2] += 1 }
        for n in 0..<(count + 1) { childStart[n + 1] += childStart[n] }
        var children = [Int32](repeating: 0, count: count)
        var fill = childStart
        for n in 0..<count {
            let slot = Int(parent[n]) + 1
            children[fill[slot]] = Int32(n)
            fill[slot] += 1
        }
        for slot in 0..<(count + 1) where childStart[slot + 1] - childStart[slot] > 1 {
            children[childStart[slot]..<childStart[slot + 1]].sort { keys[Int($0)] < keys[Int($1)] }
        }
        var rank = [Int32](repeating: 0, count: count)
        var next: Int32 = 0
        // (slot of the list being walked, position in it); slot 0 lists the roots, slot n + 1 node n's children.
        var stack: [(slot: Int, at: Int)] = [(0, childStart[0])]
        while var top = stack.popLast() {
            guard top.at < childStart[top.slot + 1] else { continue }
            let n = Int(children[top.at])
            top.at += 1
            stack.append(top)
            rank[n] = next
            next += 1
            stack.append((n + 1, childStart[n + 1]))
        }
        let chained = ids.indices.filter { nodeOfID[$0] >= 0 }.sorted {
            let a = rank[Int(nodeOfID[$0])]
            let b = rank[Int(nodeOfID[$1])]
            return a == b ? $0 < $1 : a < b
        }
        return chained + rest
    }

    private func locate(_ id: ObjectID) -> (Int, Int)? {
        for (i, pack) in packs.enumerated() {
            if let offset = pack.offset(of: id) { return (i, offset) }
        }
        return nil
    }

    private func baseLocation(of e: PackFile.Entry, in pack: Int) -> (Int, Int)? {
        if let offset = e.baseOffset { return (pack, offset) }
        if let id = e.baseID { return locate(id) }
        return nil
    }

    private func key(_ pack: Int, _ offset: Int) -> Int { pack << 48 | offset }

    private static func kind(_ k: PackFile.EntryKind) -> Kind {
        switch k {
        case .commit: .commit
        case .tree: .tree
        case .tag: .tag
        default: .blob
        }
    }
}

/// The packs of one objects directory, mapped once per process and shared by every thread's
/// `PackStore` (mapping them per thread would count the same pages again in resident memory).
/// @unchecked Sendable: `PackFile`s are read-only mappings; their one mutable field (bytes read since pages
/// were given back) is atomic.
final class PackSet: @unchecked Sendable {
    let packs: [PackFile]

    private init(_ packs: [PackFile]) { self.packs = packs }

    private final class Weak: @unchecked Sendable {
        // Only read and written under `registry`'s lock.
        weak var set: PackSet?
        init(_ set: PackSet) { self.set = set }
    }
    /// Live sets by directory and pack names; a set is unmapped when its last store goes away.
    private static let registry = Mutex<[String: Weak]>([:])

    static func shared(_ objectsDirectory: String) -> PackSet {
        let dir = objectsDirectory.hasSuffix("/") ? objectsDirectory + "pack/" : objectsDirectory + "/pack/"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".idx") }.sorted()
        let key = dir + "\u{0}" + names.joined(separator: "\u{0}")
        return registry.withLock { live in
            if let set = live[key]?.set { return set }
            live = live.filter { $0.value.set != nil }
            let set = PackSet(
                names.compactMap { name in
                    let base = dir + String(name.dropLast(4))
                    return PackFile(indexPath: base + ".idx", packPath: base + ".pack")
                })
            live[key] = Weak(set)
            return set
        }
    }
}

/// An object rebuilt from a pack.
struct CachedObject {
    var kind: PackStore.Kind
    var bytes: [UInt8]
    var cacheCost: Int { bytes.count + 64 }
}
