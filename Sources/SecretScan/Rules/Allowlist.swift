/// A gitleaks-style allowlist: a finding it matches is dropped.
///
/// With `condition = "OR"` (the default) any one criterion suffices; with `"AND"` every
/// criterion that is set must match.
public struct Allowlist: Sendable {
    public enum Condition: String, Sendable {
        case or = "OR"
        case and = "AND"
    }
    public enum RegexTarget: String, Sendable { case secret, match, line }

    public var description: String?
    public var condition: Condition
    /// Commit ids (used by history scans).
    public var commits: [String]
    /// PCRE2 patterns on the relative path.
    public var paths: [String]
    /// PCRE2 patterns on `regexTarget`.
    public var regexes: [String]
    public var regexTarget: RegexTarget
    /// Case-insensitive substrings of the secret.
    public var stopwords: [String]
    /// For global allowlists: only these rule ids (empty: all rules).
    public var targetRules: [String]
    /// Where a global allowlist was defined (for error messages).
    public var origin: RuleOrigin?

    public init(
        description: String? = nil, condition: Condition = .or, commits: [String] = [],
        paths: [String] = [], regexes: [String] = [], regexTarget: RegexTarget = .secret,
        stopwords: [String] = [], targetRules: [String] = []
    ) {
        self.description = description
        self.condition = condition
        self.commits = commits
        self.paths = paths
        self.regexes = regexes
        self.regexTarget = regexTarget
        self.stopwords = stopwords
        self.targetRules = targetRules
    }

    var isEmpty: Bool { commits.isEmpty && paths.isEmpty && regexes.isEmpty && stopwords.isEmpty }
}
