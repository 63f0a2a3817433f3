/// The `.gitignore` coverage audit as a pipeline stage: the work tree's findings, re-rooted at the
/// scanned directory like the rest of the report.
enum GitignoreStage {
    static func audit(
        _ request: ScanRequest, style: CoverageStyle, into result: inout ScanResult,
        warnings: inout [String]
    ) throws(PipelineError) {
        // A single file is not a place `.gitignore` coverage can be judged for.
        if request.scansContent && !FileSystem.isDirectory(request.path) { return }
        let audit: GitignoreAuditResult
        do {
            audit = try GitignoreAudit.audit(root: request.path, settings: request.config.gitignore, coverage: style)
        } catch {
            // Alone, the audit is the command: its failure is the command's. Beside a content scan
            // it is one analysis among others: a repository it cannot audit only lacks its findings.
            guard request.scansContent else { throw .gitignore(error) }
            switch error {
            case .notAGitRepository, .bareRepository: return
            default:
                result.issues.append(ScanIssue(kind: .unreadable, message: "gitignore audit: \(error.description)"))
                return
            }
        }
        warnings += audit.warnings
        // A content scan reports paths relative to the directory it scans; the audit alone reports
        // the whole repository, relative to its work tree.
        let prefix = request.scansContent ? GitignoreAudit.relativePrefix(of: request.path, in: audit.workTree) : ""
        for var f in audit.findings where prefix.isEmpty || f.location.path.hasPrefix(prefix) {
            f.location.path = String(f.location.path.dropFirst(prefix.count))
            result.findings.append(f)
        }
        result.findings.sort(by: Finding.reportOrder)
        result.issues += audit.issues
        if !request.scansContent {
            result.stats.filesScanned = audit.filesChecked
            result.stats.durationSeconds = audit.durationSeconds
        }
    }
}
