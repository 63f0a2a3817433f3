/// Errors that stop a scan before it starts (per-file problems are `ScanIssue`s instead).
public enum ScanError: Error, Sendable, Equatable, CustomStringConvertible {
    case pathNotFound(String)
    case cannotList(String, String)
    case git(GitError)
    case notAGitRepository(String)
    /// The range or mode needs something the repository lacks (e.g. staged scan of a bare repository).
    case unsupported(String)
    /// An ignore file or baseline cannot be used.
    case suppression(SuppressionError)
    /// The `.gitignore` audit could not run (when it is the only analysis asked for).
    case gitignore(GitignoreError)

    public var description: String {
        switch self {
        case let .pathNotFound(path): return "\(path): no such file or directory; give a path to scan"
        case let .cannotList(path, reason): return "\(path): cannot list directory: \(reason)"
        case let .git(error): return error.description
        case let .notAGitRepository(path): return "\(path): not inside a git repository; run `secretscan scan` for plain directories"
        case let .unsupported(message): return message
        case let .suppression(error): return error.description
        case let .gitignore(error): return error.description
        }
    }
}
