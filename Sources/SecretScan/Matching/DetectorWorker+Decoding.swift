extension DetectorWorker {
    /// Scans the decoded text of base64 and percent-encoded segments; findings there point at the
    /// encoded text and say which encodings were peeled off.
    func decodedCandidates(
        _ content: UnsafeRawBufferPointer, path: String, pathBytes: UnsafeRawBufferPointer,
        commit: String?, onlyRule: Int?, applyGlobalAllowlists: Bool, depth: Int,
        budget: inout Int, direct: [Candidate], lines: inout LineIndex?,
        issues: inout [ScanIssue]
    ) -> [Candidate] {
        var out: [Candidate] = []
        for segment in EncodedSegments.find(in: content, budget: &budget) {
            var decoded = segment.decoded
            let inner = decoded.withUnsafeMutableBytes { buf in
                scan(
                    UnsafeRawBufferPointer(buf), path: path, pathBytes: pathBytes, commit: commit, onlyRule: onlyRule,
                    applyGlobalAllowlists: applyGlobalAllowlists, depth: depth - 1, budget: &budget)
            }
            issues += inner.issues
            guard !inner.findings.isEmpty || !inner.suppressed.isEmpty else { continue }
            if lines == nil { lines = LineIndex(content) }
            let line = lines!.line(of: segment.range.lowerBound)
            let last = segment.range.upperBound - 1
            let endLine = lines!.line(of: last)
            let location = Location(
                path: path, line: line, column: lines!.column(of: segment.range.lowerBound, line: line, in: content),
                endLine: endLine, endColumn: lines!.column(of: last, line: endLine, in: content))
            // The encoded text is itself part of a secret already found (a token that carries base64):
            // that finding stands for it.
            if direct.contains(where: { $0.range.lowerBound <= segment.range.lowerBound && segment.range.upperBound <= $0.range.upperBound }
            ) {
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
                out.append(
                    Candidate(
                        finding: f, range: segment.range, generic: detector.rules[rule].isGeneric, rule: rule,
                        fromDecoding: true))
            }
        }
        return out
    }

    /// Composite rules: a match stands only with its required components nearby, and then names
    /// them and absorbs their own findings; components marked `skipReport` never stand alone.
    func resolveComposites(_ candidates: [Candidate], underTest: Int?) -> [Candidate] {
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
                    let a = c.finding.location
                    let b = candidates[j].finding.location
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
                RelatedFinding(
                    ruleID: candidates[$0].finding.ruleID, location: candidates[$0].finding.location,
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
    /// the same profile get the same findings from the same content.
    func pathProfile(_ path: String) -> String {
        var bytes = Array(path.utf8)
        return bytes.withUnsafeMutableBytes { pb in
            detector.pathRegexes.map { scratch.matches($0, in: UnsafeRawBufferPointer(pb)) ? "1" : "0" }.joined()
        }
    }
}
