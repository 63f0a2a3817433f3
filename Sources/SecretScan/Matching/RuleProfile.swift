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
        /// Time spent running the rule (regex and filters), in nanoseconds; not its compile.
        public var nanoseconds: UInt64 = 0
        /// Time spent compiling the rule's patterns (and their JIT code) at their first use, in
        /// nanoseconds: paid once per process, so apart from `nanoseconds`.
        public var compileNanoseconds: UInt64 = 0

        enum CodingKeys: String, CodingKey {
            case ruleID = "rule_id"
            case files
            case keywordHits = "keyword_hits"
            case regexRuns = "regex_runs"
            case matches, findings
            case nanoseconds
            case compileNanoseconds = "compile_nanoseconds"
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
    /// Time compiling patterns at their first use (not in `totalNanoseconds`).
    public var compileNanoseconds: UInt64 { entries.reduce(0) { $0 + $1.compileNanoseconds } }
}

/// Runs one profiling worker over content already in memory.
public enum RuleProfiler {
    public static func profile(_ detector: Detector, contents: [(path: String, bytes: [UInt8])]) -> RuleProfile {
        let worker = detector.makeWorker()
        worker.profile = RuleProfile(ruleIDs: detector.rules.map(\.rule.id))
        var index: [String: Int] = [:]
        for (i, r) in detector.rules.enumerated() where index[r.rule.id] == nil { index[r.rule.id] = i }
        for (path, bytes) in contents {
            // A file whose scan the thread was switched out of (the scheduler's tick is 4 ms, more
            // than most files take) is scanned again: else one rule shows a stall as its own cost.
            var attempts = 0
            while true {
                let before = worker.profile!
                let switches = contextSwitches()
                let findings = bytes.withUnsafeBytes { worker.scan($0, path: path).findings }
                attempts += 1
                if attempts < 4 && contextSwitches() != switches {
                    // The patterns compiled during the first attempt stay compiled: keep their time.
                    let compiles = worker.profile!.entries.map(\.compileNanoseconds)
                    worker.profile = before
                    for (i, t) in compiles.enumerated() { worker.profile!.entries[i].compileNanoseconds = t }
                    continue
                }
                for f in findings {
                    if let i = index[f.ruleID] { worker.profile!.entries[i].findings += 1 }
                }
                break
            }
            worker.profile!.files += 1
            worker.profile!.bytes += bytes.count
        }
        return worker.profile!
    }

    /// Context switches of the calling thread so far, voluntary or not.
    static func contextSwitches() -> Int {
        #if os(Linux)
            // RUSAGE_THREAD (1): Glibc's module does not export the constant.
            var usage = rusage()
            guard getrusage(__rusage_who_t(1), &usage) == 0 else { return 0 }
            return usage.ru_nvcsw + usage.ru_nivcsw
        #else
            return 0
        #endif
    }

    @inline(__always) static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
