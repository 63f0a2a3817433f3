import CGit2

/// An open git repository. Owns its `git_repository` handle (and transient index/status handles).
/// Not thread-safe: use one instance per thread.
final class GitRepository {
    private let handle: OpaquePointer
    /// Absolute path of the working directory, with a trailing `/`; nil for a bare repository.
    let workdir: String?

    private static let initialized: Bool = {
        git_libgit2_init()
        // SecretScan only reads repositories and runs nothing from them, so a repository owned by
        // another user (common for CI checkouts in containers) is opened like any other.
        _ = secretscan_git_disable_owner_validation()
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

    private init(handle: OpaquePointer) {
        self.handle = handle
        workdir = git_repository_workdir(handle).map { String(cString: $0) }
    }

    deinit { git_repository_free(handle) }

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
    func workingTreeFiles(includeIgnored: Bool) throws(GitError) -> WorkingTreeFiles {
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
        rc = git_status_list_new(&list, handle, &opts)
        guard rc == 0, let list else { throw GitRepository.lastError(rc, "list untracked files", where_) }
        defer { git_status_list_free(list) }
        for i in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, i) else { continue }
            let status = entry.pointee.status.rawValue
            guard let delta = entry.pointee.index_to_workdir, let cPath = delta.pointee.new_file.path else { continue }
            if status & GIT_STATUS_WT_NEW.rawValue != 0 {
                files.untracked.append(String(cString: cPath))
            } else if status & GIT_STATUS_IGNORED.rawValue != 0 {
                files.ignored.append(String(cString: cPath))
            }
        }
        return files
    }

    static func lastError(_ code: Int32, _ operation: String, _ path: String) -> GitError {
        let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown error"
        return .libgit2(operation: operation, path: path, code: code, message: message)
    }
}
