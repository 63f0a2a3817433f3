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
