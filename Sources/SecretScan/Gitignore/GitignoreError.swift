/// Errors that stop a gitignore audit, explanation or fix.
public enum GitignoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path does not exist.
    case pathNotFound(String)
    /// The path is not inside a git work tree.
    case notAGitRepository(String)
    /// A bare repository has no work tree and no `.gitignore` to check.
    case bareRepository(String)
    case git(GitError)
    /// `--fix` would change a `.gitignore` that has uncommitted changes (and `force` was not given).
    case uncommittedChanges(path: String)
    /// An ignore file could not be written.
    case cannotWrite(path: String, message: String)
    /// An ignore file could not be read (a `.gitignore` that `--fix` must extend).
    case cannotRead(path: String, message: String)
    /// A `[gitignore]` pattern from the configuration cannot be used.
    case invalidPattern(String, reason: String)
    /// A path to explain is outside the work tree.
    case outsideRepository(String)

    public var description: String {
        switch self {
        case .pathNotFound(let path):
            return "\(path): no such file or directory"
        case .notAGitRepository(let path):
            return "\(path): not inside a git work tree; gitignore checks need a repository (run `git init` first)"
        case .bareRepository(let path):
            return "\(path): a bare repository has no work tree to check; run this in a clone"
        case .git(let error):
            return error.description
        case .uncommittedChanges(let path):
            return "\(path) has uncommitted changes; commit or stash them first so the fix can be reviewed on its own, or pass --force"
        case .cannotWrite(let path, let message):
            return "\(path): cannot write: \(message)"
        case .cannotRead(let path, let message):
            return "\(path): cannot read: \(message)"
        case .invalidPattern(let pattern, let reason):
            return "[gitignore] pattern '\(pattern)': \(reason)"
        case .outsideRepository(let path):
            return "\(path): outside the repository's work tree"
        }
    }
}
