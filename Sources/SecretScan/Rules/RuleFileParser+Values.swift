/// Typed values read from TOML tables, with errors that name the file, the line and the key.
extension RuleFileParser {
    static func string(_ t: TOMLNodeTable, _ key: String, file: String, line: Int, ruleID: String?) throws(RuleError) -> String? {
        guard let v = t[key] else { return nil }
        guard let s = v.string else {
            throw .invalidRule(file: file, line: line, ruleID: ruleID, message: "`\(key)` must be a string")
        }
        return s
    }

    static func strings(_ v: TOMLNode?, key: String, file: String, line: Int, ruleID: String?) throws(RuleError)
        -> [String]
    {
        guard let v else { return [] }
        guard let arr = v.array else {
            throw .invalidRule(file: file, line: line, ruleID: ruleID, message: "`\(key)` must be an array of strings")
        }
        var out: [String] = []
        for item in arr {
            guard let s = item.string else {
                throw .invalidRule(file: file, line: line, ruleID: ruleID, message: "`\(key)` must contain only strings")
            }
            out.append(s)
        }
        return out
    }

    static func examples(_ v: TOMLNode?, key: String, file: String, line: Int, ruleID: String?) throws(RuleError)
        -> [RuleExample]
    {
        guard let v else { return [] }
        guard let arr = v.array else {
            throw .invalidRule(file: file, line: line, ruleID: ruleID, message: "`\(key)` must be an array")
        }
        var out: [RuleExample] = []
        for item in arr {
            if let s = item.string {
                out.append(RuleExample(text: s))
            } else if let t = item.table, let text = t["text"]?.string {
                out.append(RuleExample(path: t["path"]?.string, text: text))
            } else {
                throw .invalidRule(
                    file: file, line: line, ruleID: ruleID,
                    message: "`\(key)` entries must be strings or { path = \"…\", text = \"…\" } tables")
            }
        }
        return out
    }
}
