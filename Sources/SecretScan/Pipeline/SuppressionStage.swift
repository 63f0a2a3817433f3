import Foundation

/// Ignore files and a baseline as a pipeline stage (inline markers were applied while scanning).
enum SuppressionStage {
    static func apply(_ request: ScanRequest, to report: inout ScanReport) throws(PipelineError) {
        var suppressor = Suppressor()
        do {
            for file in request.suppression.ignoreFiles ?? defaultIgnoreFiles(root: request.path) {
                try suppressor.load(ignoreFile: file)
            }
            if let baseline = request.suppression.baseline { suppressor.baseline = try Baseline.load(baseline) }
        } catch {
            throw .suppression(error)
        }
        let applied = suppressor.apply(to: &report.result)
        for e in applied.expired {
            report.expiredIgnores.append(
                "\(e.origin): ignore entry expired on \(e.expires ?? "?"); it no longer suppresses anything (renew it or fix the finding)")
        }
        report.unusedIgnores =
            applied.unused.map { "\($0.origin): ignore entry matched no finding; remove it" }
            + applied.unusedGitleaks.map { "\($0.file):\($0.line): gitleaks ignore entry matched no finding; remove it" }
    }

    /// `.secretscanignore` and `.gitleaksignore` in the scanned directory (a file's directory), when present.
    static func defaultIgnoreFiles(root: String) -> [String] {
        let dir = FileSystem.directory(of: root)
        return [".secretscanignore", ".gitleaksignore"].map { dir + "/" + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
    }
}
