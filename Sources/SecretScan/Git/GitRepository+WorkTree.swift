import CGit2

/// The work tree and the index: the files a working-tree scan lists, and the status questions the
/// gitignore audit and `--fix` ask.
extension GitRepository {
    /// The common git directory, with a trailing `/`: where `config` and `info/exclude` live (the
    /// main repository's for a linked worktree).
    var commonDirectory: String {
        git_repository_commondir(handle).map { String(cString: $0) } ?? gitDirectory
    }

    /// Repo-relative `/`-separated paths of the index entries, each once, without submodules;
    /// only those under `prefix` (a directory with a trailing `/`) when one is given.
    /// Reads only the index (no work tree walk).
    func indexPaths(under prefix: String = "") throws(GitError) -> [String] {
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
            if !prefix.isEmpty && !path.hasPrefix(prefix) { continue }
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
        let location = workdir ?? "repository"

        files.tracked = try indexPaths(under: prefix)

        var opts = git_status_options()
        git_status_options_init(&opts, UInt32(GIT_STATUS_OPTIONS_VERSION))
        opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY
        var flags =
            GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        if includeIgnored {
            flags |= GIT_STATUS_OPT_INCLUDE_IGNORED.rawValue | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS.rawValue
        }
        opts.flags = flags
        var list: OpaquePointer?
        let spec = String(prefix.dropLast())
        let rc = spec.withCString { cSpec in
            var specs: [UnsafeMutablePointer<CChar>?] = [UnsafeMutablePointer(mutating: cSpec)]
            return specs.withUnsafeMutableBufferPointer { buf in
                if !spec.isEmpty { opts.pathspec = git_strarray(strings: buf.baseAddress, count: 1) }
                return git_status_list_new(&list, handle, &opts)
            }
        }
        guard rc == 0, let list else { throw GitRepository.lastError(rc, "list untracked files", location) }
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
}
