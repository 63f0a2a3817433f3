/// The matching engine: a compiled rule set that turns bytes into findings.
///
/// Thread-safe and shared by all workers; each worker scans through its own `DetectorWorker`.
public final class Detector: Sendable {
    public let config: RuleConfig
    let rules: [CompiledRule]
    let globalAllowlists: [CompiledAllowlist]
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


    /// Compiles every rule; the first rule that does not compile is reported with its file and line.
    public init(config: RuleConfig) throws(RuleError) {
        var compiled: [CompiledRule] = []
        compiled.reserveCapacity(config.rules.count)
        var config = config
        var kept: [Rule] = []
        for rule in config.rules {
            do {
                compiled.append(try CompiledRule(rule))
                kept.append(rule)
            } catch let RuleError.invalidRegex(file, line, ruleID, field, _, message) where message.contains("too large") {
                // PCRE2 (as built by Debian) caps a compiled pattern at 64 KiB; some third-party rules
                // exceed it. The rule cannot run here: say so, and run the others.
                config.warnings.append("\(file):\(line): rule '\(ruleID ?? "?")': `\(field)` is too large for PCRE2 (over 64 KiB compiled); the rule is skipped")
            }
        }
        config.rules = kept
        self.config = config
        var globals: [CompiledAllowlist] = []
        for (i, a) in config.allowlists.enumerated() {
            globals.append(try CompiledAllowlist(a, origin: a.origin ?? RuleOrigin(file: "global allowlist #\(i + 1)", line: 0), ruleID: nil))
        }
        rules = compiled
        globalAllowlists = globals
        // The inline allow markers ride along in the keyword pass as one extra pseudo-rule, so a file
        // is searched for them only if they occur in it at all.
        prefilter = KeywordPrefilter(keywordsPerRule: config.rules.map(\.keywords) + [InlineMarkers.keywords],
                                     windowedRules: Set(compiled.indices.filter { compiled[$0].windowed }))
        unkeyedRules = config.rules.indices.filter { config.rules[$0].keywords.isEmpty }
        let ids = Set(config.rules.map(\.id))
        for rule in config.rules {
            for req in rule.required where !ids.contains(req.ruleID) {
                throw .invalidRule(file: rule.origin.file, line: rule.origin.line, ruleID: rule.id,
                                   message: "[[rules.required]] names rule '\(req.ruleID)', which is not defined; define it or remove the requirement")
            }
        }
        hasComposites = config.rules.contains { !$0.required.isEmpty || $0.skipReport }
        hasPathOnlyRules = compiled.contains { $0.regex == nil }
        pathRegexes = compiled.flatMap { r in (r.pathRegex.map { [$0] } ?? []) + r.allowlists.flatMap(\.paths) }
            + globals.flatMap(\.paths)
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

/// What scanning one piece of content produced.
public struct ContentScanResult: Sendable {
    public var findings: [Finding] = []
    public var issues: [ScanIssue] = []
    /// Findings silenced by an inline marker (`suppression` says which).
    public var suppressed: [Finding] = []
}

/// Per-thread scanning state: PCRE2 match data and JIT stack, and the rule-selection buffer.
/// Create one per worker thread and reuse it for every file that worker scans.
public final class DetectorWorker {
    public let detector: Detector
    let scratch = MatchScratch()
    private var selected: [Bool]
    private var hits: KeywordPrefilter.Hits
    /// Where a windowed rule's matches may start: (first, last) offsets, inclusive. Reused.
    private var windows: [(first: Int, last: Int)] = []

    init(detector: Detector) {
        self.detector = detector
        selected = [Bool](repeating: false, count: detector.rules.count + 1)
        hits = KeywordPrefilter.Hits(ruleCount: detector.rules.count + 1)
    }

    /// Scans `content` found at `path` (relative, `/`-separated).
    /// - Parameters:
    ///   - onlyRule: restrict to one rule (used by `rules test`).
    ///   - applyGlobalAllowlists: false to judge a rule on its own (used by `rules test`).
    public func scan(_ content: UnsafeRawBufferPointer, path: String, commit: String? = nil,
                     onlyRule: Int? = nil, applyGlobalAllowlists: Bool = true) -> ContentScanResult {
        var pathBytes = Array(path.utf8)
        var budget = Detector.decodeBudget
        return pathBytes.withUnsafeMutableBytes { pb in
            scan(content, path: path, pathBytes: UnsafeRawBufferPointer(pb), commit: commit,
                 onlyRule: onlyRule, applyGlobalAllowlists: applyGlobalAllowlists, depth: Detector.decodeDepth,
                 budget: &budget)
        }
    }

    private struct Candidate {
        var finding: Finding
        var range: Range<Int>
        var generic: Bool
        var rule: Int
        /// Found in decoded content, where composites were already resolved.
        var fromDecoding = false
    }

    private func scan(_ content: UnsafeRawBufferPointer, path: String, pathBytes: UnsafeRawBufferPointer, commit: String?,
                      onlyRule: Int?, applyGlobalAllowlists: Bool, depth: Int, budget: inout Int) -> ContentScanResult {
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
            selected.withUnsafeMutableBufferPointer { $0.update(repeating: false) }
            hits.counts.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            _ = detector.prefilter.select(in: content, into: &selected, hits: &hits)
            ruleIndices = detector.unkeyedRules
            let markerSlot = detector.rules.count
            for i in 0..<markerSlot where selected[i] { ruleIndices.append(i) }
            mayHaveMarkers = selected[markerSlot]
        }

        var lines: LineIndex?
        var candidates: [Candidate] = []
        for r in ruleIndices {
            let compiled = detector.rules[r]
            let rule = compiled.rule
            if let pathRegex = compiled.pathRegex, !scratch.matches(pathRegex, in: pathBytes) { continue }
            if compiled.allowlists.contains(where: { $0.isPathOnlyOr && $0.pathAllowed(pathBytes, scratch: scratch) }) { continue }
            if globals.contains(where: { !$0.targetRules.isEmpty && $0.applies(to: rule.id) && $0.isPathOnlyOr
                    && $0.pathAllowed(pathBytes, scratch: scratch) }) { continue }

            guard let regex = compiled.regex else {
                // Path-only rule: the file's presence is the finding.
                let location = Location(path: path, line: 1, column: 1, endLine: 1, endColumn: 1)
                let finding = makeFinding(rule, location: location, secret: UnsafeRawBufferPointer(start: nil, count: 0), entropy: 0, path: path)
                candidates.append(Candidate(finding: finding, range: 0..<0, generic: compiled.isGeneric, rule: r))
                continue
            }

            // A windowed rule runs only where a match may start near one of its keywords.
            let windowed = compiled.windowed && onlyRule == nil && setWindows(rule: r, contentCount: content.count)
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
                switch scratch.match(regex, in: content, from: start, startingBy: latestStart) {
                case .noMatch:
                    if windowed {
                        window += 1
                        continue matching
                    }
                    break matching
                case .limitExceeded:
                    result.issues.append(ScanIssue(
                        kind: .ruleError, path: path, ruleID: rule.id,
                        message: "rule '\(rule.id)' exceeded the PCRE2 match limit on \(path); the rest of that file was not checked by this rule (simplify its regex: bound repetitions, avoid nested quantifiers)"))
                    break matching
                case let .failed(message):
                    result.issues.append(ScanIssue(kind: .ruleError, path: path, ruleID: rule.id,
                                                   message: "rule '\(rule.id)' failed while matching \(path): \(message)"))
                    break matching
                case .matched:
                    guard let whole = scratch.group(0) else { break matching }
                    start = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
                    var secretRange = whole
                    if let g = rule.secretGroup, g > 0 {
                        guard let r = scratch.group(g) else { continue matching }
                        secretRange = r
                    } else if regex.captureCount > 0 {
                        // As gitleaks: the first group that captured something.
                        for g in 1...min(regex.captureCount, MatchScratch.maxPairs - 1) {
                            if let r = scratch.group(g), !r.isEmpty { secretRange = r; break }
                        }
                    }
                    if secretRange.isEmpty { continue matching }
                    let secret = UnsafeRawBufferPointer(rebasing: content[secretRange])
                    let entropy = shannonEntropy(secret)
                    if let min = rule.entropy, entropy < min { continue matching }
                    if PlaceholderFilter.isPlaceholder(secret) { continue matching }

                    if lines == nil { lines = LineIndex(content) }
                    let lineNo = lines!.line(of: secretRange.lowerBound)
                    let lineBytes = UnsafeRawBufferPointer(rebasing: content[
                        lines!.window(around: secretRange, margin: Detector.lineWindowMargin, in: content)])
                    var marker: String?
                    if mayHaveMarkers {
                        var previous: UnsafeRawBufferPointer?
                        if lineNo > 1 {
                            let r = lines!.range(ofLine: lineNo - 1, in: content)
                            previous = UnsafeRawBufferPointer(rebasing: content[max(r.lowerBound, r.upperBound - Detector.lineWindowMargin)..<r.upperBound])
                        }
                        marker = InlineMarkers.marker(line: lineBytes, previous: previous)
                    }
                    let matchBytes = UnsafeRawBufferPointer(rebasing: content[whole])
                    if compiled.allowlists.contains(where: {
                        $0.allows(secret: secret, match: matchBytes, line: lineBytes, path: pathBytes, commit: commit, scratch: scratch)
                    }) { continue matching }
                    if globals.contains(where: {
                        $0.applies(to: rule.id)
                            && $0.allows(secret: secret, match: matchBytes, line: lineBytes, path: pathBytes, commit: commit, scratch: scratch)
                    }) { continue matching }

                    let last = secretRange.upperBound - 1
                    let endLine = lines!.line(of: last)
                    let location = Location(
                        path: path, line: lineNo, column: lines!.column(of: secretRange.lowerBound, line: lineNo, in: content),
                        endLine: endLine, endColumn: lines!.column(of: last, line: endLine, in: content))
                    var finding = makeFinding(rule, location: location, secret: secret, entropy: entropy, path: path)
                    finding.suppression = marker.map { "inline marker `\($0)`" }
                    candidates.append(Candidate(finding: finding, range: secretRange, generic: compiled.isGeneric, rule: r))
                }
            }
        }

        if depth > 0 && budget > 0 {
            candidates += decodedCandidates(content, path: path, pathBytes: pathBytes, commit: commit, onlyRule: onlyRule,
                                            applyGlobalAllowlists: applyGlobalAllowlists, depth: depth, budget: &budget,
                                            direct: candidates, lines: &lines, issues: &result.issues)
        }
        if detector.hasComposites { candidates = resolveComposites(candidates, underTest: onlyRule) }
        // A generic rule's finding is noise when a specific rule found the same secret.
        let specific = candidates.filter { !$0.generic }.map(\.range)
        for c in candidates where !(c.generic && specific.contains(where: { $0.overlaps(c.range) })) {
            if c.finding.suppression != nil { result.suppressed.append(c.finding) } else { result.findings.append(c.finding) }
        }
        return result
    }

    /// Fills `windows` for windowed rule `r` from its keyword occurrences; false when it had too
    /// many of them to be worth windowing (the rule then runs on the whole content).
    private func setWindows(rule r: Int, contentCount n: Int) -> Bool {
        guard let ends = hits.ends(of: r) else { return false }
        var windows = self.windows
        self.windows = []
        windows.removeAll(keepingCapacity: true)
        let reach = detector.prefilter.maxKeywordLength + Detector.windowBefore
        for end in ends {
            let first = max(0, end - reach), last = min(n, end + Detector.windowAfter)
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
            if detector.globalAllowlists.contains(where: { $0.targetRules.isEmpty && $0.isPathOnlyOr && $0.pathAllowed(pathBytes, scratch: scratch) }) {
                return []
            }
            return detector.rules.compactMap { compiled -> Finding? in
                guard compiled.regex == nil, let pathRegex = compiled.pathRegex, scratch.matches(pathRegex, in: pathBytes) else { return nil }
                if compiled.allowlists.contains(where: { $0.isPathOnlyOr && $0.pathAllowed(pathBytes, scratch: scratch) }) { return nil }
                let location = Location(path: path, line: 1, column: 1, endLine: 1, endColumn: 1)
                return makeFinding(compiled.rule, location: location, secret: UnsafeRawBufferPointer(start: nil, count: 0), entropy: 0, path: path)
            }
        }
    }

    private func makeFinding(_ rule: Rule, location: Location, secret: UnsafeRawBufferPointer, entropy: Double, path: String) -> Finding {
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
        return f
    }

    /// Scans the decoded text of base64 and percent-encoded segments; findings there point at the
    /// encoded text and say which encodings were peeled off.
    private func decodedCandidates(_ content: UnsafeRawBufferPointer, path: String, pathBytes: UnsafeRawBufferPointer,
                                   commit: String?, onlyRule: Int?, applyGlobalAllowlists: Bool, depth: Int,
                                   budget: inout Int, direct: [Candidate], lines: inout LineIndex?,
                                   issues: inout [ScanIssue]) -> [Candidate] {
        var out: [Candidate] = []
        for segment in EncodedSegments.find(in: content, budget: &budget) {
            var decoded = segment.decoded
            let inner = decoded.withUnsafeMutableBytes { buf in
                scan(UnsafeRawBufferPointer(buf), path: path, pathBytes: pathBytes, commit: commit, onlyRule: onlyRule,
                     applyGlobalAllowlists: applyGlobalAllowlists, depth: depth - 1, budget: &budget)
            }
            issues += inner.issues
            guard !inner.findings.isEmpty || !inner.suppressed.isEmpty else { continue }
            if lines == nil { lines = LineIndex(content) }
            let line = lines!.line(of: segment.range.lowerBound)
            let last = segment.range.upperBound - 1
            let endLine = lines!.line(of: last)
            let location = Location(path: path, line: line, column: lines!.column(of: segment.range.lowerBound, line: line, in: content),
                                    endLine: endLine, endColumn: lines!.column(of: last, line: endLine, in: content))
            // The encoded text is itself part of a secret already found (a token that carries base64):
            // that finding stands for it.
            if direct.contains(where: { $0.range.lowerBound <= segment.range.lowerBound && segment.range.upperBound <= $0.range.upperBound }) {
                continue
            }
            for var f in inner.findings + inner.suppressed {
                // The same rule already matched the encoded text itself: that finding stands.
                if direct.contains(where: { $0.finding.ruleID == f.ruleID && $0.range.overlaps(segment.range) }) { continue }
                // A path-only rule says something about the file, not about decoded text.
                if let rule = detector.rules.first(where: { $0.rule.id == f.ruleID }), rule.regex == nil { continue }
                f.location = location
                f.decoded = [segment.encoding] + f.decoded
                f.related = []
                let rule = detector.rules.firstIndex { $0.rule.id == f.ruleID } ?? 0
                out.append(Candidate(finding: f, range: segment.range, generic: detector.rules[rule].isGeneric, rule: rule,
                                     fromDecoding: true))
            }
        }
        return out
    }

    /// Composite rules: a match stands only with its required components nearby, and then names
    /// them and absorbs their own findings; components marked `skipReport` never stand alone.
    private func resolveComposites(_ candidates: [Candidate], underTest: Int?) -> [Candidate] {
        var keep = [Bool](repeating: true, count: candidates.count)
        var absorbed = [Bool](repeating: false, count: candidates.count)
        var result = candidates
        for (i, c) in candidates.enumerated() where !c.fromDecoding {
            let rule = detector.rules[c.rule].rule
            if rule.skipReport && c.rule != underTest { keep[i] = false }
            guard !rule.required.isEmpty else { continue }
            var related: [Int] = []
            var absorbs: [Int] = []
            var satisfied = true
            for req in rule.required {
                let near = candidates.indices.filter { j in
                    guard j != i, detector.rules[candidates[j].rule].rule.id == req.ruleID else { return false }
                    let a = c.finding.location, b = candidates[j].finding.location
                    if let n = req.withinLines, abs(a.line - b.line) > n { return false }
                    if let n = req.withinColumns, abs(a.column - b.column) > n { return false }
                    return true
                }
                // The nearest one, by lines then columns.
                if let j = near.min(by: { x, y in
                    let a = c.finding.location
                    let dx = (abs(candidates[x].finding.location.line - a.line), abs(candidates[x].finding.location.column - a.column))
                    let dy = (abs(candidates[y].finding.location.line - a.line), abs(candidates[y].finding.location.column - a.column))
                    return dx < dy
                }) {
                    related.append(j)
                    // A required component becomes part of this finding; an optional one is only named.
                    if !req.optional { absorbs.append(j) }
                } else if !req.optional {
                    satisfied = false
                    break
                }
            }
            guard satisfied else {
                keep[i] = false
                continue
            }
            result[i].finding.related = related.map {
                RelatedFinding(ruleID: candidates[$0].finding.ruleID, location: candidates[$0].finding.location,
                               secret: candidates[$0].finding.secret)
            }
            for j in absorbs { absorbed[j] = true }
            // Other rules' findings of the very same secret are absorbed too.
            for j in candidates.indices where j != i && candidates[j].range == c.range && !candidates[j].range.isEmpty {
                absorbed[j] = true
            }
        }
        return result.indices.filter { keep[$0] && !absorbed[$0] }.map { result[$0] }
    }

    /// Which path-dependent patterns (rule `path`s, allowlist `paths`) match `path`. Two paths with
    /// the same profile get the same findings from the same content, so history scans read each
    /// blob once per profile (in practice once).
    func pathProfile(_ path: String) -> String {
        var bytes = Array(path.utf8)
        let bits = bytes.withUnsafeMutableBytes { pb in
            detector.pathRegexes.map { scratch.matches($0, in: UnsafeRawBufferPointer(pb)) ? "1" : "0" }.joined()
        }
        // Infrastructure checks depend on the kind of file the path names.
        return bits + "|" + (IaCFileKind.of(path: path).map { "\($0)" } ?? "")
    }
}
