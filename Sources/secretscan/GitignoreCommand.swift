import ArgumentParser
import Foundation
import SecretScan

struct GitignoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gitignore",
        abstract: "Check that .gitignore keeps sensitive files out of the repository.",
        discussion: """
            Evaluates git's exact ignore rules on example paths for each sensitive pattern (.env, *.pem, \
            id_rsa, *.tfstate…), counting only committed .gitignore files, and reports patterns that are \
            not covered, re-included by a negation, or ignored only locally (.git/info/exclude, \
            core.excludesFile); tracked files with sensitive names and tracked files the rules ignore; \
            untracked sensitive files that `git add .` would commit; and ignored templates (.env.example). \
            The list is configured by [gitignore] add, remove and required in .secretscan.toml. \
            With --explain, prints for each path the deciding source:line:pattern as \
            `git check-ignore -v -n --no-index` does (exit 0 if any path is ignored, else 1).
            """)

    @Argument(help: "A directory of the git work tree to check (the whole repository is checked).")
    var path: String = "."

    @Flag(help: "Append the missing patterns to the top .gitignore (under a comment header; no line is removed).")
    var fix = false

    @Flag(help: "With --fix: change .gitignore even when it has uncommitted changes.")
    var force = false

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Print whether each path (relative to PATH) is ignored, and by which source:line:pattern.", valueName: "path"))
    var explain: [String] = []

    @OptionGroup var rules: RuleConfigOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        if !explain.isEmpty && fix { throw ValidationError("--explain and --fix do not combine; run them separately") }
        if force && !fix { throw ValidationError("--force only applies to --fix") }
        if !explain.isEmpty && ![.text, .json].contains(report.format) { throw ValidationError("--explain prints text or json") }
    }

    func run() throws {
        if !explain.isEmpty { try runExplain() }
        let config = try rules.load(root: path)
        if fix {
            let result: GitignoreFixResult
            do { result = try GitignoreAudit.fix(root: path, settings: config.gitignore, force: force) } catch {
                throw CLIError(error.description)
            }
            let message =
                result.added.isEmpty
                ? "nothing to add: .gitignore already covers every sensitive pattern it can\n"
                : "added to \(result.file):\n" + result.added.map { "  \($0)\n" }.joined()
            // The summary goes with a text report on stdout; never into a JSON or SARIF document.
            if report.format == .text && report.output == nil { Console.out(message) } else { Console.error(message) }
        }
        // The audit alone, with the detailed per-pattern listing, through the same pipeline as scan.
        var request = ScanRequest(gitignoreAuditOf: path, style: .perPattern, config: config)
        report.configure(&request)
        try report.finish(try report.run(request))
    }

    private func runExplain() throws -> Never {
        let decisions: [IgnoreDecision]
        do { decisions = try GitignoreAudit.explain(root: path, paths: explain) } catch { throw CLIError(error.description) }
        let data: Data
        switch report.format {
        case .json:
            struct Record: Encodable {
                var path: String
                var ignored: Bool
                var source: String?
                var line: Int?
                var pattern: String?

                func encode(to encoder: Encoder) throws {
                    // Keys always present; null when no pattern matched.
                    var c = encoder.container(keyedBy: CodingKeys.self)
                    try c.encode(path, forKey: .path)
                    try c.encode(ignored, forKey: .ignored)
                    try c.encode(source, forKey: .source)
                    try c.encode(line, forKey: .line)
                    try c.encode(pattern, forKey: .pattern)
                }

                enum CodingKeys: String, CodingKey { case path, ignored, source, line, pattern }
            }
            let records = zip(explain, decisions).map { given, d in
                Record(path: given, ignored: d.ignored, source: d.match?.source, line: d.match?.line, pattern: d.match?.pattern)
            }
            data = try Console.json(records)
        default:
            var out = ""
            for (given, d) in zip(explain, decisions) {
                if let m = d.match {
                    out += "\(Self.cQuoted(m.source)):\(m.line):\(m.pattern)\t\(Self.cQuoted(given))\n"
                } else {
                    out += "::\t\(Self.cQuoted(given))\n"
                }
            }
            data = Data(out.utf8)
        }
        try Console.emit(data, to: report.output)
        throw ExitCode(decisions.contains(where: \.ignored) ? CLIExit.clean : CLIExit.findings)
    }

    /// git's `quote_c_style()`: a name with `"`, `\`, control or non-ASCII bytes is printed in
    /// double quotes with C escapes (octal for other bytes), as `git check-ignore -v` prints it.
    static func cQuoted(_ s: String) -> String {
        let bytes = Array(s.utf8)
        guard bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 >= 0x7F }) else { return s }
        var out = "\""
        for b in bytes {
            switch b {
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0B: out += "\\v"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let octal = String(b, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return out + "\""
    }
}
