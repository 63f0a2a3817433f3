import CGit2
import Foundation

/// Objects: blobs read for scanning, the object database, and libgit2 conversions.
extension GitRepository {
    /// Reads blob `id` and lends its bytes to `body`, with how the pack reader obtained them when it
    /// did (nil: read through libgit2).
    func withBlob<T>(_ id: ObjectID, maxSize: Int, _ body: (UnsafeRawBufferPointer, PackStore.Origin?) -> T) -> BlobRead<T> {
        if let store = packStore, let header = store.header(id), header.kind == .blob {
            if header.size > maxSize { return .tooLarge(header.size) }
            if let (kind, bytes) = store.read(id, limit: max(maxSize, PackStore.defaultLimit)), kind == .blob {
                return .content(bytes.withUnsafeBytes { body($0, store.lastOrigin) })
            }
        }
        var oid = GitRepository.gitOID(id)
        if let odb = odb() {
            var size = 0
            var type = GIT_OBJECT_INVALID
            if git_odb_read_header(&size, &type, odb, &oid) == 0, size > maxSize { return .tooLarge(size) }
        }
        var blob: OpaquePointer?
        guard git_blob_lookup(&blob, handle, &oid) == 0, let blob else { return .missing(GitRepository.lastMessage()) }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        if size > maxSize { return .tooLarge(size) }
        return .content(body(UnsafeRawBufferPointer(start: git_blob_rawcontent(blob), count: size), nil))
    }

    /// Every commit and blob in the object database, reachable or not.
    func allObjects() throws(GitError) -> (commits: [ObjectID], blobs: [ObjectID]) {
        guard let odb = odb() else { throw GitRepository.lastError(-1, "open the object database", gitDirectory) }
        final class Box { var ids: [ObjectID] = [] }
        let box = Box()
        let rc = git_odb_foreach(
            odb,
            { oid, payload in
                guard let oid, let payload else { return 0 }
                Unmanaged<Box>.fromOpaque(payload).takeUnretainedValue().ids.append(GitRepository.objectID(oid))
                return 0
            }, Unmanaged.passUnretained(box).toOpaque())
        guard rc == 0 else { throw GitRepository.lastError(rc, "list objects", gitDirectory) }
        var commits: [ObjectID] = []
        var blobs: [ObjectID] = []
        for id in Set(box.ids) {
            var oid = GitRepository.gitOID(id)
            var size = 0
            var type = GIT_OBJECT_INVALID
            guard git_odb_read_header(&size, &type, odb, &oid) == 0 else { continue }
            if type == GIT_OBJECT_COMMIT { commits.append(id) } else if type == GIT_OBJECT_BLOB { blobs.append(id) }
        }
        return (commits.sorted(), blobs.sorted())
    }

    // MARK: helpers

    func odb() -> OpaquePointer? {
        if odbHandle == nil {
            var o: OpaquePointer?
            if git_repository_odb(&o, handle) == 0 { odbHandle = o }
        }
        return odbHandle
    }

    func withTreeDiff<T>(
        tree: ObjectID, base: ObjectID?, loadContent: Bool,
        _ body: (OpaquePointer) -> T
    ) throws(GitError) -> T {
        func lookup(_ id: ObjectID) throws(GitError) -> OpaquePointer {
            var oid = GitRepository.gitOID(id)
            var t: OpaquePointer?
            let rc = git_tree_lookup(&t, handle, &oid)
            guard rc == 0, let t else { throw GitRepository.lastError(rc, "read tree \(id.hex)", gitDirectory) }
            return t
        }
        let newTree = try lookup(tree)
        defer { git_tree_free(newTree) }
        let oldTree = try base.map { id throws(GitError) in try lookup(id) }
        defer { if let oldTree { git_tree_free(oldTree) } }
        var opts = GitRepository.diffOptions(loadContent: loadContent)
        var diff: OpaquePointer?
        let rc = git_diff_tree_to_tree(&diff, handle, oldTree, newTree, &opts)
        guard rc == 0, let diff else { throw GitRepository.lastError(rc, "diff tree \(tree.hex)", gitDirectory) }
        defer { git_diff_free(diff) }
        return body(diff)
    }

    static func diffOptions(loadContent: Bool) -> git_diff_options {
        var opts = git_diff_options()
        git_diff_options_init(&opts, UInt32(GIT_DIFF_OPTIONS_VERSION))
        opts.context_lines = 0
        opts.interhunk_lines = 0
        // Secrets are text; judge binary-ness ourselves, never let git hide a file's lines.
        opts.flags = GIT_DIFF_FORCE_TEXT.rawValue
        if !loadContent { opts.flags |= GIT_DIFF_SKIP_BINARY_CHECK.rawValue }
        return opts
    }

    /// The files a diff changes, with the lines each adds, the hunks computed by
    /// `addedLines(old:oldPath:new:newPath:)` as for the diffs `addedLinesInPlace` makes. With
    /// `only`, the lines of those paths alone are computed (the others are listed with none).
    func addedLines(in diff: OpaquePointer, only: Set<String>? = nil) -> (files: [AddedLines], missing: [String]) {
        // A moved or renamed file adds only the lines it changed, not all of them.
        var find = git_diff_find_options()
        git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue
        _ = git_diff_find_similar(diff, &find)
        var files: [AddedLines] = []
        var missing: [String] = []
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i), let cPath = delta.pointee.new_file.path else { continue }
            if delta.pointee.status == GIT_DELTA_DELETED { continue }
            let path = String(cString: cPath)
            let blob = GitRepository.objectID(delta.pointee.new_file.id)
            let kind = GitRepository.kind(delta.pointee.new_file.mode)
            guard kind == .file, only?.contains(path) ?? true else {
                files.append(AddedLines(path: path, blob: blob, kind: kind, lines: []))
                continue
            }
            // An added file has no old side (its old id is all zeros).
            let exists = delta.pointee.old_file.flags & GIT_DIFF_FLAG_EXISTS.rawValue != 0 && delta.pointee.status != GIT_DELTA_ADDED
            let old = exists ? GitRepository.objectID(delta.pointee.old_file.id) : nil
            let oldPath = delta.pointee.old_file.path.map { String(cString: $0) } ?? path
            switch addedLines(old: old, oldPath: oldPath, new: blob, newPath: path) {
            case .success(let lines): files.append(AddedLines(path: path, blob: blob, kind: kind, lines: lines))
            case .failure(let unreadable): missing.append(unreadable.description(path: path))
            }
        }
        return (files, missing)
    }

    /// A version of a changed file that could not be read, and why.
    struct UnreadableVersion: Error {
        var blob: ObjectID
        var previous: Bool
        var reason: String

        /// What a range scan reports for the file at `path`.
        func description(path: String) -> String {
            "\(path) (\(previous ? "its previous version, " : "")blob \(blob.hex)): \(reason)"
        }
    }

    /// The 1-based line numbers of the new side that `patch` adds.
    static func addedLines(of patch: OpaquePointer) -> Set<Int> {
        var lines = Set<Int>()
        for h in 0..<git_patch_num_hunks(patch) {
            let n = git_patch_num_lines_in_hunk(patch, h)
            guard n > 0 else { continue }
            for l in 0..<Int(n) {
                var line: UnsafePointer<git_diff_line>?
                guard git_patch_get_line_in_hunk(&line, patch, h, l) == 0, let line else { continue }
                if line.pointee.origin == CChar(UInt8(ascii: "+")), line.pointee.new_lineno > 0 {
                    lines.insert(Int(line.pointee.new_lineno))
                }
            }
        }
        return lines
    }

    /// The lines blob `new` (at `newPath`) adds to blob `old` (at `oldPath`; nil: no old file), as the
    /// hunks of a diff with `diffOptions` (no context, text always, so no diff driver changes them).
    /// The blobs are read as scans read them (`withBlob`); a failure names the blob that could not be.
    func addedLines(old: ObjectID?, oldPath: String, new: ObjectID, newPath: String) -> Result<Set<Int>, UnreadableVersion> {
        var opts = GitRepository.diffOptions(loadContent: true)
        func withContent(
            _ id: ObjectID?, previous: Bool, _ body: (UnsafeRawBufferPointer) -> Result<Set<Int>, UnreadableVersion>
        ) -> Result<Set<Int>, UnreadableVersion> {
            guard let id else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
            switch withBlob(id, maxSize: Int.max, { bytes, _ in body(bytes) }) {
            case .content(let result): return result
            case .missing(let message): return .failure(UnreadableVersion(blob: id, previous: previous, reason: message))
            case .tooLarge: return .failure(UnreadableVersion(blob: id, previous: previous, reason: "too large to read"))
            }
        }
        return withContent(old, previous: true) { o in
            withContent(new, previous: false) { n in
                var patch: OpaquePointer?
                let rc = git_patch_from_buffers(&patch, o.baseAddress, o.count, oldPath, n.baseAddress, n.count, newPath, &opts)
                guard rc == 0, let patch else {
                    return .failure(UnreadableVersion(blob: new, previous: false, reason: "diff failed: \(GitRepository.lastMessage())"))
                }
                defer { git_patch_free(patch) }
                return .success(GitRepository.addedLines(of: patch))
            }
        }
    }

    static func kind(_ mode: UInt16) -> TreeChange.Kind {
        switch mode {
        case 0o160000: .submodule
        case 0o120000: .symlink
        default: .file
        }
    }

    static func objectID(_ oid: UnsafePointer<git_oid>) -> ObjectID {
        withUnsafeBytes(of: oid.pointee.id) { ObjectID(bytes: $0) }
    }

    static func objectID(_ oid: git_oid) -> ObjectID {
        withUnsafeBytes(of: oid.id) { ObjectID(bytes: $0) }
    }

    static func gitOID(_ id: ObjectID) -> git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { dst in
            dst.storeBytes(of: id.a.bigEndian, toByteOffset: 0, as: UInt64.self)
            dst.storeBytes(of: id.b.bigEndian, toByteOffset: 8, as: UInt64.self)
            dst.storeBytes(of: id.c.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    static func lastMessage() -> String {
        git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown error"
    }

    static func iso8601(seconds: Int64, offsetMinutes: Int) -> String {
        var t = time_t(seconds + Int64(offsetMinutes) * 60)
        var parts = tm()
        gmtime_r(&t, &parts)
        let sign = offsetMinutes < 0 ? "-" : "+"
        let off = abs(offsetMinutes)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))\(sign)\(two(off / 60)):\(two(off % 60))"
    }
}
