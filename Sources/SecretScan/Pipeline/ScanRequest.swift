import Foundation

/// What a scan looks at, what it looks for, what it leaves out and when it fails: everything a
/// command tells the pipeline.
public struct ScanRequest: Sendable {
    /// Where the content comes from.
    public enum Source: Sendable, Equatable {
        /// A directory (a git work tree or any folder) or a single file.
        case workingTree(includeIgnored: Bool)
        /// Every blob reachable from every ref (with `allObjects`, unreachable ones too).
        case history(allObjects: Bool)
        /// The commits of a range; only lines they add are reported.
        case range(CommitSelection, notRemotes: Bool)
        /// The staged (index) version of changed files; only lines the change adds.
        case staged
        /// Bytes read from standard input (or any stream), reported under `name`.
        case stream(name: String)
    }

    /// What the pipeline runs besides the secret rules (which run whenever the request has a
    /// detector).
    public struct Analyses: Sendable {
        /// Infrastructure-code checks (nil: none).
        public var iac: IaCScanner?
        /// The `.gitignore` coverage audit of the work tree (nil: none). Runs for working-tree
        /// sources in a git repository only.
        public var gitignore: CoverageStyle?
        /// What the infrastructure code of the work tree defines (`ScanReport.inventory`), for the
        /// checklist. Working-tree sources only.
        public var inventory: Bool

        public init(iac: IaCScanner? = nil, gitignore: CoverageStyle? = nil, inventory: Bool = false) {
            self.iac = iac
            self.gitignore = gitignore
            self.inventory = inventory
        }
    }

    /// What is taken out of the report.
    public struct Suppression: Sendable {
        /// Ignore files to apply; nil: `.secretscanignore` and `.gitleaksignore` at the scanned root
        /// when present.
        public var ignoreFiles: [String]?
        /// A baseline file, or any SecretScan JSON or SARIF report: findings it holds are suppressed.
        public var baseline: String?

        public init(ignoreFiles: [String]? = nil, baseline: String? = nil) {
            self.ignoreFiles = ignoreFiles
            self.baseline = baseline
        }
    }

    /// The directory, file or repository the source reads (for `.stream`, only where ignore files
    /// are looked for).
    public var path: String
    public var source: Source
    public var analyses: Analyses
    public var suppression: Suppression
    /// The configuration: `[gitignore]`, `[report]` and the rules.
    public var config: RuleConfig
    /// The rules, compiled; nil for a request that reads no content (the `.gitignore` audit alone).
    public var detector: Detector?
    /// Files and blobs larger than this many bytes are skipped (and counted).
    public var maxFileSize = 10 * 1024 * 1024
    /// Worker threads; defaults to the number of active cores.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Live counters for a progress display (history and range sources).
    public var progress: ScanProgress?
    /// History and range sources: walk every blob whole for keywords (`HistoryOptions.wholeBlobs`).
    public var wholeBlobs = false
    /// For `.stream`: the bytes to scan.
    public var streamContent: [UInt8] = []
    /// The lowest severity that fails the scan; nil: the configuration's `[report] failOn`, else
    /// `medium`.
    public var failOn: Severity?
    /// Findings below this confidence are left out; nil: the configuration's `[report]
    /// minConfidence`, else every finding is reported.
    public var minConfidence: Confidence?
    /// `--verify`: check reported secrets live (nil: never; nothing leaves the machine).
    public var verification: VerificationSettings?

    /// A scan of `source` with the detector's rules, and `analyses` besides.
    public init(
        path: String, source: Source, detector: Detector, analyses: Analyses = Analyses(),
        suppression: Suppression = Suppression()
    ) {
        self.path = path
        self.source = source
        self.config = detector.config
        self.detector = detector
        self.analyses = analyses
        self.suppression = suppression
    }

    /// The `.gitignore` audit of the work tree at `path` alone: no content is read, no rule compiled.
    public init(gitignoreAuditOf path: String, style: CoverageStyle, config: RuleConfig, suppression: Suppression = Suppression()) {
        self.path = path
        self.source = .workingTree(includeIgnored: false)
        self.config = config
        self.detector = nil
        self.analyses = Analyses(gitignore: style)
        self.suppression = suppression
    }

    /// The confidence floor in force, if any.
    public var confidenceFloor: Confidence? { minConfidence ?? config.report.minConfidence }

    /// The threshold in force: the request's, else the configuration's, else `medium`.
    public var threshold: Severity { failOn ?? config.report.failOn ?? .medium }
}
