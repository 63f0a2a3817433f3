import CGit2
import Foundation

/// An open git repository. Owns its `git_repository` handle (and transient index/status handles).
/// Not thread-safe: use one instance per thread.
final class GitRepository {
    private let handle: OpaquePointer
    /// The object database, opened on first use.
    private var odbHandle: OpaquePointer?
    /// Trees parsed by `treeChanges`, kept for the next commits' diffs.
    private var treeCache = GenerationCache<ObjectID, ParsedTree>(budget: 8 << 20)
    /// Pack reader for history scans (trees and blobs), created on first use; nil when unusable.
    private lazy var packStore: PackStore? = {
        guard let common = git_repository_commondir(handle).map({ String(cString: $0) }) else { return nil }
        let store = PackStore(objectsDirectory: common + (common.hasSuffix("/") ? "" : "/") + "objects", cacheBudget: 32 << 20)
        return store.isEmpty ? nil : store
    }()
    /// Absolute path of the working directory, with a trailing `/`; nil for a bare repository.
    let workdir: String?
    /// Absolute path of the git directory (`.git/`, or the bare repository itself).
    let gitDirectory: String

    private static let initialized: Bool = {
        git_libgit2_init()
        // SecretScan only reads repositories and runs nothing from them, so a repository owned by
        // another user (common for CI checkouts in containers) is opened like any other.
        _ = secretscan_git_disable_owner_validation()
        _ = secretscan_git_limit_caches()
        return true
    }()

    /// Opens the repository that contains `path` (searching parent directories), or nil when
    /// `path` is not inside a git repository.
    static func discover(containing path: String) throws(GitError) -> GitRepository? {
        _ = initialized
        var repo: OpaquePointer?
        let rc = git_repository_open_ext(&repo, path, 0, nil)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        guard rc == 0, let repo else { throw lastError(rc, "open the repository", path) }
        return GitRepository(handle: repo)
    }

    /// Opens the repository at exactly `path` (a work tree or a git directory), e.g. one handle per worker.
    static func open(gitDirectory path: String) throws(GitError) -> GitRepository {
        _ = initialized
        var repo: OpaquePointer?
        let rc = git_repository_open(&repo, path)
        guard rc == 0, let repo else { throw lastError(rc, "open the repository", path) }
        return GitRepository(handle: repo)
    }

    private init(handle: OpaquePointer) {
        self.handle = handle
        workdir = git_repository_workdir(handle).map { String(cString: $0) }
        gitDirectory = String(cString: git_repository_path(handle))
    }

    deinit {
        if let odbHandle { git_odb_free(odbHandle) }
        git_repository_free(handle)
    }

    /// Kinds of working-tree entry reported by `workingTreeFiles`.
    struct WorkingTreeFiles {
        /// Tracked (index) paths, repo-relative, excluding submodules.
        var tracked: [String] = []
        /// Untracked paths that the ignore rules do not exclude.
        var untracked: [String] = []
        /// Untracked paths excluded by ignore rules (only when requested).
        var ignored: [String] = []
    }

    /// The same file set as `git ls-files --cached --others --exclude-standard` (plus `--ignored`
    /// files when `includeIgnored`), as repo-relative `/`-separated paths.
    /// `under` (a repo-relative directory with a trailing `/`, or "") limits the listing, so scanning
    /// a subdirectory of a large repository does not walk all of it.
    func workingTreeFiles(includeIgnored: Bool, under prefix: String = "") throws(GitError) -> WorkingTreeFiles {
        var files = WorkingTreeFiles()
        let where_ = workdir ?? "repository"

        var index: OpaquePointer?
        var rc = git_repository_index(&index, handle)
        guard rc == 0, let index else { throw GitRepository.lastError(rc, "read the index", where_) }
        defer { git_index_free(index) }
        let count = git_index_entrycount(index)
        var seen = Set<String>()
        files.tracked.reserveCapacity(count)
        for i in 0..<count {
            guard let entry = git_index_get_byindex(index, i), let cPath = entry.pointee.path else { continue }
            if entry.pointee.mode == 0o160000 { continue }  // submodule (gitlink)
            let path = String(cString: cPath)
            if !prefix.isEmpty && !path.hasPrefix(prefix) { continue }
            if seen.insert(path).inserted { files.tracked.append(path) }  // conflict stages repeat a path
        }

        var opts = git_status_options()
        git_status_options_init(&opts, UInt32(GIT_STATUS_OPTIONS_VERSION))
        opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY
        var flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        if includeIgnored {
            flags |= GIT_STATUS_OPT_INCLUDE_IGNORED.rawValue | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS.rawValue
        }
        opts.flags = flags
        var list: OpaquePointer?
        let spec = String(prefix.dropLast())
        rc = spec.withCString { cSpec in
            var specs: [UnsafeMutablePointer<CChar>?] = [UnsafeMutablePointer(mutating: cSpec)]
            return specs.withUnsafeMutableBufferPointer { buf in
                if !spec.isEmpty { opts.pathspec = git_strarray(strings: buf.baseAddress, count: 1) }
                return git_status_list_new(&list, handle, &opts)
            }
        }
        guard rc == 0, let list else { throw GitRepository.lastError(rc, "list untracked files", where_) }
        defer { git_status_list_free(list) }
        for i in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, i) else { continue }
            let status = entry.pointee.status.rawValue
            guard let delta = entry.pointee.index_to_workdir, let cPath = delta.pointee.new_file.path else { continue }
            let path = String(cString: cPath)
            if !prefix.isEmpty && !path.hasPrefix(prefix) { continue }
            if status & GIT_STATUS_WT_NEW.rawValue != 0 {
                files.untracked.append(path)
            } else if status & GIT_STATUS_IGNORED.rawValue != 0 {
                files.ignored.append(path)
            }
        }
        return files
    }

    static func lastError(_ code: Int32, _ operation: String, _ path: String) -> GitError {
        let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown error"
        return .libgit2(operation: operation, path: path, code: code, message: message)
    }
}

// MARK: - History

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
        func classify(_ obj: OpaquePointer, ref: String) {
            let id = GitRepository.objectID(git_object_id(obj))
            switch git_object_type(obj) {
            case GIT_OBJECT_COMMIT:
                tips.commits.append(id)
                if ref.hasPrefix("refs/remotes/") { tips.remoteCommits.append(id) }
            case GIT_OBJECT_TREE: tips.trees.append((ref, id))
            case GIT_OBJECT_BLOB: tips.blobs.append((ref, id))
            default: break
            }
        }
        var iterator: OpaquePointer?
        if git_reference_iterator_new(&iterator, handle) == 0, let iterator {
            defer { git_reference_iterator_free(iterator) }
            var ref: OpaquePointer?
            while git_reference_next(&ref, iterator) == 0, let r = ref {
                let name = String(cString: git_reference_name(r))
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

    /// A commit's parents, tree and commit time, or nil when the commit object is missing.
    func commitNode(_ id: ObjectID) -> (parents: [ObjectID], tree: ObjectID, time: Int64)? {
        if let (kind, bytes) = packStore?.read(id), kind == .commit, let c = ParsedCommit(bytes: bytes) {
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

    /// A tree, from the cache or parsed from its raw bytes.
    private func parsedTree(_ id: ObjectID) throws(GitError) -> ParsedTree {
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
            throw .libgit2(operation: "read tree \(id.hex)", path: gitDirectory, code: -1, message: "malformed tree entries (corrupt object)")
        }
        treeCache.insert(id, tree, cost: tree.cacheCost)
        return tree
    }

    private func diffTrees(new: ObjectID?, old: ObjectID?, prefix: String, into out: inout [TreeChange],
                           missing: inout [(path: String, id: ObjectID)]) throws(GitError) {
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
    private func emit(new n: (tree: ParsedTree, k: Int)?, old o: (tree: ParsedTree, k: Int)?, prefix: String,
                      into out: inout [TreeChange], missing: inout [(path: String, id: ObjectID)]) throws(GitError) {
        let entry = n ?? o!
        let path = prefix + entry.tree.name(entry.k)
        let newIsTree = n.map { $0.tree.entries[$0.k].isTree } ?? false
        let oldIsTree = o.map { $0.tree.entries[$0.k].isTree } ?? false
        if newIsTree || oldIsTree {
            try diffTrees(new: newIsTree ? n!.tree.id(n!.k) : nil, old: oldIsTree ? o!.tree.id(o!.k) : nil,
                          prefix: path + "/", into: &out, missing: &missing)
        }
        if let n, !newIsTree {
            let mode = UInt16(truncatingIfNeeded: n.tree.entries[n.k].mode)
            out.append(TreeChange(path: path, blob: n.tree.id(n.k), kind: GitRepository.kind(mode)))
        } else if o != nil, !oldIsTree {
            out.append(TreeChange(path: path, blob: nil, kind: .file))  // deleted
        }
    }

    /// Files of `tree` that differ from `base` (nil: the empty tree), with the lines each adds.
    func addedLines(tree: ObjectID, base: ObjectID?) throws(GitError) -> (files: [AddedLines], missing: [String]) {
        try withTreeDiff(tree: tree, base: base, loadContent: true) { diff in GitRepository.addedLines(in: diff) }
    }

    /// What `git commit` would record now: files whose staged (index) version differs from HEAD,
    /// with the lines the staged version adds. Works before the first commit.
    func stagedAddedLines() throws(GitError) -> (files: [AddedLines], missing: [String]) {
        let where_ = workdir ?? gitDirectory
        var index: OpaquePointer?
        var rc = git_repository_index(&index, handle)
        guard rc == 0, let index else { throw GitRepository.lastError(rc, "read the index", where_) }
        defer { git_index_free(index) }
        var headTree: OpaquePointer?
        if git_repository_head_unborn(handle) != 1 {
            var obj: OpaquePointer?
            rc = git_revparse_single(&obj, handle, "HEAD^{tree}")
            guard rc == 0, let obj else { throw GitRepository.lastError(rc, "read HEAD", where_) }
            headTree = obj
        }
        defer { if let headTree { git_object_free(headTree) } }
        var opts = GitRepository.diffOptions(loadContent: true)
        var diff: OpaquePointer?
        rc = git_diff_tree_to_index(&diff, handle, headTree, index, &opts)
        guard rc == 0, let diff else { throw GitRepository.lastError(rc, "compare the index with HEAD", where_) }
        defer { git_diff_free(diff) }
        return GitRepository.addedLines(in: diff)
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
    func withBlob<T>(_ id: ObjectID, maxSize: Int, _ body: (UnsafeRawBufferPointer) -> T) -> BlobRead<T> {
        if let store = packStore, let header = store.header(id), header.kind == .blob {
            if header.size > maxSize { return .tooLarge(header.size) }
            if let (kind, bytes) = store.read(id, limit: max(maxSize, PackStore.defaultLimit)), kind == .blob {
                return .content(bytes.withUnsafeBytes { body($0) })
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
        return .content(body(UnsafeRawBufferPointer(start: git_blob_rawcontent(blob), count: size)))
    }

    /// Every commit and blob in the object database, reachable or not.
    func allObjects() throws(GitError) -> (commits: [ObjectID], blobs: [ObjectID]) {
        guard let odb = odb() else { throw GitRepository.lastError(-1, "open the object database", gitDirectory) }
        final class Box { var ids: [ObjectID] = [] }
        let box = Box()
        let rc = git_odb_foreach(odb, { oid, payload in
            guard let oid, let payload else { return 0 }
            Unmanaged<Box>.fromOpaque(payload).takeUnretainedValue().ids.append(GitRepository.objectID(oid))
            return 0
        }, Unmanaged.passUnretained(box).toOpaque())
        guard rc == 0 else { throw GitRepository.lastError(rc, "list objects", gitDirectory) }
        var commits: [ObjectID] = [], blobs: [ObjectID] = []
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

    private func odb() -> OpaquePointer? {
        if odbHandle == nil {
            var o: OpaquePointer?
            if git_repository_odb(&o, handle) == 0 { odbHandle = o }
        }
        return odbHandle
    }

    private func withTreeDiff<T>(tree: ObjectID, base: ObjectID?, loadContent: Bool,
                                 _ body: (OpaquePointer) -> T) throws(GitError) -> T {
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

    private static func diffOptions(loadContent: Bool) -> git_diff_options {
        var opts = git_diff_options()
        git_diff_options_init(&opts, UInt32(GIT_DIFF_OPTIONS_VERSION))
        opts.context_lines = 0
        opts.interhunk_lines = 0
        // Secrets are text; judge binary-ness ourselves, never let git hide a file's lines.
        opts.flags = GIT_DIFF_FORCE_TEXT.rawValue
        if !loadContent { opts.flags |= GIT_DIFF_SKIP_BINARY_CHECK.rawValue }
        return opts
    }

    private static func addedLines(in diff: OpaquePointer) -> (files: [AddedLines], missing: [String]) {
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
            let blob = objectID(delta.pointee.new_file.id)
            let kind = self.kind(delta.pointee.new_file.mode)
            guard kind == .file else {
                files.append(AddedLines(path: path, blob: blob, kind: kind, lines: []))
                continue
            }
            var patch: OpaquePointer?
            guard git_patch_from_diff(&patch, diff, i) == 0, let patch else {
                missing.append("\(path) (blob \(blob.hex)): \(lastMessage())")
                continue
            }
            defer { git_patch_free(patch) }
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
            files.append(AddedLines(path: path, blob: blob, kind: kind, lines: lines))
        }
        return (files, missing)
    }

    private static func kind(_ mode: UInt16) -> TreeChange.Kind {
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
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))\(sign)\(two(off / 60)):\(two(off % 60))"
    }
}

// MARK: - Index and file status (gitignore audit)

extension GitRepository {
    /// The common git directory, with a trailing `/`: where `config` and `info/exclude` live (the
    /// main repository's for a linked worktree).
    var commonDirectory: String {
        git_repository_commondir(handle).map { String(cString: $0) } ?? gitDirectory
    }

    /// Repo-relative `/`-separated paths of the index entries, each once, without submodules.
    /// Reads only the index (no work tree walk).
    func indexPaths() throws(GitError) -> [String] {
        var index: OpaquePointer?
        let rc = git_repository_index(&index, handle)
        guard rc == 0, let index else { throw GitRepository.lastError(rc, "read the index", workdir ?? gitDirectory) }
        defer { git_index_free(index) }
        let count = git_index_entrycount(index)
        var paths: [String] = []
        paths.reserveCapacity(count)
        var seen = Set<String>()
        for i in 0..<count {
            guard let entry = git_index_get_byindex(index, i), let cPath = entry.pointee.path else { continue }
            if entry.pointee.mode == 0o160000 { continue }  // submodule (gitlink)
            let path = String(cString: cPath)
            if seen.insert(path).inserted { paths.append(path) }  // conflict stages repeat a path
        }
        return paths
    }

    /// Whether the repo-relative `path` has changes that are not committed: staged or unstaged
    /// modifications, or an untracked file. A path that exists nowhere has none.
    func hasUncommittedChanges(_ path: String) throws(GitError) -> Bool {
        var flags: UInt32 = 0
        let rc = git_status_file(&flags, handle, path)
        if rc == GIT_ENOTFOUND.rawValue { return false }
        guard rc == 0 else { throw GitRepository.lastError(rc, "read the status of \(path)", workdir ?? gitDirectory) }
        return flags != GIT_STATUS_CURRENT.rawValue
    }
}
