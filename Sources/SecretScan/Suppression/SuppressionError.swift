/// Errors in ignore files and baselines: each names the file and, where there is one, the line.
public enum SuppressionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case invalidEntry(file: String, line: Int, message: String)
    case invalidBaseline(file: String, message: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot read: \(reason)"
        case let .invalidEntry(file, line, message): return "\(file):\(line): \(message)"
        case let .invalidBaseline(file, message): return "\(file): not a SecretScan baseline: \(message); create one with `secretscan baseline`"
        }
    }
}
