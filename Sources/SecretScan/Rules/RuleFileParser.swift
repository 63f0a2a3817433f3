import TOMLKit

/// One parsed rule file, before `[extend]` is resolved.
struct RuleFile: Sendable {
    var title: String?
    var useDefault = false
    var extendPath: String?
    var disabledRules: [String] = []
    var rules: [Rule] = []
    var allowlists: [Allowlist] = []
    /// Rule ids that carry neither `regex` nor `path`: they amend a rule of the same id from the base.
    var amendments: Set<String> = []
    /// Things in the file that SecretScan does not run, said per rule and line.
    var warnings: [String] = []
    var gitignore: GitignoreSettings?
    var disabledIaCChecks: [String]?
    var report: ReportSettings?
    var verifiers: [VerifierSpec] = []
    /// `[verify] endpoints`, when the file has a `[verify]` table.
    var verifyEndpoints: [String: String]?
}

/// Parses gitleaks-v8-compatible TOML (plus SecretScan's keys) into `RuleFile`, with line numbers.
enum RuleFileParser {
    static let ruleKeys: Set<String> = [
        "id", "description", "regex", "secretGroup", "entropy", "keywords", "path", "tags",
        "allowlist", "allowlists", "severity", "confidence", "remediation", "examples", "negative_examples",
        "required", "skipReport", "checksum", "keywordWindow", "contextConfidence", "keywordAnchored", "keywordReach", "keywordLine",
        "keywordFollowedBy", "verify",
        // betterleaks 2.x
        "valueGroup", "components", "specificity", "validate", "analyze", "revoke", "filter",
    ]
    static let requirementKeys: Set<String> = ["id", "withinLines", "withinColumns", "optional", "within"]
    static let allowlistKeys: Set<String> = [
        "description", "condition", "commits", "paths", "regexes", "regexTarget", "stopwords", "targetRules",
        "resources",
    ]
    static let topLevelKeys: Set<String> = [
        "title", "extend", "rules", "allowlist", "allowlists", "description", "minVersion", "betterleaksMinVersion",
        "prefilter", "filter", "gitignore", "iac", "report", "verifiers", "verify",
    ]

    /// `[report] failOn = "high"`: the lowest severity that fails a scan.
    static func reportSettings(_ value: TOMLNode, file: String) throws(RuleError) -> ReportSettings {
        guard let t = value.table else { throw .invalidRule(file: file, line: 1, ruleID: nil, message: "[report] must be a table") }
        var settings = ReportSettings()
        for key in t.keys where key != "failOn" && key != "minConfidence" {
            throw .invalidRule(
                file: file, line: 1, ruleID: nil, message: "[report]: unknown key '\(key)'; expected failOn or minConfidence")
        }
        if let v = t["minConfidence"] {
            guard let s = v.string, let confidence = Confidence(rawValue: s.lowercased()) else {
                throw .invalidRule(
                    file: file, line: 1, ruleID: nil, message: "[report] minConfidence must be one of \"high\", \"medium\" or \"low\"")
            }
            settings.minConfidence = confidence
        }
        if let v = t["failOn"] {
            guard let s = v.string, let severity = Severity(rawValue: s.lowercased()) else {
                throw .invalidRule(
                    file: file, line: 1, ruleID: nil,
                    message: "[report] failOn must be one of \"critical\", \"high\", \"medium\" or \"low\"")
            }
            settings.failOn = severity
        }
        return settings
    }

    /// A rule file as a user wrote it: read by TOMLKit, whose errors name the line and column.
    static func parse(_ text: String, file: String) throws(RuleError) -> RuleFile {
        if let bad = TOMLHeaderCheck.firstUnparsableHeader(text) {
            throw .invalidTOML(
                file: file, line: bad.line, column: bad.column,
                message: "Error while parsing table header: expected a bare key or a quoted key, saw '\(bad.found)'")
        }
        let table: TOMLNodeTable
        do {
            table = try TOMLNodeTable.readWithTOMLKit(text)
        } catch let error as TOMLParseError {
            throw .invalidTOML(
                file: file, line: error.source.begin.line, column: error.source.begin.column,
                message: error.description)
        } catch {
            throw .invalidTOML(file: file, line: 0, column: 0, message: "\(error)")
        }
        return try parse(table, text: text, file: file)
    }

    /// A built-in rule file (read at every start): by `TOMLReader`, or as `parse(_:file:)` does when
    /// the reader leaves the text to TOMLKit. Same result either way.
    static func parseBuiltIn(_ text: String, file: String) throws(RuleError) -> RuleFile {
        guard let table = TOMLReader.read(text) else { return try parse(text, file: file) }
        return try parse(table, text: text, file: file)
    }

    private static func parse(_ table: TOMLNodeTable, text: String, file: String) throws(RuleError) -> RuleFile {
        let lines = HeaderLines(text: text)
        var result = RuleFile()
        for key in table.keys where !topLevelKeys.contains(key) {
            throw .invalidRule(
                file: file, line: 1, ruleID: nil,
                message: "unknown top-level key '\(key)'; expected one of \(topLevelKeys.sorted().joined(separator: ", "))")
        }
        result.title = table["title"]?.string
        if let g = table["gitignore"] {
            guard let t = g.table else { throw .invalidRule(file: file, line: 1, ruleID: nil, message: "[gitignore] must be a table") }
            for key in t.keys where !["add", "remove", "required"].contains(key) {
                throw .invalidRule(
                    file: file, line: 1, ruleID: nil, message: "[gitignore]: unknown key '\(key)'; expected add, remove or required")
            }
            result.gitignore = GitignoreSettings(
                add: try strings(t["add"], key: "gitignore.add", file: file, line: 1, ruleID: nil),
                remove: try strings(t["remove"], key: "gitignore.remove", file: file, line: 1, ruleID: nil),
                required: try strings(t["required"], key: "gitignore.required", file: file, line: 1, ruleID: nil))
        }
        if let i = table["iac"] {
            guard let t = i.table else { throw .invalidRule(file: file, line: 1, ruleID: nil, message: "[iac] must be a table") }
            for key in t.keys where key != "disabled" {
                throw .invalidRule(file: file, line: 1, ruleID: nil, message: "[iac]: unknown key '\(key)'; expected disabled")
            }
            result.disabledIaCChecks = try strings(t["disabled"], key: "iac.disabled", file: file, line: 1, ruleID: nil)
        }
        if let r = table["report"] {
            result.report = try reportSettings(r, file: file)
        }
        if let v = table["verify"] {
            result.verifyEndpoints = try VerifierParser.endpoints(v, file: file, line: lines.verify)
        }
        if let v = table["verifiers"] {
            guard let list = v.array else {
                throw .invalidRule(file: file, line: 1, ruleID: nil, message: "`verifiers` must be an array of tables: write [[verifiers]]")
            }
            for (i, entry) in list.enumerated() {
                let line = i < lines.verifiers.count ? lines.verifiers[i] : 1
                result.verifiers.append(try VerifierParser.verifier(entry, file: file, line: line))
            }
        }
        for key in ["prefilter", "filter"] where table[key] != nil {
            result.warnings.append(
                "\(file): top-level `\(key)` is a betterleaks Expr program; SecretScan does not run Expr programs, so it is skipped")
        }
        if let extend = table["extend"] {
            guard let ext = extend.table else {
                throw .invalidRule(file: file, line: lines.extend, ruleID: nil, message: "[extend] must be a table")
            }
            for key in ext.keys where !["useDefault", "path", "disabledRules", "url"].contains(key) {
                throw .invalidRule(
                    file: file, line: lines.extend, ruleID: nil,
                    message: "[extend]: unknown key '\(key)'; expected useDefault, path or disabledRules")
            }
            if let v = ext["useDefault"] {
                guard let b = v.bool else {
                    throw .invalidRule(
                        file: file, line: lines.extend, ruleID: nil,
                        message: "[extend] useDefault must be true or false (not a string)")
                }
                result.useDefault = b
            }
            if let v = ext["path"] {
                guard let p = v.string else {
                    throw .invalidRule(file: file, line: lines.extend, ruleID: nil, message: "[extend] path must be a string")
                }
                result.extendPath = p
            }
            if ext["url"] != nil {
                throw .invalidRule(
                    file: file, line: lines.extend, ruleID: nil,
                    message:
                        "[extend] url is not supported: SecretScan never fetches anything over the network; download the file and use path")
            }
            result.disabledRules = try strings(ext["disabledRules"], key: "disabledRules", file: file, line: lines.extend, ruleID: nil)
        }
        // Global allowlists: `[allowlist]` (older gitleaks) and `[[allowlists]]`.
        if let old = table["allowlist"]?.table {
            var a = try allowlist(old, file: file, line: lines.allowlists.first ?? 1, ruleID: nil, global: true)
            a.origin = RuleOrigin(file: file, line: lines.allowlists.first ?? 1)
            result.allowlists.append(a)
        }
        if let list = table["allowlists"]?.array {
            for (i, entry) in list.enumerated() {
                let line = i < lines.allowlists.count ? lines.allowlists[i] : 1
                guard let t = entry.table else {
                    throw .invalidRule(file: file, line: line, ruleID: nil, message: "[[allowlists]] entries must be tables")
                }
                var a = try allowlist(t, file: file, line: line, ruleID: nil, global: true)
                a.origin = RuleOrigin(file: file, line: line)
                result.allowlists.append(a)
            }
        }
        if let rulesValue = table["rules"] {
            guard let rules = rulesValue.array else {
                throw .invalidRule(file: file, line: 1, ruleID: nil, message: "`rules` must be an array of tables: write [[rules]]")
            }
            var seen: [String: Int] = [:]
            for (i, entry) in rules.enumerated() {
                let line = i < lines.rules.count ? lines.rules[i] : 1
                guard let t = entry.table else {
                    throw .invalidRule(file: file, line: line, ruleID: nil, message: "[[rules]] entries must be tables")
                }
                let rule = try parseRule(t, file: file, line: line, warnings: &result.warnings)
                if let first = seen[rule.id] {
                    throw .duplicateRuleID(id: rule.id, file: file, line: line, firstFile: file, firstLine: first)
                }
                seen[rule.id] = line
                if rule.regex == nil && rule.path == nil { result.amendments.insert(rule.id) }
                result.rules.append(rule)
            }
        }
        return result
    }

    private static func parseRule(_ t: TOMLNodeTable, file: String, line: Int, warnings: inout [String]) throws(RuleError) -> Rule {
        let id = t["id"]?.string
        func fail(_ message: String) -> RuleError { .invalidRule(file: file, line: line, ruleID: id, message: message) }
        guard let id, !id.isEmpty else { throw fail("missing `id`") }
        for key in t.keys where !ruleKeys.contains(key) {
            throw fail("unknown key '\(key)'; expected one of \(ruleKeys.sorted().joined(separator: ", "))")
        }
        var rule = Rule(id: id, origin: RuleOrigin(file: file, line: line))
        rule.description = try string(t, "description", file: file, line: line, ruleID: id) ?? ""
        rule.regex = try string(t, "regex", file: file, line: line, ruleID: id)
        rule.path = try string(t, "path", file: file, line: line, ruleID: id)
        if rule.regex?.isEmpty == true { throw fail("`regex` is empty; remove it or give a pattern") }
        for key in ["secretGroup", "valueGroup"] {
            if let group = t[key] {
                guard let g = group.int, g >= 0 else { throw fail("`\(key)` must be a non-negative integer") }
                if g > 0 || key == "secretGroup" { rule.secretGroup = g }
            }
        }
        for key in ["validate", "analyze", "revoke", "filter"] where t[key] != nil {
            warnings.append(
                """
                \(file):\(line): rule '\(id)': `\(key)` is a betterleaks Expr program; SecretScan does not run Expr programs, so it is \
                skipped
                """
            )
        }
        rule.skipReport = t["skipReport"]?.bool ?? false
        rule.verify = try string(t, "verify", file: file, line: line, ruleID: id)
        if let a = t["keywordAnchored"] {
            guard let b = a.bool else { throw fail("`keywordAnchored` must be true or false") }
            rule.keywordAnchored = b
            if b { rule.keywordWindow = true }
        }
        if let r = t["keywordReach"] {
            guard let n = r.int, (0...Detector.windowBefore).contains(n) else {
                throw fail("`keywordReach` must be a number of bytes from 0 to \(Detector.windowBefore)")
            }
            rule.keywordReach = n
            rule.keywordWindow = true
        }
        if let l = t["keywordLine"] {
            guard let b = l.bool else { throw fail("`keywordLine` must be true or false") }
            rule.keywordLine = b
            if b { rule.keywordWindow = true }
        }
        if let f = try string(t, "keywordFollowedBy", file: file, line: line, ruleID: id) {
            do { _ = try FollowPattern(f) } catch {
                throw fail("`keywordFollowedBy` at offset \(error.offset): \(error.message)")
            }
            rule.keywordFollowedBy = f
            rule.keywordWindow = true
        }
        if let c = t["contextConfidence"] {
            guard let b = c.bool else { throw fail("`contextConfidence` must be true or false") }
            rule.contextConfidence = b
        }
        if let w = t["keywordWindow"] {
            guard let b = w.bool else { throw fail("`keywordWindow` must be true or false") }
            rule.keywordWindow = b
        }
        if let c = try string(t, "checksum", file: file, line: line, ruleID: id) {
            guard let kind = TokenChecksum(rawValue: c) else {
                throw fail("`checksum` is '\(c)'; use \(TokenChecksum.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            rule.checksum = kind
        }
        for key in ["required", "components"] {
            guard let v = t[key] else { continue }
            guard let arr = v.array else { throw fail("`\(key)` must be written as [[rules.\(key)]]") }
            for entry in arr {
                guard let r = entry.table else { throw fail("[[rules.\(key)]] entries must be tables") }
                rule.required.append(try requirement(r, key: key, fail: fail))
            }
        }
        if let e = t["entropy"] {
            guard let v = e.double ?? e.int.map(Double.init), v >= 0, v <= 8 else {
                throw fail("`entropy` must be a number between 0 and 8 (bits per byte)")
            }
            rule.entropy = v
        }
        rule.keywords = try strings(t["keywords"], key: "keywords", file: file, line: line, ruleID: id).map { $0.lowercased() }
        if rule.keywords.contains("") { throw fail("`keywords` contains an empty string") }
        if rule.keywordLine, rule.keywords.contains(where: { $0.utf8.contains(10) }) {
            throw fail("`keywordLine = true` needs keywords without a line feed: a match holds its keyword on one line")
        }
        rule.tags = try strings(t["tags"], key: "tags", file: file, line: line, ruleID: id)
        if let s = try string(t, "severity", file: file, line: line, ruleID: id) {
            guard let sev = Severity(rawValue: s.lowercased()) else {
                throw fail("`severity` is '\(s)'; use critical, high, medium or low")
            }
            rule.severity = sev
        }
        if let c = try string(t, "confidence", file: file, line: line, ruleID: id) {
            guard let conf = Confidence(rawValue: c.lowercased()) else {
                throw fail("`confidence` is '\(c)'; use high, medium or low")
            }
            rule.confidence = conf
        }
        rule.remediation = try string(t, "remediation", file: file, line: line, ruleID: id)
        rule.examples = try examples(t["examples"], key: "examples", file: file, line: line, ruleID: id)
        rule.negativeExamples = try examples(t["negative_examples"], key: "negative_examples", file: file, line: line, ruleID: id)
        if let old = t["allowlist"]?.table {
            rule.allowlists.append(try allowlist(old, file: file, line: line, ruleID: id, global: false))
        }
        if let list = t["allowlists"] {
            guard let arr = list.array else { throw fail("`allowlists` must be written as [[rules.allowlists]]") }
            for entry in arr {
                guard let a = entry.table else { throw fail("[[rules.allowlists]] entries must be tables") }
                rule.allowlists.append(try allowlist(a, file: file, line: line, ruleID: id, global: false))
            }
        }
        return rule
    }

    private static func requirement(_ r: TOMLNodeTable, key: String, fail: (String) -> RuleError) throws(RuleError) -> RuleRequirement {
        for k in r.keys where !requirementKeys.contains(k) {
            throw fail("[[rules.\(key)]]: unknown key '\(k)'; expected one of \(requirementKeys.sorted().joined(separator: ", "))")
        }
        guard let id = r["id"]?.string, !id.isEmpty else { throw fail("[[rules.\(key)]] needs an `id`") }
        var req = RuleRequirement(ruleID: id, optional: r["optional"]?.bool ?? false)
        if let v = r["withinLines"] {
            guard let n = v.int, n >= 0 else { throw fail("[[rules.\(key)]] `withinLines` must be a non-negative integer") }
            req.withinLines = n
        }
        if let v = r["withinColumns"] {
            guard let n = v.int, n >= 0 else { throw fail("[[rules.\(key)]] `withinColumns` must be a non-negative integer") }
            req.withinColumns = n
        }
        if let w = r["within"] {
            // betterleaks: "5" or "5L" (lines), "200C" (columns), or both: "7L,200C".
            let text = (w.string ?? w.int.map(String.init) ?? "").lowercased().filter { $0 != " " }
            let bad = fail("[[rules.\(key)]] `within` is '\(text)'; write lines (\"5\", \"5L\"), columns (\"200C\") or both (\"7L,200C\")")
            guard !text.isEmpty else { throw bad }
            for part in text.split(separator: ",") {
                let digits = part.drop { $0 == "+" }.prefix { $0.isNumber }
                let unit = part.drop { $0 == "+" }.dropFirst(digits.count)
                guard let n = Int(digits) else { throw bad }
                switch unit {
                case "", "l", "line", "lines": req.withinLines = n
                case "c", "col", "cols", "column", "columns", "char", "chars": req.withinColumns = n
                default: throw bad
                }
            }
        }
        return req
    }

    private static func allowlist(_ t: TOMLNodeTable, file: String, line: Int, ruleID: String?, global: Bool) throws(RuleError) -> Allowlist
    {
        func fail(_ message: String) -> RuleError { .invalidRule(file: file, line: line, ruleID: ruleID, message: "allowlist: " + message) }
        for key in t.keys where !allowlistKeys.contains(key) {
            throw fail("unknown key '\(key)'; expected one of \(allowlistKeys.sorted().joined(separator: ", "))")
        }
        var a = Allowlist()
        a.description = t["description"]?.string
        if let c = t["condition"]?.string {
            switch c.uppercased() {
            case "OR", "||", "": a.condition = .or
            case "AND", "&&": a.condition = .and
            default: throw fail("`condition` is '\(c)'; use OR or AND")
            }
        }
        if let target = t["regexTarget"]?.string {
            guard let rt = Allowlist.RegexTarget(rawValue: target.lowercased()) else {
                throw fail("`regexTarget` is '\(target)'; use secret, match or line")
            }
            a.regexTarget = rt
        }
        a.commits = try strings(t["commits"], key: "commits", file: file, line: line, ruleID: ruleID)
        a.paths = try strings(t["paths"], key: "paths", file: file, line: line, ruleID: ruleID)
        a.regexes = try strings(t["regexes"], key: "regexes", file: file, line: line, ruleID: ruleID)
        a.stopwords = try strings(t["stopwords"], key: "stopwords", file: file, line: line, ruleID: ruleID).map { $0.lowercased() }
        a.targetRules = try strings(t["targetRules"], key: "targetRules", file: file, line: line, ruleID: ruleID)
        if !global && !a.targetRules.isEmpty { throw fail("`targetRules` is only valid in a global [[allowlists]]") }
        if a.isEmpty { throw fail("has no commits, paths, regexes or stopwords, so it would allow nothing") }
        return a
    }

}

/// Line numbers of the headers in a rule file, in document order, so the n-th parsed rule can name its line.
/// Works on the UTF-8 bytes (the default rules are parsed at every start, so this must be quick).
struct HeaderLines {
    var rules: [Int] = []
    var allowlists: [Int] = []
    var verifiers: [Int] = []
    var extend = 1
    var verify = 1

    init(text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            var lineNo = 0
            var open: UInt8 = 0  // the quote byte of the multi-line string we are inside, or 0
            var start = 0
            let n = bytes.count
            while start <= n {
                var end = start
                while end < n && bytes[end] != 0x0A { end += 1 }
                lineNo += 1
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                let wasOpen = open != 0
                // Toggle on each triple quote of the kind we are in (or either kind when outside).
                var k = 0
                while k + 2 < line.count {
                    let q = line[k]
                    if (q == 0x22 || q == 0x27) && line[k + 1] == q && line[k + 2] == q && (open == 0 || open == q) {
                        open = open == 0 ? q : 0
                        k += 3
                    } else {
                        k += 1
                    }
                }
                if !wasOpen {
                    var header: [UInt8] = []
                    var j = 0
                    while j < line.count && (line[j] == 0x20 || line[j] == 0x09) { j += 1 }
                    if j < line.count && line[j] == UInt8(ascii: "[") {
                        while j < line.count && line[j] != UInt8(ascii: "#") {
                            let c = line[j]
                            if c != 0x20 && c != 0x09 && c != 0x0D { header.append(c) }
                            j += 1
                        }
                        switch String(decoding: header, as: UTF8.self) {
                        case "[[rules]]": rules.append(lineNo)
                        case "[[allowlists]]", "[allowlist]": allowlists.append(lineNo)
                        case "[extend]": extend = lineNo
                        case "[[verifiers]]": verifiers.append(lineNo)
                        case "[verify]": verify = lineNo
                        default: break
                        }
                    }
                }
                start = end + 1
            }
        }
    }
}
