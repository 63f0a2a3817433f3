/// A `Rule` with its patterns compiled, ready for matching.
/// A class: the scan loop reads it once per rule and file, and a struct copy would retain every
/// field of its `Rule`.
final class CompiledRule: Sendable {
    let rule: Rule
    let regex: CompiledRegex?
    let pathRegex: CompiledRegex?
    let allowlists: [CompiledAllowlist]
    /// Fixed per-rule values copied into each finding.
    let isGeneric: Bool
    /// Matches start at a keyword (`Rule.keywordAnchored`), or at most `anchorReach` bytes before one
    /// (`Rule.keywordReach`): windows reach only this far.
    let anchored: Bool
    let anchorReach: Int
    /// Matches hold a keyword and no line feed (`Rule.keywordLine`): windows start at the keyword's line.
    let lineBound: Bool
    /// Bytes in the rule's longest keyword (an anchored match starts at most that far before a keyword's end, plus slack).
    let maxKeywordLength: Int
    /// Tagged `by-meaning`: finds literals by the name they are given to, and yields to every other rule.
    let isByMeaning: Bool
    /// Matched only in windows around keyword occurrences (see `Rule.keywordWindow`).
    let windowed: Bool
    /// What must follow a keyword occurrence for the rule to run near it (`Rule.keywordFollowedBy`).
    let follow: FollowPattern?
    /// Whether one of its own allowlists can allow a whole file by its path.
    let hasPathOnlyAllowlists: Bool

    init(_ rule: Rule) throws(RuleError) {
        let windowed = rule.runsInKeywordWindows
        func compile(_ pattern: String?, field: String, offsetLimit: Bool = false, onFirstUse: Bool = false) throws(RuleError)
            -> CompiledRegex?
        {
            guard let pattern else { return nil }
            if onFirstUse { return CompiledRegex(deferred: pattern, offsetLimit: offsetLimit) }
            do { return try CompiledRegex(pattern, offsetLimit: offsetLimit) } catch {
                throw .invalidRegex(
                    file: rule.origin.file, line: rule.origin.line, ruleID: rule.id,
                    field: field, offset: error.offset, message: error.message)
            }
        }
        self.rule = rule
        self.windowed = windowed
        regex = try compile(rule.regex, field: "regex", offsetLimit: windowed, onFirstUse: rule.compileOnFirstUse)
        pathRegex = try compile(rule.path, field: "path")
        if regex == nil && pathRegex == nil {
            throw .invalidRule(
                file: rule.origin.file, line: rule.origin.line, ruleID: rule.id,
                message: "needs a `regex`, a `path`, or both")
        }
        if let regex, !regex.isDeferred, let group = rule.secretGroup, group > regex.captureCount {
            throw .invalidRule(
                file: rule.origin.file, line: rule.origin.line, ruleID: rule.id,
                message: "`secretGroup = \(group)` but the regex has only \(regex.captureCount) capture group(s)")
        }
        var lists: [CompiledAllowlist] = []
        for a in rule.allowlists { lists.append(try CompiledAllowlist(a, origin: rule.origin, ruleID: rule.id)) }
        allowlists = lists
        hasPathOnlyAllowlists = lists.contains { $0.isPathOnlyOr }
        // `generic` and `fallback` rules yield to any other rule that found the same secret.
        isGeneric = rule.tags.contains("generic") || rule.tags.contains("fallback")
        isByMeaning = rule.tags.contains("by-meaning")
        anchored = rule.keywordAnchored || rule.keywordReach != nil
        anchorReach = max(rule.keywordReach ?? 0, Detector.anchorSlack)
        lineBound = rule.keywordLine
        maxKeywordLength = rule.keywords.map(\.utf8.count).max() ?? 0
        if let f = rule.keywordFollowedBy {
            do { follow = try FollowPattern(f) } catch {
                throw .invalidRule(
                    file: rule.origin.file, line: rule.origin.line, ruleID: rule.id,
                    message: "`keywordFollowedBy` at offset \(error.offset): \(error.message)")
            }
        } else {
            follow = nil
        }
    }
}

extension Rule {
    /// Whether the rule is matched only in windows around its keywords' occurrences.
    var runsInKeywordWindows: Bool { keywordWindow == true && !keywords.isEmpty && regex != nil }
}
