/// Errors in rule files: each names the file, the line and, where there is one, the rule.
public enum RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case invalidTOML(file: String, line: Int, column: Int, message: String)
    case invalidSyntax(file: String, line: Int, column: Int, format: String, message: String)
    case invalidRule(file: String, line: Int, ruleID: String?, message: String)
    case invalidRegex(file: String, line: Int, ruleID: String?, field: String, offset: Int, message: String)
    case duplicateRuleID(id: String, file: String, line: Int, firstFile: String, firstLine: Int)
    case extendCycle(file: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read rule file: \(reason)"
        case .invalidTOML(let file, let line, let column, let message):
            return "\(file):\(line):\(column): invalid TOML: \(message)"
        case .invalidSyntax(let file, let line, let column, let format, let message):
            return "\(file):\(line):\(column): invalid \(format): \(message)"
        case .invalidRule(let file, let line, let ruleID, let message):
            return "\(file):\(line): rule \(ruleID.map { "'\($0)'" } ?? "(no id)"): \(message)"
        case .invalidRegex(let file, let line, let ruleID, let field, let offset, let message):
            let who = ruleID.map { "rule '\($0)'" } ?? "allowlist"
            return "\(file):\(line): \(who): `\(field)` does not compile at offset \(offset): \(message)"
        case .duplicateRuleID(let id, let file, let line, let firstFile, let firstLine):
            return "\(file):\(line): rule id '\(id)' is already defined at \(firstFile):\(firstLine); rename one of them"
        case .extendCycle(let file):
            return "\(file): [extend] path forms a cycle; remove the circular extend"
        }
    }
}
