/// `[gitignore]` in `.secretscan.toml`: changes to the list of sensitive file patterns.
public struct GitignoreSettings: Sendable, Equatable {
    /// Patterns (gitignore syntax) added to the default sensitive list.
    public var add: [String] = []
    /// Default patterns to drop from the list.
    public var remove: [String] = []
    /// Patterns whose missing coverage is reported at high severity (required by policy).
    public var required: [String] = []

    public init(add: [String] = [], remove: [String] = [], required: [String] = []) {
        self.add = add
        self.remove = remove
        self.required = required
    }
}

/// `[report]` in `.secretscan.toml`: how results turn into an exit status.
public struct ReportSettings: Sendable, Equatable {
    /// The lowest severity that fails a scan (exit 1); nil: the command's default (`medium`).
    public var failOn: Severity?
    /// Findings below this confidence are left out of the report; nil: all are reported.
    public var minConfidence: Confidence?

    public init(failOn: Severity? = nil, minConfidence: Confidence? = nil) {
        self.failOn = failOn
        self.minConfidence = minConfidence
    }
}

/// A complete, resolved rule configuration: what the engine runs.
public struct RuleConfig: Sendable {
    public var title: String?
    public var rules: [Rule]
    /// Global allowlists, applied to every rule (or to `targetRules`).
    public var allowlists: [Allowlist]
    /// What the loaded files contain that SecretScan skips (e.g. betterleaks Expr programs).
    public var warnings: [String] = []
    /// `[gitignore]` settings (from the last file that set them).
    public var gitignore = GitignoreSettings()
    /// `[iac] disabled = [...]`: infrastructure checks turned off by id.
    public var disabledIaCChecks: [String] = []
    /// `[report]` settings (from the last file that set them).
    public var report = ReportSettings()
    /// `[[verifiers]]` entries by name: how `--verify` checks the findings of rules that name one.
    public var verifiers: [String: VerifierSpec] = [:]
    /// `[verify] endpoints`: base URLs that replace verifiers' endpoints, by verifier name.
    public var verifyEndpoints: [String: String] = [:]

    public init(title: String? = nil, rules: [Rule] = [], allowlists: [Allowlist] = []) {
        self.title = title
        self.rules = rules
        self.allowlists = allowlists
    }
}
