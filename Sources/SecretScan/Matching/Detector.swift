import Dispatch
import Synchronization

/// The matching engine: a compiled rule set that turns bytes into findings.
///
/// Thread-safe and shared by all workers; each worker scans through its own `DetectorWorker`.
public final class Detector: Sendable {
    public let config: RuleConfig
    let rules: [CompiledRule]
    let globalAllowlists: [CompiledAllowlist]
    /// Per rule: whether a global allowlist that names it in `targetRules` can allow a whole file by its path.
    let targetedByPathGlobals: [Bool]
    let prefilter: KeywordPrefilter
    /// Rules with no keywords: they run on every file.
    let unkeyedRules: [Int]
    /// Every pattern that matches on paths, in a fixed order (see `DetectorWorker.pathProfile`).
    let pathRegexes: [CompiledRegex]
    /// Whether any rule is composite or report-suppressed (enables the composite pass).
    let hasComposites: Bool
    /// Whether any rule judges only a file's path.
    let hasPathOnlyRules: Bool

    /// Encodings nested deeper than this are not decoded.
    static let decodeDepth = 2
    /// Decoded bytes per file at most, across all segments and depths.
    static let decodeBudget = 1 << 20

    /// Bytes either side of a secret that count as "its line" for inline markers and `line`
    /// allowlists; bounds the work per candidate on minified single-line files.
    static let lineWindowMargin = 4096

    /// A windowed rule's match must start at most this many bytes before the start of a keyword
    /// occurrence (room for context such as a connection string's other fields)…
    static let windowBefore = 4096
    /// …or at most this many bytes after its end.
    static let windowAfter = 1024
    /// A keyword-anchored rule's match starts at most this many bytes before its keyword (plus the
    /// longest keyword's length), and never after the keyword's end.
    static let anchorSlack = 16

    /// Compiles every rule; the first rule that does not compile is reported with its file and line.
    public init(config: RuleConfig) throws(RuleError) {
        // The rules compile on every core, and the keyword automaton is built beside them (this is
        // most of a pre-commit run's start-up); results are taken in rule order, so the first error
        // and the warnings are as if one by one.
        let ruleCount = config.rules.count
        let outcomes = Mutex([Result<CompiledRule, RuleError>?](repeating: nil, count: ruleCount))
        let speculative = Mutex<KeywordPrefilter?>(nil)
        let chunk = 32
        let chunks = (ruleCount + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks + 1) { k in
            guard k < chunks else {
                let p = Detector.prefilter(for: config.rules)
                speculative.withLock { $0 = p }
                return
            }
            for i in (k * chunk)..<min(ruleCount, (k + 1) * chunk) {
                let outcome = Result { () throws(RuleError) in try CompiledRule(config.rules[i]) }
                outcomes.withLock { $0[i] = outcome }
            }
        }
        var compiled: [CompiledRule] = []
        compiled.reserveCapacity(config.rules.count)
        var config = config
        var kept: [Rule] = []
        for (rule, outcome) in zip(config.rules, outcomes.withLock { $0 }) {
            do {
                compiled.append(try outcome!.get())
                kept.append(rule)
            } catch let RuleError.invalidRegex(file, line, ruleID, field, _, message) where message.contains("too large") {
                // PCRE2 (as built by Debian) caps a compiled pattern at 64 KiB; some third-party rules
                // exceed it. The rule cannot run here: say so, and run the others.
                config.warnings.append(
                    """
                    \(file):\(line): rule '\(ruleID ?? "?")': `\(field)` is too large for PCRE2 (over 64 KiB compiled); the rule is \
                    skipped
                    """
                )
            }
        }
        let allKept = kept.count == config.rules.count
        config.rules = kept
        self.config = config
        var globals: [CompiledAllowlist] = []
        for (i, a) in config.allowlists.enumerated() {
            globals.append(
                try CompiledAllowlist(a, origin: a.origin ?? RuleOrigin(file: "global allowlist #\(i + 1)", line: 0), ruleID: nil))
        }
        rules = compiled
        globalAllowlists = globals
        targetedByPathGlobals = compiled.map { c in
            globals.contains { !$0.targetRules.isEmpty && $0.applies(to: c.rule.id) && $0.isPathOnlyOr }
        }
        // A skipped rule shifts the indices the speculative automaton was built for: build it again.
        prefilter = (allKept ? speculative.withLock { $0 } : nil) ?? Detector.prefilter(for: kept)
        unkeyedRules = config.rules.indices.filter { config.rules[$0].keywords.isEmpty }
        let ids = Set(config.rules.map(\.id))
        for rule in config.rules {
            for req in rule.required where !ids.contains(req.ruleID) {
                throw .invalidRule(
                    file: rule.origin.file, line: rule.origin.line, ruleID: rule.id,
                    message: "[[rules.required]] names rule '\(req.ruleID)', which is not defined; define it or remove the requirement")
            }
        }
        hasComposites = config.rules.contains { !$0.required.isEmpty || $0.skipReport }
        hasPathOnlyRules = compiled.contains { $0.regex == nil }
        pathRegexes =
            compiled.flatMap { r in (r.pathRegex.map { [$0] } ?? []) + r.allowlists.flatMap(\.paths) }
            + globals.flatMap(\.paths)
    }

    /// The keyword pass for `rules`, plus the inline allow markers as one extra pseudo-rule (so a file
    /// is searched for them only if they occur in it at all).
    private static func prefilter(for rules: [Rule]) -> KeywordPrefilter {
        KeywordPrefilter(
            keywordsPerRule: rules.map(\.keywords) + [InlineMarkers.keywords],
            windowedRules: Set(rules.indices.filter { rules[$0].runsInKeywordWindows }))
    }

    public var ruleCount: Int { rules.count }

    /// Whether an allowlist with `commits` allows findings of `ruleID` in `commit`.
    func commitAllowed(ruleID: String, commit: ObjectID) -> Bool {
        let hex = commit.hex
        func allows(_ a: CompiledAllowlist) -> Bool {
            guard !a.commits.isEmpty, a.commits.contains(where: { hex.hasPrefix($0.lowercased()) }) else { return false }
            return a.condition == .or || (a.paths.isEmpty && a.regexes.isEmpty && a.stopwords.isEmpty)
        }
        if let rule = rules.first(where: { $0.rule.id == ruleID }), rule.allowlists.contains(where: allows) { return true }
        return globalAllowlists.contains { $0.applies(to: ruleID) && allows($0) }
    }

    public func makeWorker() -> DetectorWorker { DetectorWorker(detector: self) }
}
