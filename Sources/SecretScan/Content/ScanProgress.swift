import Synchronization

/// Live counters of a running scan, for a progress display. The core only updates them; the caller
/// decides whether and how to show them.
public final class ScanProgress: Sendable {
    public let commits = Atomic<Int>(0)
    public let blobs = Atomic<Int>(0)
    public let bytes = Atomic<Int>(0)

    public init() {}
}
