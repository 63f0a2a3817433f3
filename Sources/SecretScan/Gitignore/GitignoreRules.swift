/// The gitignore audit's rule ids, with what each reports and its default severity.
public enum GitignoreRuleID: String, Sendable, CaseIterable {
    /// A sensitive pattern's example paths are not ignored by any committed `.gitignore`.
    case notCovered = "gitignore-not-covered"
    /// A negation (or a nested `.gitignore`) re-includes a sensitive file.
    case negated = "gitignore-negated"
    /// Only `.git/info/exclude`, `core.excludesFile` or an uncommitted `.gitignore` ignores it.
    case notShared = "gitignore-not-shared"
    /// A file with a sensitive name is in the index.
    case trackedSensitive = "gitignore-tracked-sensitive"
    /// A tracked file that the ignore rules exclude (`git ls-files -ci --exclude-standard`).
    case trackedIgnored = "gitignore-tracked-ignored"
    /// A sensitive file in the work tree, neither tracked nor ignored.
    case exposedUntracked = "gitignore-exposed-untracked"
    /// A template (`.env.example`…) that `.gitignore` ignores.
    case templateIgnored = "gitignore-template-ignored"

    public var description: String {
        switch self {
        case .notCovered: "Sensitive file pattern not ignored by the committed .gitignore files"
        case .negated: "Sensitive file re-included by a negation in .gitignore"
        case .notShared: "Sensitive file pattern ignored only on this machine, not by a committed .gitignore"
        case .trackedSensitive: "Sensitive file committed to the repository"
        case .trackedIgnored: "Tracked file that the ignore rules exclude"
        case .exposedUntracked: "Sensitive file in the work tree that `git add .` would commit"
        case .templateIgnored: "Template file ignored by .gitignore"
        }
    }

    /// Severity when the pattern is not `required`; required patterns raise the coverage findings
    /// (not-covered and negated to high, not-shared to medium). A pattern nobody covers is an
    /// advisory (`low`): nearly every repository lacks part of the list.
    public var defaultSeverity: Severity {
        switch self {
        case .negated, .trackedIgnored: .medium
        case .notCovered, .notShared, .templateIgnored: .low
        case .trackedSensitive, .exposedUntracked: .high
        }
    }
}
