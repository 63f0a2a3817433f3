/// Errors from reading a git repository.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libgit2 reported an error; `operation` says what SecretScan was doing.
    case libgit2(operation: String, path: String, code: Int32, message: String)

    public var description: String {
        switch self {
        case let .libgit2(operation, path, code, message):
            return "\(path): git: cannot \(operation): \(message) (libgit2 error \(code))"
        }
    }
}
