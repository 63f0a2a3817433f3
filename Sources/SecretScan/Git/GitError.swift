/// Errors from reading a git repository.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libgit2 reported an error; `operation` says what SecretScan was doing.
    case libgit2(operation: String, path: String, code: Int32, message: String)
    /// A revision given by the user (range end, --since-commit, --branch) does not resolve.
    case unknownRevision(String, message: String)

    public var description: String {
        switch self {
        case .libgit2(let operation, let path, let code, let message):
            return "\(path): git: cannot \(operation): \(message) (libgit2 error \(code))"
        case .unknownRevision(let rev, let message):
            return
                """
                git: revision '\(rev)' is not in this repository (\(message)); in a shallow CI clone, fetch more history (e.g. \
                actions/checkout with fetch-depth: 0, or git fetch --unshallow)
                """
        }
    }
}
