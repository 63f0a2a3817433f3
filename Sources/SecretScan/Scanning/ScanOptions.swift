/// Options for scanning files.
public struct ScanOptions: Sendable {
    /// Also scan files that git ignores.
    public var includeIgnored = false
    /// Files larger than this many bytes are skipped (and counted).
    public var maxFileSize = 10 * 1024 * 1024
    /// Worker threads; defaults to the number of active cores.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}
}

/// Everything a scan produced. `isComplete` is false when any file or rule could not be fully checked.
public struct ScanResult: Sendable {
    public var findings: [Finding]
    public var issues: [ScanIssue]
    public var stats: ScanStats
    public var isGitRepository: Bool

    public var isComplete: Bool { issues.isEmpty }
}

import Foundation
