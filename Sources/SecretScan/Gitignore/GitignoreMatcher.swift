import Foundation

/// The pattern that decided a path: where it is and how git shows it.
public struct IgnoreMatch: Sendable, Hashable, Codable {
    /// The ignore file: repo-relative for `.gitignore` files and `.git/info/exclude`, as configured
    /// (absolute) for `core.excludesFile`.
    public var source: String
    /// 1-based line of the pattern in `source`.
    public var line: Int
    /// The pattern as git shows it (`!` for a negation, trailing `/` for directories).
    public var pattern: String

    public init(source: String, line: Int, pattern: String) {
        self.source = source
        self.line = line
        self.pattern = pattern
    }

    /// A negation (`!pattern`): the path is re-included.
    public var isNegation: Bool { pattern.hasPrefix("!") }

    /// `source:line:pattern`, as `git check-ignore -v` prints it.
    public var origin: String { "\(source):\(line):\(pattern)" }

    /// Where the pattern stands, as a finding location.
    var location: Location { Location(path: source, line: line, column: 1, endLine: line, endColumn: max(1, pattern.count)) }
}

/// Whether a path is ignored, and by which pattern: what `git check-ignore -v -n --no-index` says.
public struct IgnoreDecision: Sendable, Hashable, Codable {
    /// The path asked about, repo-relative.
    public var path: String
    /// Ignored: the deciding pattern is not a negation.
    public var ignored: Bool
    /// The deciding pattern; nil when no pattern matched.
    public var match: IgnoreMatch?
    /// The deciding file is committed with the repository (a tracked `.gitignore`); false for
    /// `.git/info/exclude`, `core.excludesFile`, untracked `.gitignore` files and when nothing matched.
    public var shared: Bool

    public init(path: String, ignored: Bool, match: IgnoreMatch?, shared: Bool) {
        self.path = path
        self.ignored = ignored
        self.match = match
        self.shared = shared
    }

    /// A negation (`!pattern`) decided: the path is re-included.
    public var isNegation: Bool { match?.isNegation ?? false }

    /// `source:line:pattern` (as `git check-ignore -v` prints it), or nil.
    public var origin: String? { match?.origin }
}

/// git's ignore rules for one work tree, evaluated in pure Swift on the ignore files themselves so
/// that each decision names its file, line and pattern. Precedence: the `.gitignore` of the deepest
/// directory first, up to the top one, then `.git/info/exclude`, then `core.excludesFile`; within a
/// file the last matching pattern wins; nothing under an excluded directory can be re-included (its
/// `.gitignore` is not even read). `core.ignoreCase` folds ASCII case as git does.
///
/// Ignore files are read lazily and cached with each directory's decision, so `explain` is
/// `mutating`: use one value per thread.
public struct GitignoreMatcher: Sendable {
    /// Absolute path of the work tree, with a trailing `/`.
    public let workTree: String
    /// `core.ignoreCase`.
    public let ignoreCase: Bool
    /// Files that could not be read (git skips them with a warning; they make an audit incomplete).
    public private(set) var issues: [ScanIssue] = []

    /// Which in-tree `.gitignore` files count.
    enum Scope {
        /// Every `.gitignore` in the work tree, `.git/info/exclude` and `core.excludesFile`: git's view.
        case all
        /// Only tracked `.gitignore` files: what every clone of the repository applies.
        case sharedOnly
    }

    private let scope: Scope
    /// Repo-relative paths of tracked `.gitignore` files; nil when unknown (all count as shared).
    private let trackedIgnoreFiles: Set<String>?
    /// Replacement contents for in-tree ignore files, by repo-relative path (a planned fix).
    private let overrides: [String: [UInt8]]
    /// info/exclude, then core.excludesFile (precedence order).
    private let globalLists: [IgnorePatternList]
    private var lists: [IgnorePatternList] = []
    private var directories: [String: DirectoryState] = [:]

    private struct DirectoryState {
        /// Indexes into `lists` of the `.gitignore` files that apply inside, deepest first.
        var stack: [Int]
        /// The pattern that excludes this directory (or an ancestor); nothing below is re-included.
        var excludedBy: Hit?
    }

    private struct Hit {
        var list: IgnorePatternList
        var pattern: IgnorePattern
    }

    /// The rules of the work tree that contains `path` (a directory or file in it), with the
    /// repository's configuration and the user's global configuration from `environment`.
    public init(repository path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(GitignoreError) {
        try self.init(repository: GitignoreMatcher.openRepository(path), environment: environment)
    }

    init(repository repo: WorkTreeRepository, environment: [String: String]) throws(GitignoreError) {
        let tracked: [String]
        do { tracked = try repo.repository.indexPaths() } catch { throw .git(error) }
        self.init(
            workTree: repo.workTree, gitDirectory: repo.repository.commonDirectory,
            trackedIgnoreFiles: GitignoreMatcher.ignoreFiles(in: tracked), scope: .all, environment: environment)
    }

    /// - Parameters:
    ///   - workTree: absolute path of the work tree.
    ///   - gitDirectory: the (common) git directory, for `config` and `info/exclude`; nil for none.
    init(
        workTree: String, gitDirectory: String?, trackedIgnoreFiles: Set<String>?, scope: Scope,
        environment: [String: String], overrides: [String: [UInt8]] = [:]
    ) {
        self.workTree = workTree.hasSuffix("/") ? workTree : workTree + "/"
        let config = GitIgnoreConfig.load(gitDirectory: gitDirectory, environment: environment)
        self.ignoreCase = config.ignoreCase
        self.scope = scope
        self.trackedIgnoreFiles = trackedIgnoreFiles
        self.overrides = overrides
        var globals: [IgnorePatternList] = []
        var issues: [ScanIssue] = []
        if scope == .all {
            if let gitDirectory {
                let file = GitIgnoreConfig.join(gitDirectory, "info/exclude")
                // Named as git names it from the top of the work tree: `.git/info/exclude`.
                let source = file.hasPrefix(self.workTree) ? String(file.dropFirst(self.workTree.count)) : file
                if let content = GitignoreMatcher.readGlobal(file, issues: &issues) {
                    globals.append(IgnorePatternList(source: source, base: [], kind: .infoExclude, shared: false, content: content))
                }
            }
            if let excludes = config.excludesFile ?? GitIgnoreConfig.xdgConfigPath("ignore", env: environment) {
                let file = excludes.hasPrefix("/") ? excludes : self.workTree + excludes
                if let content = GitignoreMatcher.readGlobal(file, issues: &issues) {
                    globals.append(IgnorePatternList(source: excludes, base: [], kind: .excludesFile, shared: false, content: content))
                }
            }
        }
        self.globalLists = globals
        self.issues = issues
    }

    /// What git decides for the repo-relative `path` (`/`-separated, no leading `/`; a trailing
    /// `/` means a directory). `isDirectory` matters for patterns ending in `/`.
    public mutating func explain(path: String, isDirectory: Bool) -> IgnoreDecision {
        var rel = path
        var isDir = isDirectory
        while rel.hasSuffix("/") {
            rel.removeLast()
            isDir = true
        }
        let bytes = Array(rel.utf8)
        if bytes.isEmpty {  // the top of the work tree is never ignored
            return IgnoreDecision(path: rel, ignored: false, match: nil, shared: false)
        }
        let slash = bytes.lastIndex(of: UInt8(ascii: "/"))
        let parent = slash.map { String(decoding: bytes[...$0], as: UTF8.self) } ?? ""
        let state = directory(parent)
        let hit = state.excludedBy ?? match(bytes, basenameStart: slash.map { $0 + 1 } ?? 0, isDirectory: isDir, stack: state.stack)
        guard let hit else {
            return IgnoreDecision(path: rel, ignored: false, match: nil, shared: false)
        }
        return IgnoreDecision(
            path: rel, ignored: !hit.pattern.negative,
            match: IgnoreMatch(source: hit.list.source, line: hit.pattern.line, pattern: hit.pattern.display), shared: hit.list.shared)
    }

    /// Repo-relative paths of the in-tree ignore files that apply to `directory` (`a/b/`, or "" for
    /// the top), deepest first; empty when the directory is excluded.
    mutating func ignoreFiles(applyingTo directory: String) -> [String] {
        let state = self.directory(directory)
        return state.excludedBy == nil ? state.stack.map { lists[$0].source } : []
    }

    // MARK: internals

    private mutating func directory(_ dir: String) -> DirectoryState {
        if let known = directories[dir] { return known }
        var state: DirectoryState
        if dir.isEmpty {
            state = DirectoryState(stack: load("") ?? [], excludedBy: nil)
        } else {
            let bytes = Array(dir.utf8.dropLast())  // without the trailing slash
            let slash = bytes.lastIndex(of: UInt8(ascii: "/"))
            let parentName = slash.map { String(decoding: bytes[...$0], as: UTF8.self) } ?? ""
            let parent = directory(parentName)
            if parent.excludedBy != nil {
                state = parent
            } else if let hit = match(bytes, basenameStart: slash.map { $0 + 1 } ?? 0, isDirectory: true, stack: parent.stack),
                !hit.pattern.negative
            {
                state = DirectoryState(stack: parent.stack, excludedBy: hit)
            } else {
                state = DirectoryState(stack: (load(dir) ?? []) + parent.stack, excludedBy: nil)
            }
        }
        directories[dir] = state
        return state
    }

    /// Loads `dir/.gitignore` if it exists and counts; returns its index as a one-element array.
    private mutating func load(_ dir: String) -> [Int]? {
        let path = dir + ".gitignore"
        let tracked = trackedIgnoreFiles?.contains(path) ?? true
        if scope == .sharedOnly && !tracked && overrides[path] == nil { return nil }
        let content: [UInt8]
        if let override = overrides[path] {
            content = override
        } else {
            // In-tree ignore files are never followed through a symbolic link (git opens them O_NOFOLLOW).
            let full = workTree + path
            var st = stat()
            guard lstat(full, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
            guard let data = FileManager.default.contents(atPath: full) else {
                issues.append(
                    ScanIssue(
                        kind: .unreadable, path: path, message: "\(path): cannot read this ignore file; its patterns were not applied"))
                return nil
            }
            content = Array(data)
        }
        lists.append(
            IgnorePatternList(
                source: path, base: Array(dir.utf8), kind: .perDirectory,
                shared: tracked || (scope == .sharedOnly && overrides[path] != nil), content: content))
        return [lists.count - 1]
    }

    private func match(_ path: [UInt8], basenameStart: Int, isDirectory: Bool, stack: [Int]) -> Hit? {
        for index in stack {
            if let p = lists[index].lastMatch(path: path, basenameStart: basenameStart, isDirectory: isDirectory, caseFold: ignoreCase) {
                return Hit(list: lists[index], pattern: p)
            }
        }
        for list in globalLists {
            if let p = list.lastMatch(path: path, basenameStart: basenameStart, isDirectory: isDirectory, caseFold: ignoreCase) {
                return Hit(list: list, pattern: p)
            }
        }
        return nil
    }

    private static func readGlobal(_ file: String, issues: inout [ScanIssue]) -> [UInt8]? {
        guard access(file, R_OK) == 0 else {
            if errno != ENOENT && errno != ENOTDIR {
                issues.append(
                    ScanIssue(
                        kind: .unreadable, path: file, message: "\(file): cannot read this ignore file; its patterns were not applied"))
            }
            return nil
        }
        return FileManager.default.contents(atPath: file).map { Array($0) }
    }

    static func openRepository(_ path: String) throws(GitignoreError) -> WorkTreeRepository {
        let outcome: RepositoryLookup.Outcome
        do { outcome = try RepositoryLookup.find(containing: path) } catch { throw .git(error) }
        switch outcome {
        case .pathNotFound: throw .pathNotFound(path)
        case .notARepository: throw .notAGitRepository(path)
        case .found(let repo):
            guard let withWorkTree = WorkTreeRepository(repo) else { throw .bareRepository(path) }
            return withWorkTree
        }
    }

    /// The `.gitignore` files among repo-relative paths.
    static func ignoreFiles(in paths: [String]) -> Set<String> {
        Set(paths.filter { $0 == ".gitignore" || $0.hasSuffix("/.gitignore") })
    }
}
