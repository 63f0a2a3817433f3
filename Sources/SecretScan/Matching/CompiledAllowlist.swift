/// An `Allowlist` with its patterns compiled. A class: the scan loop walks allowlists for every
/// file and match, and a struct copy would retain each of its seven references.
final class CompiledAllowlist: Sendable {
    let condition: Allowlist.Condition
    let regexTarget: Allowlist.RegexTarget
    let commits: Set<String>
    let paths: [CompiledRegex]
    let regexes: [CompiledRegex]
    /// `paths` and `regexes` as one alternation each (one PCRE2 search per candidate instead of one
    /// per pattern), when every pattern can be combined (`RegexAlternation`); else nil.
    private let anyPath: CompiledRegex?
    private let anyRegex: CompiledRegex?
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
        anyPath = RegexAlternation.combined(a.paths)
        anyRegex = RegexAlternation.combined(a.regexes)
        stopwords = a.stopwords.map { Array($0.utf8) }
        targetRules = Set(a.targetRules)
    }

    func applies(to ruleID: String) -> Bool { targetRules.isEmpty || targetRules.contains(ruleID) }

    /// True when only path criteria are set (or OR allows on path alone): the whole file can be skipped.
    var isPathOnlyOr: Bool { condition == .or && !paths.isEmpty }

    func pathAllowed(_ path: UnsafeRawBufferPointer, scratch: MatchScratch) -> Bool {
        if let anyPath, let found = CompiledAllowlist.search(anyPath, in: path, scratch: scratch) { return found }
        return paths.contains { scratch.matches($0, in: path) }
    }

    /// Whether the alternation matches `subject`; nil when PCRE2 gave up (a match limit), and each
    /// pattern must then be searched on its own, with its own limit, as before they were combined.
    private static func search(_ any: CompiledRegex, in subject: UnsafeRawBufferPointer, scratch: MatchScratch) -> Bool? {
        switch scratch.match(any, in: subject, from: 0) {
        case .matched: return true
        case .noMatch: return false
        case .limitExceeded, .failed: return nil
        }
    }

    /// Whether this allowlist drops a candidate. Each criterion set is judged only as far as the
    /// condition needs (OR stops at the first that holds, AND at the first that fails), cheapest first.
    func allows(
        secret: UnsafeRawBufferPointer, match: UnsafeRawBufferPointer, line: UnsafeRawBufferPointer,
        path: UnsafeRawBufferPointer, commit: String?, scratch: MatchScratch
    ) -> Bool {
        let any = condition == .or
        var judged = false
        if !commits.isEmpty {
            judged = true
            let holds = commit.map { c in commits.contains { c.hasPrefix($0) } } ?? false
            if holds == any { return any }
        }
        if !stopwords.isEmpty {
            judged = true
            let holds = stopwords.contains { PlaceholderFilter.contains(secret, $0, caseInsensitive: true) }
            if holds == any { return any }
        }
        if !regexes.isEmpty {
            judged = true
            let target: UnsafeRawBufferPointer
            switch regexTarget {
            case .secret: target = secret
            case .match: target = match
            case .line: target = line
            }
            let holds =
                anyRegex.flatMap { CompiledAllowlist.search($0, in: target, scratch: scratch) }
                ?? regexes.contains { scratch.matches($0, in: target) }
            if holds == any { return any }
        }
        if !paths.isEmpty {
            judged = true
            if pathAllowed(path, scratch: scratch) == any { return any }
        }
        // OR: nothing held. AND: everything judged held (and something must have been judged).
        return any ? false : judged
    }
}
