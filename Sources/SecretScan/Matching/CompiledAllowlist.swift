/// An `Allowlist` with its patterns compiled.
struct CompiledAllowlist: Sendable {
    let condition: Allowlist.Condition
    let regexTarget: Allowlist.RegexTarget
    let commits: Set<String>
    let paths: [CompiledRegex]
    let regexes: [CompiledRegex]
    let stopwords: [[UInt8]]
    let targetRules: Set<String>

    init(_ a: Allowlist, origin: RuleOrigin, ruleID: String?) throws(RuleError) {
        func compile(_ patterns: [String], field: String) throws(RuleError) -> [CompiledRegex] {
            var out: [CompiledRegex] = []
            for p in patterns {
                do { out.append(try CompiledRegex(p)) } catch {
                    throw .invalidRegex(
                        file: origin.file, line: origin.line, ruleID: ruleID,
                        field: "allowlist \(field) '\(p)'", offset: error.offset, message: error.message)
                }
            }
            return out
        }
        condition = a.condition
        regexTarget = a.regexTarget
        commits = Set(a.commits)
        paths = try compile(a.paths, field: "paths")
        regexes = try compile(a.regexes, field: "regexes")
        stopwords = a.stopwords.map { Array($0.utf8) }
        targetRules = Set(a.targetRules)
    }

    func applies(to ruleID: String) -> Bool { targetRules.isEmpty || targetRules.contains(ruleID) }

    /// True when only path criteria are set (or OR allows on path alone): the whole file can be skipped.
    var isPathOnlyOr: Bool { condition == .or && !paths.isEmpty }

    func pathAllowed(_ path: UnsafeRawBufferPointer, scratch: MatchScratch) -> Bool {
        paths.contains { scratch.matches($0, in: path) }
    }

    /// Whether this allowlist drops a candidate.
    func allows(
        secret: UnsafeRawBufferPointer, match: UnsafeRawBufferPointer, line: UnsafeRawBufferPointer,
        path: UnsafeRawBufferPointer, commit: String?, scratch: MatchScratch
    ) -> Bool {
        var results: [Bool] = []
        if !commits.isEmpty { results.append(commit.map { c in commits.contains { c.hasPrefix($0) } } ?? false) }
        if !paths.isEmpty { results.append(pathAllowed(path, scratch: scratch)) }
        if !regexes.isEmpty {
            let target: UnsafeRawBufferPointer
            switch regexTarget {
            case .secret: target = secret
            case .match: target = match
            case .line: target = line
            }
            results.append(regexes.contains { scratch.matches($0, in: target) })
        }
        if !stopwords.isEmpty {
            results.append(stopwords.contains { PlaceholderFilter.contains(secret, $0, caseInsensitive: true) })
        }
        switch condition {
        case .or: return results.contains(true)
        case .and: return !results.isEmpty && !results.contains(false)
        }
    }
}
