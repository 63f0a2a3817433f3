#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the matching time goes, rule by rule: what `secretscan rules profile` reports. Users of
/// other scanners ask for this when a custom rule makes scans slow.
public struct RuleProfile: Sendable {
    public struct Entry: Sendable, Codable, Equatable {
        public var ruleID: String
        /// Files in which one of the rule's keywords occurs (or every file, for a rule without keywords).
        public var files = 0
        /// Keyword occurrences of a windowed rule (nil for a rule that runs on the whole file).
        public var keywordHits: Int?
        /// Regex executions (one per window, or per match attempt after a match).
        public var regexRuns = 0
        /// Regex matches, before entropy, placeholder and allowlist filters.
        public var matches = 0
        /// Findings the rule reported after every filter and the yielding between rules.
        public var findings = 0
        /// Time spent running the rule (regex and filters), in nanoseconds.
        public var nanoseconds: UInt64 = 0

        enum CodingKeys: String, CodingKey {
            case ruleID = "rule_id"
            case files
            case keywordHits = "keyword_hits"
            case regexRuns = "regex_runs"
            case matches, findings
            case nanoseconds
        }
    }

    public var entries: [Entry]
    /// Time in the keyword prefilter (one pass per file), in nanoseconds.
    public var prefilterNanoseconds: UInt64 = 0
    public var files = 0
    public var bytes = 0

    init(ruleIDs: [String]) {
        entries = ruleIDs.map { Entry(ruleID: $0) }
    }

    /// Entries by time spent, most first.
    public var byTime: [Entry] { entries.sorted { ($0.nanoseconds, $0.regexRuns) > ($1.nanoseconds, $1.regexRuns) } }
    public var totalNanoseconds: UInt64 { entries.reduce(prefilterNanoseconds) { $0 + $1.nanoseconds } }
}

/// Runs one profiling worker over content already in memory.
public enum RuleProfiler {
    public static func profile(_ detector: Detector, contents: [(path: String, bytes: [UInt8])]) -> RuleProfile {
        let worker = detector.makeWorker()
        worker.profile = RuleProfile(ruleIDs: detector.rules.map(\.rule.id))
        var index: [String: Int] = [:]
        for (i, r) in detector.rules.enumerated() where index[r.rule.id] == nil { index[r.rule.id] = i }
        for (path, bytes) in contents {
            let findings = bytes.withUnsafeBytes { worker.scan($0, path: path).findings }
            for f in findings {
                if let i = index[f.ruleID] { worker.profile!.entries[i].findings += 1 }
            }
            worker.profile!.files += 1
            worker.profile!.bytes += bytes.count
        }
        return worker.profile!
    }

    @inline(__always) static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
