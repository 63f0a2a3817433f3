#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files of a working tree: in a git work tree, tracked files plus untracked files that git does
/// not ignore (`git ls-files --cached --others --exclude-standard`); elsewhere, every file.
/// Never descends into `.git/` and never follows symbolic links.
enum WorkingTreeSource {
    struct Listing {
        var entries: [FileEntry]
        var isGitRepository: Bool
        /// Directories that could not be listed.
        var issues: [ScanIssue]
    }

    /// Lists the files, handing them to `emit` in batches as they are found (the whole list at once
    /// in a git work tree, one directory at a time in a walk), so scanning can start before listing ends.
    static func list(root: String, includeIgnored: Bool, emit: ([FileEntry]) -> Void) throws(ScanError) -> Listing {
        var listing = try list(root: root, includeIgnored: includeIgnored, walkEmit: emit)
        emit(listing.entries)
        listing.entries = []
        return listing
    }

    /// Git work trees and single files come back in `entries`; walked directories go to `walkEmit`.
    private static func list(root: String, includeIgnored: Bool, walkEmit: ([FileEntry]) -> Void) throws(ScanError) -> Listing {
        guard let absRoot = realPath(root) else { throw .pathNotFound(root) }
        var st = stat()
        guard stat(absRoot, &st) == 0 else { throw .pathNotFound(root) }
        if (st.st_mode & S_IFMT) != S_IFDIR {
            // Report the file under the name it was given (a symlink's own name, not its target's).
            let given = root.split(separator: "/").last.map(String.init) ?? root
            return Listing(entries: [FileEntry(path: given, absolutePath: absRoot)], isGitRepository: false, issues: [])
        }
        let repo: GitRepository?
        do {
            if case .found(let found) = try RepositoryLookup.find(containing: absRoot) { repo = found } else { repo = nil }
        } catch { throw .git(error) }
        if let repo, repo.workdir == nil, let gitDir = realPath(repo.gitDirectory), absRoot == gitDir || absRoot.hasPrefix(gitDir + "/") {
            throw .unsupported("\(root) is a bare repository: it has no working tree to scan; use `secretscan history \(root)`")
        }
        if let repo, let workdir = repo.workdir, let realWorkdir = realPath(workdir) {
            // Inside .git itself there is no working tree to speak of: fall back to a plain walk.
            if !(absRoot + "/").hasPrefix(realWorkdir + "/.git/") && !(absRoot == realWorkdir + "/.git") {
                let prefix = FileSystem.relativePrefix(of: absRoot, in: realWorkdir)
                let files: GitRepository.WorkingTreeFiles
                do { files = try repo.workingTreeFiles(includeIgnored: includeIgnored, under: prefix) } catch { throw .git(error) }
                var entries: [FileEntry] = []
                entries.reserveCapacity(files.tracked.count + files.untracked.count + files.ignored.count)
                for path in files.tracked + files.untracked + files.ignored where prefix.isEmpty || path.hasPrefix(prefix) {
                    entries.append(FileEntry(path: String(path.dropFirst(prefix.count)), absolutePath: realWorkdir + "/" + path))
                }
                return Listing(entries: entries, isGitRepository: true, issues: [])
            }
        }
        var issues: [ScanIssue] = []
        try walk(absRoot, relative: "", emit: walkEmit, issues: &issues)
        return Listing(entries: [], isGitRepository: false, issues: issues)
    }

    /// Recursive directory walk with `lstat`: symlinks are listed (the reader skips and counts them),
    /// never followed, so a symlink loop cannot trap the walk.
    private static func walk(_ dir: String, relative: String, emit: ([FileEntry]) -> Void, issues: inout [ScanIssue]) throws(ScanError) {
        var entries: [FileEntry] = []
        guard let handle = opendir(dir) else {
            let reason = String(cString: strerror(errno))
            if relative.isEmpty { throw .cannotList(dir, reason) }
            issues.append(
                ScanIssue(
                    kind: .unreadable, path: relative,
                    message: "cannot list directory \(relative): \(reason); its files were not scanned (fix its permissions or exclude it)")
            )
            return
        }
        defer { closedir(handle) }
        var subdirs: [(String, String)] = []
        while let ent = readdir(handle) {
            let name = withUnsafePointer(to: ent.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || name == ".git" { continue }
            let abs = dir + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            // d_type saves an lstat per entry; only file systems that do not report it need one.
            var isDirectory = ent.pointee.d_type == UInt8(DT_DIR)
            if ent.pointee.d_type == UInt8(DT_UNKNOWN) {
                var st = stat()
                isDirectory = lstat(abs, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
            }
            if isDirectory {
                subdirs.append((abs, rel))
            } else {
                entries.append(FileEntry(path: rel, absolutePath: abs))  // the reader skips links and reports errors
            }
        }
        emit(entries)
        for (abs, rel) in subdirs { try walk(abs, relative: rel, emit: emit, issues: &issues) }
    }

    static func realPath(_ path: String) -> String? { FileSystem.realPath(path) }
}
