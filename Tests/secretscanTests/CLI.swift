import Foundation
import TestSupport

/// Runs the built `secretscan` binary (built next to this test bundle).
enum CLI {
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("secretscan").path
    }()

    static func run(_ args: [String], cwd: URL? = nil) throws -> Run.Result {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        return try Run.process(binary, args, cwd: cwd, environment: env)
    }

    /// Runs a scan with `--format json` and decodes the report.
    static func scanJSON(_ args: [String], cwd: URL? = nil) throws -> (status: Int32, report: Report, stderr: String) {
        let r = try run(["scan", "--format", "json"] + args, cwd: cwd)
        let report = try JSONDecoder().decode(Report.self, from: r.stdoutData)
        return (r.status, report, r.stderr)
    }

    struct Report: Decodable {
        var version: Int
        var findings: [Finding]
        var errors: [ErrorEntry]
        var stats: Stats
    }

    struct Stats: Decodable {
        var files_scanned: Int
        var bytes_scanned: Int
        var files_skipped_binary: Int
        var files_skipped_too_large: Int
        var files_skipped_symlink: Int
        var files_skipped_special: Int
        var files_unreadable: Int
        var rules_loaded: Int
        var duration_seconds: Double
        var findings: Int
        var errors: Int
        var complete: Bool
    }

    struct Finding: Decodable, Equatable {
        var kind: String
        var rule_id: String
        var description: String
        var severity: String
        var path: String
        var line: Int
        var column: Int
        var end_line: Int
        var end_column: Int
        var secret: String
        var entropy: Double
        var fingerprint: String

        /// `rule@path:line:column`, for exact assertions.
        var position: String { "\(rule_id)@\(path):\(line):\(column)" }
    }

    struct ErrorEntry: Decodable {
        var kind: String
        var path: String?
        var rule_id: String?
        var message: String
    }
}

/// Test-only rules with neutral token formats, so end-to-end tests do not depend on the default set.
let neutralRules = """
    [[rules]]
    id = "test-token"
    description = "test token"
    regex = '''\\b(tkn_[A-Za-z0-9]{24})\\b'''
    keywords = ["tkn_"]
    severity = "high"
    """
