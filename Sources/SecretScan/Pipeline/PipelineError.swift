/// Why the pipeline could not produce a report: the source could not be read, an ignore file or
/// baseline cannot be used, or the `.gitignore` audit (when it is the only analysis) could not run.
/// Each case carries its domain's error, whose message names the file or path and what to change.
public enum PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    case scan(ScanError)
    case suppression(SuppressionError)
    case gitignore(GitignoreError)
    /// A baseline of a scan that could not check everything would hide what it missed.
    case incompleteBaseline(errors: Int)

    public var description: String {
        switch self {
        case .scan(let error): error.description
        case .suppression(let error): error.description
        case .gitignore(let error): error.description
        case .incompleteBaseline(let errors):
            "the scan is incomplete (\(errors) error(s) above); a baseline of it would hide what was not checked: fix them and record again"
        }
    }
}
