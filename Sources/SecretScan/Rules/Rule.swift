/// Where a rule (or an error about it) was defined.
public struct RuleOrigin: Sendable, Hashable, Codable {
    /// File name of the rule file (for embedded defaults, e.g. `rules/aws.toml`).
    public var file: String
    /// 1-based line of the rule's `[[rules]]` header.
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
}

/// A snippet a rule must (or must not) find a secret in; `path` is used for rules restricted by `path`.
public struct RuleExample: Sendable, Hashable {
    public var path: String?
    public var text: String

    public init(path: String? = nil, text: String) {
        self.path = path
        self.text = text
    }
}

/// Another rule whose finding must lie near a composite rule's match (gitleaks `[[rules.required]]`,
/// betterleaks `[[rules.components]]`).
public struct RuleRequirement: Sendable, Hashable {
    public var ruleID: String
    /// Maximum distance in lines between the two findings (nil: any).
    public var withinLines: Int?
    /// Maximum distance in columns between the two findings (nil: any).
    public var withinColumns: Int?
    /// An optional component is named when present but is not needed for the finding.
    public var optional: Bool

    public init(ruleID: String, withinLines: Int? = nil, withinColumns: Int? = nil, optional: Bool = false) {
        self.ruleID = ruleID
        self.withinLines = withinLines
        self.withinColumns = withinColumns
        self.optional = optional
    }
}

/// A checksum embedded in a token format; a valid one raises a finding's confidence.
public enum TokenChecksum: String, Sendable, CaseIterable {
    /// The last 6 characters are the base62 (0-9A-Za-z) CRC32 of the characters between the
    /// prefix (up to the last `_`) and them: GitHub's and npm's token formats.
    case crc32Base62 = "crc32-base62"
    /// A JSON Web Token: the header must decode to a JSON object with an `alg` other than `none`
    /// and the payload to a JSON object; anything else is not a token, and is not reported.
    case jwt
    /// Bech32 (BIP-173): the part after the last `1` ends with a 6-character checksum over the
    /// human-readable part before it and the data (age secret keys).
    case bech32
    /// A PEM private key: its body must be base64 of whole groups that decodes to a DER SEQUENCE
    /// (or `openssh-key-v1`); a body that is not fails (reported with low confidence).
    case pem
}

/// One detection rule, in gitleaks v8 terms plus SecretScan's additions.
public struct Rule: Sendable {
    public var id: String
    public var description: String
    /// PCRE2 pattern run on bytes; nil for a path-only rule (the file's presence is the finding).
    public var regex: String?
    /// Capture group holding the secret; nil: the first group that participated, else the whole match.
    public var secretGroup: Int?
    /// Minimum Shannon entropy (bits per byte) of the secret.
    public var entropy: Double?
    /// Lower-case substrings; the rule runs on content only when one of them occurs (case-insensitive).
    public var keywords: [String]
    /// PCRE2 pattern on the `/`-separated relative path; the rule applies only to matching paths.
    public var path: String?
    public var tags: [String]
    public var allowlists: [Allowlist]
    public var severity: Severity
    public var confidence: Confidence
    public var remediation: String?
    public var examples: [RuleExample]
    public var negativeExamples: [RuleExample]
    public var origin: RuleOrigin
    /// Composite rules: other rules that must match nearby.
    public var required: [RuleRequirement] = []
    /// Only a component of composite rules: never reported on its own.
    public var skipReport = false
    public var checksum: TokenChecksum?
    /// Match only near the rule's keyword occurrences (from `Detector.windowBefore` bytes before one to
    /// `Detector.windowAfter` bytes after it) instead of across the whole content. Safe when every
    /// match contains, or sits right next to, a keyword. nil: the loader decides (on for the built-in
    /// rules, off for user rules, which keep gitleaks' whole-file semantics).
    public var keywordWindow: Bool?
    /// SecretScan extension: the rule finds literals by what they are given to (a password field,
    /// an API key constant), so each finding's confidence comes from its context: high for a
    /// random-looking value, low under test, fixture, example or docs paths, medium otherwise.
    public var contextConfidence = false
    /// SecretScan extension: every match starts at (or just before) one of the rule's keywords, as
    /// a `password = "…"` match starts at its name; the regex then runs only there, not in the
    /// whole window around each keyword. Implies `keywordWindow`.
    public var keywordAnchored = false
    /// SecretScan extension: every match holds one of the rule's keywords starting at most this many
    /// bytes after the match's start (e.g. 28 for `(?:smtp|ses|mail)[\w.-]{0,24}?(?:pass|pwd|secret)`
    /// with keywords `pass`, `pwd`, `secret`): the regex runs only that far before each keyword, as
    /// for `keywordAnchored`, whose reach is 16 (a smaller N counts as 16). Implies `keywordWindow`.
    public var keywordReach: Int?
    /// SecretScan extension: every match holds one of the rule's keywords and no line feed (a
    /// connection string, a URL): the regex then searches only from the start of each keyword's line
    /// to the keyword, not the whole window around it. Implies `keywordWindow`.
    public var keywordLine = false
    /// SecretScan extension: the shape the bytes right after a keyword must have for a match to start
    /// near it (`FollowPattern` syntax: byte sets with quantifiers), checked before the regex runs
    /// there. Implies `keywordWindow`.
    public var keywordFollowedBy: String?
    /// SecretScan extension: the `[[verifiers]]` entry `--verify` uses for this rule's findings.
    public var verify: String?
    /// Compile `regex` at its first match instead of when the rule set is loaded. Set for the
    /// built-in rules when they are loaded to scan (not for `rules test`, which compiles them all, nor
    /// for any rule file a user gives): their patterns are known to compile, and a pre-commit run then
    /// compiles only the few it runs.
    public var compileOnFirstUse = false

    public init(
        id: String, description: String = "", regex: String? = nil, secretGroup: Int? = nil,
        entropy: Double? = nil, keywords: [String] = [], path: String? = nil, tags: [String] = [],
        allowlists: [Allowlist] = [], severity: Severity = .high, confidence: Confidence = .medium,
        remediation: String? = nil, examples: [RuleExample] = [], negativeExamples: [RuleExample] = [],
        origin: RuleOrigin = RuleOrigin(file: "<inline>", line: 0)
    ) {
        self.id = id
        self.description = description
        self.regex = regex
        self.secretGroup = secretGroup
        self.entropy = entropy
        self.keywords = keywords
        self.path = path
        self.tags = tags
        self.allowlists = allowlists
        self.severity = severity
        self.confidence = confidence
        self.remediation = remediation
        self.examples = examples
        self.negativeExamples = negativeExamples
        self.origin = origin
    }
}
