import CGit2

/// History: refs, the commit walk's nodes, tree diffs and the lines a change adds.
extension GitRepository {
    var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// Commits listed in `.git/shallow`: their parents are absent by design.
    func shallowBoundary() -> Set<ObjectID> {
        guard let text = try? String(contentsOfFile: gitDirectory + "shallow", encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").compactMap { ObjectID(hex: String($0)) })
    }

    /// What the refs point at, fully peeled: commits to walk, and trees or blobs that refs (usually
    /// tags) point at directly. `broken` names refs whose target object is missing.
    struct RefTips {
        var commits: [ObjectID] = []
        /// Commits that remote-tracking refs (refs/remotes/*) point at.
        var remoteCommits: [ObjectID] = []
        var trees: [(ref: String, id: ObjectID)] = []
        var blobs: [(ref: String, id: ObjectID)] = []
        var broken: [(ref: String, message: String)] = []
    }

    func refTips(only refSpec: String? = nil) -> RefTips {
        var tips = RefTips()
        func record(_ kind: PackStore.Kind, _ id: ObjectID, ref: String) {
            switch kind {
            case .commit:
                tips.commits.append(id)
                if ref.hasPrefix("refs/remotes/") { tips.remoteCommits.append(id) }
            case .tree: tips.trees.append((ref, id))
            case .blob: tips.blobs.append((ref, id))
            case .tag: break
            }
        }
        func classify(_ obj: OpaquePointer, ref: String) {
            let id = GitRepository.objectID(git_object_id(obj))
            switch git_object_type(obj) {
            case GIT_OBJECT_COMMIT: record(.commit, id, ref: ref)
            case GIT_OBJECT_TREE: record(.tree, id, ref: ref)
            case GIT_OBJECT_BLOB: record(.blob, id, ref: ref)
            default: break
            }
        }
        var iterator: OpaquePointer?
        if git_reference_iterator_new(&iterator, handle) == 0, let iterator {
            defer { git_reference_iterator_free(iterator) }
            var ref: OpaquePointer?
            while git_reference_next(&ref, iterator) == 0, let r = ref {
                let name = String(cString: git_reference_name(r))
                if let (kind, id) = peeledInPack(r) {
                    record(kind, id, ref: name)
                    git_reference_free(r)
                    continue
                }
                var obj: OpaquePointer?
                let rc = git_reference_peel(&obj, r, GIT_OBJECT_ANY)
                if rc == 0, let obj {
                    classify(obj, ref: name)
                    git_object_free(obj)
                } else {
                    tips.broken.append((name, GitRepository.lastMessage()))
                }
                git_reference_free(r)
            }
        }
        // Older stash entries live only in the stash's reflog.
        var reflog: OpaquePointer?
        if git_reflog_read(&reflog, handle, "refs/stash") == 0, let reflog {
            for i in 0..<git_reflog_entrycount(reflog) {
                if let entry = git_reflog_entry_byindex(reflog, i), let id = git_reflog_entry_id_new(entry) {
                    tips.commits.append(GitRepository.objectID(id))
                }
            }
            git_reflog_free(reflog)
        }
        // A detached HEAD is not under refs/.
        var head: OpaquePointer?
        if git_repository_head_detached(handle) == 1, git_revparse_single(&head, handle, "HEAD^{commit}") == 0, let head {
            classify(head, ref: "HEAD")
            git_object_free(head)
        }
        return tips
    }

    /// What a ref points at, with tags peeled, read from the packs; nil when anything on the way is
    /// not in a pack (libgit2 then peels it, and reports it when it is missing). Large projects have
    /// tens of thousands of pull-request refs: peeling them through libgit2 would parse and cache every
    /// commit and keep its own mapping of the whole pack index resident.
    private func peeledInPack(_ ref: OpaquePointer) -> (PackStore.Kind, ObjectID)? {
        guard let store = packStore else { return nil }
        var target: ObjectID
        if let oid = git_reference_target(ref) {
            target = GitRepository.objectID(oid)
        } else {
            var resolved: OpaquePointer?
            guard git_reference_resolve(&resolved, ref) == 0, let resolved else { return nil }
            defer { git_reference_free(resolved) }
            guard let oid = git_reference_target(resolved) else { return nil }
            target = GitRepository.objectID(oid)
        }
        for _ in 0..<16 {
            guard let header = store.header(target) else { return nil }
            guard header.kind == .tag else { return (header.kind, target) }
            guard let (kind, bytes) = store.read(target), kind == .tag, let next = ParsedTag.object(in: bytes) else { return nil }
            target = next
        }
        return nil
    }

    /// A commit's parents, tree and commit time, or nil when the commit object is missing.
    func commitNode(_ id: ObjectID) -> (parents: [ObjectID], tree: ObjectID, time: Int64)? {
        // The header is all the walk needs: most commits' is in their first kilobyte (messages are
        // not inflated), the rest are read whole.
        if let (kind, bytes, complete) = packStore?.readPrefix(id, count: 1024), kind == .commit,
            let c = ParsedCommit(bytes: complete ? bytes[...] : bytes[..<((bytes.lastIndex(of: 0x0A) ?? -1) + 1)])
        {
            return (c.parents, c.tree, c.time)
        }
        if let (kind, bytes) = packStore?.read(id), kind == .commit, let c = ParsedCommit(bytes: bytes[...]) {
            return (c.parents, c.tree, c.time)
        }
        var oid = GitRepository.gitOID(id)
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else { return nil }
        defer { git_commit_free(commit) }
        let parents = (0..<git_commit_parentcount(commit)).compactMap { i in
            git_commit_parent_id(commit, i).map { GitRepository.objectID($0) }
        }
        return (parents, GitRepository.objectID(git_commit_tree_id(commit)), git_commit_time(commit))
    }

    func commitInfo(_ id: ObjectID) -> CommitInfo? {
        var oid = GitRepository.gitOID(id)
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, handle, &oid) == 0, let commit else { return nil }
        defer { git_commit_free(commit) }
        var info = CommitInfo(id: id, author: "", email: "", date: "", message: "")
        if let sig = git_commit_author(commit) {
            info.author = sig.pointee.name.map { String(cString: $0) } ?? ""
            info.email = sig.pointee.email.map { String(cString: $0) } ?? ""
            info.date = GitRepository.iso8601(seconds: sig.pointee.when.time, offsetMinutes: Int(sig.pointee.when.offset))
        }
        info.message = git_commit_summary(commit).map { String(cString: $0) } ?? ""
        return info
    }

    /// Entries of `tree` that differ from `base` (nil: the empty tree), without reading any blob.
    /// A merge-join of the two trees in git's entry order that descends only into subtrees whose ids
    /// differ, so its cost follows the size of the change, not of the tree.
    /// Subtrees that cannot be read are listed in `missing` and skipped; the rest is still compared.
    func treeChanges(tree: ObjectID, base: ObjectID?) throws(GitError) -> (changes: [TreeChange], missing: [(path: String, id: ObjectID)]) {
        var out: [TreeChange] = []
        var missing: [(path: String, id: ObjectID)] = []
        try diffTrees(new: tree, old: base, prefix: "", into: &out, missing: &missing)
        return (out, missing)
    }

    /// The entry at `path` (components separated by `/`) in `tree`: its id and normalized mode; nil
    /// when there is none or a tree on the way cannot be read.
    func entry(at path: String, in tree: ObjectID) -> (id: ObjectID, mode: UInt32)? {
        var current = tree
        let components = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for (c, component) in components.enumerated() {
            guard let parsed = try? parsedTree(current) else { return nil }
            let found = parsed.bytes.withUnsafeBufferPointer { b -> Int? in
                parsed.entries.indices.first { k in
                    let e = parsed.entries[k]
                    return Int(e.nameEnd - e.nameStart) == component.count
                        && b[Int(e.nameStart)..<Int(e.nameEnd)].elementsEqual(component)
                }
            }
            guard let k = found else { return nil }
            let mode = parsed.entries[k].mode
            if c == components.count - 1 { return (parsed.id(k), mode) }
            guard parsed.entries[k].isTree else { return nil }
            current = parsed.id(k)
        }
        return nil
    }

    /// A tree, from the cache or parsed from its raw bytes.
    func parsedTree(_ id: ObjectID) throws(GitError) -> ParsedTree {
        if let t = treeCache.get(id) { return t }
        if let (kind, bytes) = packStore?.read(id), kind == .tree, let tree = ParsedTree(bytes: bytes) {
            treeCache.insert(id, tree, cost: tree.cacheCost)
            return tree
        }
        guard let odb = odb() else { throw GitRepository.lastError(-1, "open the object database", gitDirectory) }
        var oid = GitRepository.gitOID(id)
        var object: OpaquePointer?
        let rc = git_odb_read(&object, odb, &oid)
        guard rc == 0, let object else { throw GitRepository.lastError(rc, "read tree \(id.hex)", gitDirectory) }
        defer { git_odb_object_free(object) }
        guard git_odb_object_type(object) == GIT_OBJECT_TREE else {
            throw .libgit2(operation: "read tree \(id.hex)", path: gitDirectory, code: -1, message: "the object is not a tree")
        }
        let bytes = [UInt8](UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object)))
        guard let tree = ParsedTree(bytes: bytes) else {
            throw .libgit2(
                operation: "read tree \(id.hex)", path: gitDirectory, code: -1, message: "malformed tree entries (corrupt object)")
        }
        treeCache.insert(id, tree, cost: tree.cacheCost)
        return tree
    }

    func diffTrees(
        new: ObjectID?, old: ObjectID?, prefix: String, into out: inout [TreeChange],
        missing: inout [(path: String, id: ObjectID)]
    ) throws(GitError) {
        // At the top the trees must exist; below, a missing subtree is noted and skipped.
        func open(_ id: ObjectID?) throws(GitError) -> ParsedTree? {
            guard let id else { return nil }
            do { return try parsedTree(id) } catch {
                if prefix.isEmpty { throw error }
                missing.append((String(prefix.dropLast()), id))
                return nil
            }
        }
        let newTree = try open(new)
        if new != nil && newTree == nil { return }
        let oldTree = try open(old)
        for (n, o) in ParsedTree.differences(newTree, oldTree) {
            try emit(new: n.map { (newTree!, $0) }, old: o.map { (oldTree!, $0) }, prefix: prefix, into: &out, missing: &missing)
        }
    }

    /// Records one differing entry (a new or changed one, a deleted one, or both when its type changed).
    func emit(
        new n: (tree: ParsedTree, k: Int)?, old o: (tree: ParsedTree, k: Int)?, prefix: String,
        into out: inout [TreeChange], missing: inout [(path: String, id: ObjectID)]
    ) throws(GitError) {
        let entry = n ?? o!
        let path = prefix + entry.tree.name(entry.k)
        let newIsTree = n.map { $0.tree.entries[$0.k].isTree } ?? false
        let oldIsTree = o.map { $0.tree.entries[$0.k].isTree } ?? false
        if newIsTree || oldIsTree {
            try diffTrees(
                new: newIsTree ? n!.tree.id(n!.k) : nil, old: oldIsTree ? o!.tree.id(o!.k) : nil,
                prefix: path + "/", into: &out, missing: &missing)
        }
        if let n, !newIsTree {
            let mode = UInt16(truncatingIfNeeded: n.tree.entries[n.k].mode)
            let previous = o.flatMap { o in
                oldIsTree ? nil : TreeChange.Previous(id: o.tree.id(o.k), mode: o.tree.entries[o.k].mode)
            }
            out.append(TreeChange(path: path, blob: n.tree.id(n.k), kind: GitRepository.kind(mode), previous: previous))
        } else if o != nil, !oldIsTree {
            out.append(TreeChange(path: path, blob: nil, kind: .file))  // deleted
        }
    }

    /// Files of `tree` that differ from `base` (nil: the empty tree), with the lines each adds; with
    /// `only`, the lines of those paths alone (the others are listed with none).
    func addedLines(tree: ObjectID, base: ObjectID?, only: Set<String>? = nil) throws(GitError) -> (
        files: [AddedLines], missing: [String]
    ) {
        if let inPlace = addedLinesInPlace(tree: tree, base: base, only: only) { return inPlace }
        return try withTreeDiff(tree: tree, base: base, loadContent: true) { diff in addedLines(in: diff, only: only) }
    }

    /// `addedLines(tree:base:only:)` from this reader's own tree diff, without libgit2's, when rename
    /// detection has nothing to work on: no path of `base` is gone or changes type (only such a path
    /// can be a rename's source; a file changed in place never is one), so every file is changed in
    /// place or added, and its lines are the hunks against its previous version or all of it. Nil
    /// otherwise, or when a tree cannot be read (libgit2's diff then decides, and reports).
    func addedLinesInPlace(tree: ObjectID, base: ObjectID?, only: Set<String>?) -> (files: [AddedLines], missing: [String])? {
        guard let (changes, unreadable) = try? treeChanges(tree: tree, base: base), unreadable.isEmpty else { return nil }
        var files: [AddedLines] = []
        var missing: [String] = []
        for change in changes {
            guard let blob = change.blob else { return nil }  // a deleted path
            // Another kind of entry before: the diff splits it into a deletion and an addition. (A
            // directory before has its files listed as deleted.)
            if let previous = change.previous, GitRepository.kind(UInt16(truncatingIfNeeded: previous.mode)) != change.kind {
                return nil
            }
            let old = change.previous?.id
            guard change.kind == .file, only?.contains(change.path) ?? true else {
                files.append(AddedLines(path: change.path, blob: blob, kind: change.kind, lines: []))
                continue
            }
            switch addedLines(old: old, oldPath: change.path, new: blob, newPath: change.path) {
            case .success(let lines): files.append(AddedLines(path: change.path, blob: blob, kind: change.kind, lines: lines))
            case .failure(let unreadable): missing.append(unreadable.description(path: change.path))
            }
        }
        // In the diff's order: by path, byte by byte.
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return (files, missing)
    }

    /// What `git commit` would record now: files whose staged (index) version differs from HEAD,
    /// with the lines the staged version adds. Works before the first commit.
    func stagedAddedLines() throws(GitError) -> (files: [AddedLines], missing: [String]) {
        let location = workdir ?? gitDirectory
        var index: OpaquePointer?
        var rc = git_repository_index(&index, handle)
        guard rc == 0, let index else { throw GitRepository.lastError(rc, "read the index", location) }
        defer { git_index_free(index) }
        var headTree: OpaquePointer?
        if git_repository_head_unborn(handle) != 1 {
            var obj: OpaquePointer?
            rc = git_revparse_single(&obj, handle, "HEAD^{tree}")
            guard rc == 0, let obj else { throw GitRepository.lastError(rc, "read HEAD", location) }
            headTree = obj
        }
        defer { if let headTree { git_object_free(headTree) } }
        var opts = GitRepository.diffOptions(loadContent: true)
        var diff: OpaquePointer?
        rc = git_diff_tree_to_index(&diff, handle, headTree, index, &opts)
        guard rc == 0, let diff else { throw GitRepository.lastError(rc, "compare the index with HEAD", location) }
        defer { git_diff_free(diff) }
        return addedLines(in: diff)
    }

    /// Resolves a revision (`main`, `HEAD~3`, a sha, a tag) to a commit.
    func resolveCommit(_ spec: String) throws(GitError) -> ObjectID {
        var obj: OpaquePointer?
        guard git_revparse_single(&obj, handle, spec) == 0, let obj else {
            throw .unknownRevision(spec, message: GitRepository.lastMessage())
        }
        defer { git_object_free(obj) }
        var commit: OpaquePointer?
        guard git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0, let commit else {
            throw .unknownRevision(spec, message: "it does not name a commit")
        }
        defer { git_object_free(commit) }
        return GitRepository.objectID(git_object_id(commit))
    }

    enum BlobRead<T> {
        case content(T)
        case tooLarge(Int)
        case missing(String)
    }

    /// Reads a blob (checking its size first) and passes its bytes to `body`.
}
