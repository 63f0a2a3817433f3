import Foundation

/// Options for scans of git history, commit ranges and the staged index.
public struct HistoryOptions: Sendable {
    /// Also scan objects that no ref reaches (dangling commits and blobs).
    public var allObjects = false
    /// Blobs larger than this many bytes are skipped (and counted).
    public var maxFileSize = 10 * 1024 * 1024
    /// Worker threads reading and scanning blobs.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Live counters for a progress display.
    public var progress: ScanProgress?
    /// Range scans: also leave out commits that any remote-tracking ref reaches (what a push sends).
    public var notRemotes = false
    /// Infrastructure-code checks to run on each blob (nil: none).
    public var iac: IaCScanner?
    /// Walk every blob whole for keywords, instead of reusing the walk of the blob a delta built it
    /// from (`KeywordReuse`; the findings are the same, this is for comparison and diagnosis).
    public var wholeBlobs = false

    public init() {}
}

/// Which commits a range scan looks at.
public enum CommitSelection: Sendable, Equatable {
    /// `A..B`: commits reachable from B and not from A (an empty side means HEAD).
    case range(String)
    /// Commits after REV up to HEAD (`REV..HEAD`).
    case since(String)
    /// Every commit reachable from REF.
    case branch(String)
}
