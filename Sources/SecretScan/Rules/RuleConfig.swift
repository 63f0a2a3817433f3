/// A complete, resolved rule configuration: what the engine runs.
public struct RuleConfig: Sendable {
    public var title: String?
    public var rules: [Rule]
    /// Global allowlists, applied to every rule (or to `targetRules`).
    public var allowlists: [Allowlist]
    /// What the loaded files contain that SecretScan skips (e.g. betterleaks Expr programs).
    public var warnings: [String] = []

    public init(title: String? = nil, rules: [Rule] = [], allowlists: [Allowlist] = []) {
        self.title = title
        self.rules = rules
        self.allowlists = allowlists
    }
}
