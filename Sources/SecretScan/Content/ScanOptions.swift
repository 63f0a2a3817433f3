import Foundation

/// Options for scanning files.
public struct ScanOptions: Sendable {
    /// Also scan files that git ignores.
    public var includeIgnored = false
    /// Files larger than this many bytes are skipped (and counted).
    public var maxFileSize = 10 * 1024 * 1024
    /// Worker threads; defaults to the number of active cores.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Infrastructure-code checks to run on each file (nil: none).
    public var iac: IaCScanner?

    public init() {}
}
