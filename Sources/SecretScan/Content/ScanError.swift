/// Errors that stop a scan before it starts (per-file problems are `ScanIssue`s instead).
public enum ScanError: Error, Sendable, Equatable, CustomStringConvertible {
    case pathNotFound(String)
    case cannotList(String, String)
    case git(GitError)
    case notAGitRepository(String)
    /// The range or mode needs something the repository lacks (e.g. staged scan of a bare repository).
    case unsupported(String)

    public var description: String {
        switch self {
        case .pathNotFound(let path): return "\(path): no such file or directory; give a path to scan"
        case .cannotList(let path, let reason): return "\(path): cannot list directory: \(reason)"
        case .git(let error): return error.description
        case .notAGitRepository(let path): return "\(path): not inside a git repository; run `secretscan scan` for plain directories"
        case .unsupported(let message): return message
        }
    }
}
