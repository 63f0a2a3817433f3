/// What scanning one piece of content produced.
public struct ContentScanResult: Sendable {
    public var findings: [Finding] = []
    public var issues: [ScanIssue] = []
    /// Findings silenced by an inline marker (`suppression` says which).
    public var suppressed: [Finding] = []
}

/// Per-thread scanning state: PCRE2 match data and JIT stack, and the rule-selection buffer.
/// Create one per worker thread and reuse it for every file that worker scans.
///
/// The per-file buffers below are marked `@exclusivity(unchecked)`: the scan loop reads and writes
/// them for every keyword occurrence, and each access was a runtime check (about 2% of the engine's
/// instructions on real trees). That is safe because a worker belongs to one thread and no method
/// holds an inout access to one of them while calling code that touches it again: the compiler still
/// proves that statically where it can, and the test suite runs every scan path.
public final class DetectorWorker {
    public let detector: Detector
    let scratch = MatchScratch()
    @exclusivity(unchecked) var selected: [Bool]
    @exclusivity(unchecked) var hits: KeywordPrefilter.Hits
    /// How many rules the last keyword pass chose (`hits.chosen`): their flags in `selected` and
    /// counts in `hits` are what the next pass clears.
    @exclusivity(unchecked) var chosenCount = 0
    /// Where a windowed rule's matches may start: (first, last) offsets, inclusive. Reused.
    @exclusivity(unchecked) var windows: [(first: Int, last: Int)] = []
    /// The rules a scan runs, reused from file to file (a scan takes it and gives it back).
    @exclusivity(unchecked) var ruleBuffer: [Int] = []
    /// Per-rule counters and times, when profiling (`secretscan rules profile`); nil otherwise.
    var profile: RuleProfile?
    /// The keyword log of the last top-level scan given `.log` or `.given` (sorted); nil when
    /// there was none (or it overflowed).
    private(set) var lastKeywordLog: [UInt64]?

    /// How a top-level scan learns where keywords occur.
    enum Keywords {
        /// Walk the content (the usual).
        case walk
        /// Walk it and keep the log (`lastKeywordLog`), for content built from this one later.
        case log
        /// Known already (`KeywordReuse`): a sorted log exactly as a walk would produce.
        case given([UInt64])
    }

    init(detector: Detector) {
        self.detector = detector
        selected = [Bool](repeating: false, count: detector.rules.count + 1)
        hits = KeywordPrefilter.Hits(ruleCount: detector.rules.count + 1)
    }

    /// Scans `content` found at `path` (relative, `/`-separated).
    /// - Parameters:
    ///   - onlyRule: restrict to one rule (used by `rules test`).
    ///   - applyGlobalAllowlists: false to judge a rule on its own (used by `rules test`).
    public func scan(
        _ content: UnsafeRawBufferPointer, path: String, commit: String? = nil,
        onlyRule: Int? = nil, applyGlobalAllowlists: Bool = true
    ) -> ContentScanResult {
        scan(content, path: path, commit: commit, onlyRule: onlyRule, applyGlobalAllowlists: applyGlobalAllowlists, keywords: .walk)
    }

    func scan(
        _ content: UnsafeRawBufferPointer, path: String, commit: String? = nil,
        onlyRule: Int? = nil, applyGlobalAllowlists: Bool = true, keywords: Keywords
    ) -> ContentScanResult {
        var pathBytes = Array(path.utf8)
        var budget = Detector.decodeBudget
        lastKeywordLog = nil
        return pathBytes.withUnsafeMutableBytes { pb in
            scan(
                content, path: path, pathBytes: UnsafeRawBufferPointer(pb), commit: commit,
                onlyRule: onlyRule, applyGlobalAllowlists: applyGlobalAllowlists, depth: Detector.decodeDepth,
                budget: &budget, keywords: keywords)
        }
    }

    /// Runs the keyword pass alone on `content` (what `scan` does first) and returns how many rules it
    /// selected; for measuring the pass by itself (`EngineBenchmark.runKeywordPass`).
    func selectRules(in content: UnsafeRawBufferPointer) -> Int {
        clearSelection()
        chosenCount = detector.prefilter.select(in: content, into: &selected, hits: &hits)
        return chosenCount
    }

    /// Clears only what the last keyword pass set: the flags and counts of the rules it chose.
    private func clearSelection() {
        for k in 0..<chosenCount {
            let r = Int(hits.chosen[k])
            selected[r] = false
            hits.counts[r] = 0
        }
    }

    struct Candidate {
        var finding: Finding
        var range: Range<Int>
        var generic: Bool
        var rule: Int
        /// Found in decoded content, where composites were already resolved.
        var fromDecoding = false
    }

    func scan(
        _ content: UnsafeRawBufferPointer, path: String, pathBytes: UnsafeRawBufferPointer, commit: String?,
        onlyRule: Int?, applyGlobalAllowlists: Bool, depth: Int, budget: inout Int, keywords: Keywords = .walk
    ) -> ContentScanResult {
        var result = ContentScanResult()
        let globals = applyGlobalAllowlists ? detector.globalAllowlists : []
        // A global allowlist that allows this path for every rule skips the file outright.
        if globals.contains(where: { $0.targetRules.isEmpty && $0.isPathOnlyOr && $0.pathAllowed(pathBytes, scratch: scratch) }) {
            return result
        }

        var ruleIndices: [Int]
        var mayHaveMarkers = true
        if let onlyRule {
            // The rule under test, and the rules it needs as components.
            let needed = Set(detector.rules[onlyRule].rule.required.map(\.ruleID))
            ruleIndices = [onlyRule] + detector.rules.indices.filter { needed.contains(detector.rules[$0].rule.id) }
            let keywords = detector.rules[onlyRule].rule.keywords
            if !keywords.isEmpty {
                let hit = keywords.contains { PlaceholderFilter.contains(content, Array($0.utf8), caseInsensitive: true) }
                if !hit { return result }
            }
        } else {
            clearSelection()
            let t0 = profile != nil ? RuleProfiler.now() : 0
            switch keywords {
            case .walk:
                chosenCount = detector.prefilter.select(in: content, into: &selected, hits: &hits)
            case .log:
                hits.logging = true
                chosenCount = detector.prefilter.select(in: content, into: &selected, hits: &hits)
                lastKeywordLog = hits.logged.map { $0.sorted() }
                hits.logging = false
            case .given(let log):
                chosenCount = detector.prefilter.select(fromLog: log, into: &selected, hits: &hits)
                lastKeywordLog = log
            }
            if profile != nil { profile!.prefilterNanoseconds &+= RuleProfiler.now() &- t0 }
            let markerSlot = detector.rules.count
            // The worker's buffer, taken (a scan of decoded content inside this one gets its own).
            ruleIndices = ruleBuffer
            ruleBuffer = []
            ruleIndices.removeAll(keepingCapacity: true)
            ruleIndices.append(contentsOf: detector.unkeyedRules)
            let keyedStart = ruleIndices.count
            for k in 0..<chosenCount where Int(hits.chosen[k]) != markerSlot { ruleIndices.append(Int(hits.chosen[k])) }
            ruleIndices[keyedStart...].sort()
            mayHaveMarkers = selected[markerSlot]
            if profile != nil && depth == Detector.decodeDepth { recordSelection(ruleIndices) }
        }

        var lines: LineIndex?
        var candidates: [Candidate] = []
        let profiling = profile != nil
        // Read once: each read of a detector array in the loop retained and released its buffer.
        let rules = detector.rules
        let targetedByPathGlobals = detector.targetedByPathGlobals
        for r in ruleIndices {
            if profiling { prepareTimed(r) }
            let started = profiling ? RuleProfiler.now() : 0
            defer { if profiling { profile!.entries[r].nanoseconds &+= RuleProfiler.now() &- started } }
            // The rule itself (a struct of many references) is read only once a match needs it.
            let compiled = rules[r]
            // A windowed rule runs only where a match may start near one of its keywords; when none
            // of them has the shape the rule needs, it has nothing to run (known before its path checks).
            let windowed = compiled.windowed && onlyRule == nil && setWindows(rule: r, compiled, content: content)
            if windowed && self.windows.isEmpty { continue }
            if let pathRegex = compiled.pathRegex, !scratch.matches(pathRegex, in: pathBytes) { continue }
            if compiled.hasPathOnlyAllowlists,
                compiled.allowlists.contains(where: { $0.isPathOnlyOr && $0.pathAllowed(pathBytes, scratch: scratch) })
            {
                continue
            }
            if applyGlobalAllowlists && targetedByPathGlobals[r]
                && globals.contains(where: {
                    !$0.targetRules.isEmpty && $0.applies(to: compiled.rule.id) && $0.isPathOnlyOr
                        && $0.pathAllowed(pathBytes, scratch: scratch)
                })
            {
                continue
            }

            guard let regex = compiled.regex else {
                // Path-only rule: the file's presence is the finding.
                let location = Location(path: path, line: 1, column: 1, endLine: 1, endColumn: 1)
                let finding = makeFinding(
                    compiled.rule, location: location, secret: UnsafeRawBufferPointer(start: nil, count: 0), entropy: 0, path: path)
                candidates.append(Candidate(finding: finding, range: 0..<0, generic: compiled.isGeneric, rule: r))
                continue
            }

            let windows = windowed ? self.windows : []
            var window = 0
            var start = 0
            matching: while start <= content.count {
                var latestStart: Int?
                if windowed {
                    while window < windows.count && windows[window].last < start { window += 1 }
                    if window == windows.count { break matching }
                    start = max(start, windows[window].first)
                    latestStart = windows[window].last
                }
                if profiling { profile!.entries[r].regexRuns += 1 }
                switch scratch.match(regex, in: content, from: start, startingBy: latestStart) {
                case .noMatch:
                    if windowed {
                        window += 1
                        continue matching
                    }
                    break matching
                case .limitExceeded:
                    let rule = compiled.rule
                    result.issues.append(
                        ScanIssue(
                            kind: .ruleError, path: path, ruleID: rule.id,
                            message:
                                """
                                rule '\(rule.id)' exceeded the PCRE2 match limit on \(path); the rest of that file was not checked by \
                                this rule (simplify its regex: bound repetitions, avoid nested quantifiers)
                                """
                        ))
                    break matching
                case .failed(let message):
                    let rule = compiled.rule
                    result.issues.append(
                        ScanIssue(
                            kind: .ruleError, path: path, ruleID: rule.id,
                            message: "rule '\(rule.id)' failed while matching \(path): \(message)"))
                    break matching
                case .matched:
                    if profiling { profile!.entries[r].matches += 1 }
                    let rule = compiled.rule
                    guard let whole = scratch.group(0) else { break matching }
                    start = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
                    var secretRange = whole
                    if let g = rule.secretGroup, g > 0 {
                        guard let r = scratch.group(g) else { continue matching }
                        secretRange = r
                    } else if regex.captureCount > 0 {
                        // As gitleaks: the first group that captured something.
                        for g in 1...min(regex.captureCount, MatchScratch.maxPairs - 1) {
                            if let r = scratch.group(g), !r.isEmpty {
                                secretRange = r
                                break
                            }
                        }
                    }
                    if secretRange.isEmpty { continue matching }
                    let secret = UnsafeRawBufferPointer(rebasing: content[secretRange])
                    let entropy = shannonEntropy(secret)
                    if let min = rule.entropy, entropy < min { continue matching }
                    if PlaceholderFilter.isPlaceholder(secret, weakValuesCount: compiled.isByMeaning) { continue matching }

                    if lines == nil { lines = LineIndex(content) }
                    let lineNo = lines!.line(of: secretRange.lowerBound)
                    let lineBytes = UnsafeRawBufferPointer(
                        rebasing: content[
                            lines!.window(around: secretRange, margin: Detector.lineWindowMargin, in: content)])
                    var marker: String?
                    if mayHaveMarkers {
                        var previous: UnsafeRawBufferPointer?
                        if lineNo > 1 {
                            let r = lines!.range(ofLine: lineNo - 1, in: content)
                            previous = UnsafeRawBufferPointer(
                                rebasing: content[max(r.lowerBound, r.upperBound - Detector.lineWindowMargin)..<r.upperBound])
                        }
                        marker = InlineMarkers.marker(line: lineBytes, previous: previous)
                    }
                    let matchBytes = UnsafeRawBufferPointer(rebasing: content[whole])
                    if compiled.allowlists.contains(where: {
                        $0.allows(secret: secret, match: matchBytes, line: lineBytes, path: pathBytes, commit: commit, scratch: scratch)
                    }) {
                        continue matching
                    }
                    if globals.contains(where: {
                        $0.applies(to: rule.id)
                            && $0.allows(
                                secret: secret, match: matchBytes, line: lineBytes, path: pathBytes, commit: commit, scratch: scratch)
                    }) {
                        continue matching
                    }

                    let last = secretRange.upperBound - 1
                    let endLine = lines!.line(of: last)
                    let location = Location(
                        path: path, line: lineNo, column: lines!.column(of: secretRange.lowerBound, line: lineNo, in: content),
                        endLine: endLine, endColumn: lines!.column(of: last, line: endLine, in: content))
                    var finding = makeFinding(rule, location: location, secret: secret, entropy: entropy, path: path)
                    if let kind = rule.checksum, finding.checksum == .invalid, ChecksumValidator.dropsOnFailure(kind) { continue matching }
                    finding.suppression = marker.map { "inline marker `\($0)`" }
                    candidates.append(Candidate(finding: finding, range: secretRange, generic: compiled.isGeneric, rule: r))
                }
            }
        }

        ruleBuffer = ruleIndices

        if depth > 0 && budget > 0 {
            candidates += decodedCandidates(
                content, path: path, pathBytes: pathBytes, commit: commit, onlyRule: onlyRule,
                applyGlobalAllowlists: applyGlobalAllowlists, depth: depth, budget: &budget,
                direct: candidates, lines: &lines, issues: &result.issues)
        }
        if detector.hasComposites && !candidates.isEmpty { candidates = resolveComposites(candidates, underTest: onlyRule) }
        // A generic rule's finding is noise when a specific rule found the same secret; a finding by
        // meaning (a literal given to a secret-named target) yields to any other rule's, and to an
        // earlier finding by meaning of the same value; of two generic rules, the first reports it.
        let specific = candidates.filter { !$0.generic && !detector.rules[$0.rule].isByMeaning }.map(\.range)
        let byOtherRules = candidates.filter { !detector.rules[$0.rule].isByMeaning }.map(\.range)
        var byMeaning: [Range<Int>] = []
        var genericKept: [Range<Int>] = []
        for c in candidates where !(c.generic && specific.contains(where: { $0.overlaps(c.range) })) {
            if c.generic && !c.range.isEmpty {
                if genericKept.contains(where: { $0.overlaps(c.range) }) { continue }
                genericKept.append(c.range)
            }
            if detector.rules[c.rule].isByMeaning && !c.range.isEmpty {
                if byOtherRules.contains(where: { $0.overlaps(c.range) }) || byMeaning.contains(where: { $0.overlaps(c.range) }) {
                    continue
                }
                byMeaning.append(c.range)
            }
            if c.finding.suppression != nil { result.suppressed.append(c.finding) } else { result.findings.append(c.finding) }
        }
        return result
    }

    /// Compiles rule `r`'s patterns if they wait for their first use, and counts the time as its
    /// compile time: the profile's match times then show what matching costs, not a one-off compile.
    private func prepareTimed(_ r: Int) {
        let started = RuleProfiler.now()
        var compiled = false
        if let regex = detector.rules[r].regex, regex.prepare() { compiled = true }
        if let regex = detector.rules[r].pathRegex, regex.prepare() { compiled = true }
        if compiled { profile!.entries[r].compileNanoseconds &+= RuleProfiler.now() &- started }
    }

    /// Files and keyword occurrences of the rules a file's keyword pass selected (top level only,
    /// not the decoded segments).
    private func recordSelection(_ ruleIndices: [Int]) {
        for r in ruleIndices {
            profile!.entries[r].files += 1
            if detector.rules[r].windowed {
                profile!.entries[r].keywordHits = (profile!.entries[r].keywordHits ?? 0) + Int(hits.counts[r])
            }
        }
    }

    /// Fills `windows` for windowed rule `r` from its keyword occurrences (those followed by the
    /// rule's `keywordFollowedBy` shape, if it has one); false when it had too many of them to be
    /// worth windowing (the rule then runs on the whole content).
    func setWindows(rule r: Int, _ compiled: CompiledRule, content: UnsafeRawBufferPointer) -> Bool {
        guard let ends = hits.sortEnds(of: r, followedBy: compiled.follow, in: content) else { return false }
        let n = content.count
        var windows = self.windows
        self.windows = []
        windows.removeAll(keepingCapacity: true)
        let anchored = compiled.anchored
        let reach =
            anchored
            ? compiled.maxKeywordLength + compiled.anchorReach
            : detector.prefilter.maxKeywordLength + Detector.windowBefore
        // A match that holds its keyword and no line feed starts on the keyword's line, at or before it.
        let lineBound = compiled.lineBound
        let after = anchored || lineBound ? 0 : Detector.windowAfter
        let base = content.baseAddress?.assumingMemoryBound(to: UInt8.self)
        // The previous keyword's end and its window's start: the bytes before that end were searched.
        var previous = (end: -1, first: 0)
        // Read once: each read of a worker's property in the loop was checked for exclusive access.
        let positions = hits.positions
        for k in ends {
            let end = positions[k]
            var first = max(0, end - reach)
            if lineBound, let base {
                // The last line feed before the keyword's end, back to what the previous one searched.
                let stop = max(first, previous.end)
                var j = end &- 1
                while j >= stop && base[j] != 10 { j &-= 1 }
                first = j >= stop ? j &+ 1 : max(first, previous.first)
                previous = (end, first)
            }
            let last = min(n, end + after)
            if let prev = windows.last, first <= prev.last + 1 {
                windows[windows.count - 1].last = max(prev.last, last)
            } else {
                windows.append((first, last))
            }
        }
        self.windows = windows
        return true
    }

    /// Findings of path-only rules for a file whose content is not scanned (binary or too large):
    /// a keystore is reported by its name even though its bytes are binary.
    public func scanPathOnly(path: String) -> [Finding] {
        guard detector.hasPathOnlyRules else { return [] }
        var bytes = Array(path.utf8)
        return bytes.withUnsafeMutableBytes { pb -> [Finding] in
            let pathBytes = UnsafeRawBufferPointer(pb)
            if detector.globalAllowlists.contains(where: {
                $0.targetRules.isEmpty && $0.isPathOnlyOr && $0.pathAllowed(pathBytes, scratch: scratch)
            }) {
                return []
            }
            return detector.rules.compactMap { compiled -> Finding? in
                guard compiled.regex == nil, let pathRegex = compiled.pathRegex, scratch.matches(pathRegex, in: pathBytes) else {
                    return nil
                }
                if compiled.allowlists.contains(where: { $0.isPathOnlyOr && $0.pathAllowed(pathBytes, scratch: scratch) }) { return nil }
                let location = Location(path: path, line: 1, column: 1, endLine: 1, endColumn: 1)
                return makeFinding(
                    compiled.rule, location: location, secret: UnsafeRawBufferPointer(start: nil, count: 0), entropy: 0, path: path)
            }
        }
    }

    func makeFinding(_ rule: Rule, location: Location, secret: UnsafeRawBufferPointer, entropy: Double, path: String) -> Finding {
        let text = String(decoding: secret, as: UTF8.self)
        var f = Finding(
            ruleID: rule.id, description: rule.description, severity: rule.severity, confidence: rule.confidence,
            tags: rule.tags, location: location, secret: text, entropy: entropy,
            fingerprint: Finding.fingerprint(ruleID: rule.id, path: path, secret: text.utf8), remediation: rule.remediation)
        if let kind = rule.checksum {
            let status = ChecksumValidator.check(kind, secret: Array(secret))
            f.checksum = status
            f.confidence = status == .valid ? .high : .low
        }
        if rule.contextConfidence { f.confidence = ContextConfidence.grade(secret: secret, entropy: entropy, path: path) }
        return f
    }
}
