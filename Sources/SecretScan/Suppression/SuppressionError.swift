/// Errors in ignore files and baselines: each names the file and, where there is one, the line.
public enum SuppressionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case invalidEntry(file: String, line: Int, message: String)
    case invalidBaseline(file: String, message: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "\(file): cannot read: \(reason)"
        case .invalidEntry(let file, let line, let message): return "\(file):\(line): \(message)"
        case .invalidBaseline(let file, let message):
            return "\(file): not a SecretScan baseline: \(message); create one with `secretscan baseline`"
        }
    }
}
