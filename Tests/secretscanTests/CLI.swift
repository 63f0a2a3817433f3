import Foundation
import TestSupport

/// Runs the built `secretscan` binary (built next to this test bundle).
enum CLI {
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("secretscan").path
    }()

    /// `scan` runs without its .gitignore audit unless `gitignoreAudit` (tests of secrets assert exact
    /// findings; the audit has tests of its own).
    static func run(_ args: [String], cwd: URL? = nil, gitignoreAudit: Bool = false) throws -> Run.Result {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // The developer's own git configuration (a global excludes file) must not change results.
        env["HOME"] = "/nonexistent/secretscan-test-home"
        env["XDG_CONFIG_HOME"] = "/nonexistent/secretscan-test-home"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        var args = args
        if args.first == "scan" && !gitignoreAudit { args.append("--no-gitignore") }
        return try Run.process(binary, args, cwd: cwd, environment: env)
    }

    /// Runs a scan with `--format json` and decodes the report.
    static func scanJSON(_ args: [String], cwd: URL? = nil) throws -> (status: Int32, report: Report, stderr: String) {
        try json("scan", args, cwd: cwd)
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
        var suppressed: Int
        var findings: Int
        var errors: Int
        var complete: Bool
        var fail_on: String
        var failing: Int
        var below_threshold: Int
        var commits_scanned: Int?
        var blobs_scanned: Int?
        var submodules_skipped: Int?
        var lfs_pointers_skipped: Int?
        var shallow: Bool?
    }

    /// Runs `secretscan <command> --format json ARGS` and decodes the report.
    static func json(_ command: String, _ args: [String], cwd: URL? = nil) throws -> (status: Int32, report: Report, stderr: String) {
        let r = try run([command, "--format", "json"] + args, cwd: cwd)
        do {
            return (r.status, try JSONDecoder().decode(Report.self, from: r.stdoutData), r.stderr)
        } catch {
            throw Run.Failure(message: "status \(r.status), stderr: \(r.stderr), stdout: \(r.stdout)")
        }
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
        var commit: String?
        var author: String?
        var email: String?
        var date: String?
        var message: String?
        var occurrences: Int?
        var blob: String?

        /// `rule@path:line:column`, for exact assertions.
        var position: String { "\(rule_id)@\(path):\(line):\(column)" }
    }

    struct ErrorEntry: Decodable {
        var kind: String
        var path: String?
        var rule_id: String?
        var object: String?
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
