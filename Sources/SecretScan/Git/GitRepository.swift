import CGit2
import Foundation

/// An open git repository. Owns its `git_repository` handle (and transient index/status handles).
/// Not thread-safe: use one instance per thread.
final class GitRepository {
    let handle: OpaquePointer
    /// The object database, opened on first use.
    var odbHandle: OpaquePointer?
    /// Trees parsed by `treeChanges`, kept for the next commits' diffs.
    var treeCache = GenerationCache<ObjectID, ParsedTree>(budget: 8 << 20)
    /// Bytes of rebuilt objects the pack reader keeps; set before its first use. Blob readers, which
    /// go along delta chains in order, need little; a history walk's tree diffs reach further back.
    var packCacheBudget = 12 << 20
    /// Pack reader for history scans (trees and blobs), created on first use; nil when unusable.
    lazy var packStore: PackStore? = {
        guard let common = git_repository_commondir(handle).map({ String(cString: $0) }) else { return nil }
        let store = PackStore(
            objectsDirectory: common + (common.hasSuffix("/") ? "" : "/") + "objects", cacheBudget: packCacheBudget)
        return store.isEmpty ? nil : store
    }()
    /// Sizes the caches for a history walk's tree diffs: trees reach further back along their delta
    /// chains than blobs read in chain order do (the caches are emptied before blobs are read).
    func useWalkCaches() {
        packCacheBudget = 32 << 20
        treeCache = GenerationCache(budget: 16 << 20)
    }

    /// Empties the tree and object caches, keeping the handles (a history walk is done with them).
    func clearCaches() {
        treeCache.removeAll()
        packStore?.clearCache()
    }

    /// Absolute path of the working directory, with a trailing `/`; nil for a bare repository.
    let workdir: String?
    /// Absolute path of the git directory (`.git/`, or the bare repository itself).
    let gitDirectory: String

    /// Initialises libgit2 once (every other entry point does it first too).
    static func initialize() { _ = initialized }

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

    static func lastError(_ code: Int32, _ operation: String, _ path: String) -> GitError {
        let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown error"
        return .libgit2(operation: operation, path: path, code: code, message: message)
    }
}
