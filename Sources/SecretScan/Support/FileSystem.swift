#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX path questions the scans ask, answered one way.
enum FileSystem {
    /// `realpath(3)`: absolute, symlinks resolved; nil when the path does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// A directory (following symlinks).
    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// `path` when it is a directory, else the directory that holds it (`.` for a bare file name):
    /// where per-directory files such as `.secretscan.toml` and `.secretscanignore` are looked for.
    static func directory(of path: String) -> String {
        if isDirectory(path) { return path }
        let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return parent.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : parent
    }

    /// The directory `path` names (itself, a symlink's target directory, or a file's parent),
    /// relative to `workTree`, with a trailing `/` (`sub/dir/`); "" at the top of the work tree or
    /// outside it. Symlinks are resolved on both sides, as the working-tree listing resolves them.
    static func relativePrefix(of path: String, in workTree: String) -> String {
        let dir = directory(of: path)
        let real = realPath(dir) ?? dir
        var top = realPath(workTree) ?? workTree
        while top.count > 1 && top.hasSuffix("/") { top.removeLast() }
        if real == top { return "" }
        let topSlash = top == "/" ? "/" : top + "/"
        return real.hasPrefix(topSlash) ? String(real.dropFirst(topSlash.count)) + "/" : ""
    }
}
