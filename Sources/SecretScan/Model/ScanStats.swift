/// Counters describing what a scan looked at and what it skipped.
public struct ScanStats: Sendable, Hashable, Codable {
    public var filesScanned = 0
    public var bytesScanned = 0
    public var filesSkippedBinary = 0
    public var filesSkippedTooLarge = 0
    public var filesSkippedSymlink = 0
    /// Sockets, FIFOs, devices: never opened.
    public var filesSkippedSpecial = 0
    public var filesUnreadable = 0
    public var rulesLoaded = 0
    public var durationSeconds = 0.0
    /// Findings silenced by inline markers, ignore files or a baseline.
    public var suppressed = 0
    /// Findings left out for being below `--min-confidence`.
    public var belowMinConfidence = 0
    /// `--verify`: distinct credentials checked (one request each).
    public var verifiedCredentials: Int?
    /// `--only-verified`: findings left out because they were not verified valid.
    public var notVerified: Int?
    /// Set by history, range and staged scans.
    public var history: HistoryStats?

    public init() {}

    mutating func add(_ o: ScanStats) {
        filesScanned += o.filesScanned
        bytesScanned += o.bytesScanned
        filesSkippedBinary += o.filesSkippedBinary
        filesSkippedTooLarge += o.filesSkippedTooLarge
        filesSkippedSymlink += o.filesSkippedSymlink
        filesSkippedSpecial += o.filesSkippedSpecial
        filesUnreadable += o.filesUnreadable
    }
}

/// Counters specific to scans of git objects.
public struct HistoryStats: Sendable, Hashable, Codable {
    public var commitsScanned = 0
    /// Distinct blobs read and scanned (each once).
    public var blobsScanned = 0
    public var submodulesSkipped = 0
    public var lfsPointersSkipped = 0
    /// The repository is a shallow clone: history before its boundary is absent.
    public var shallow = false

    public init() {}
}
