import Foundation

/// What the checklist is asked to evaluate.
public struct ChecklistRequest: Sendable {
    public var path: String
    public var detector: Detector
    /// Judge `no-secrets-in-git` on the full history of a git repository (else on the tree).
    public var history = true
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var maxFileSize = 10 * 1024 * 1024

    public init(path: String, detector: Detector) {
        self.path = path
        self.detector = detector
    }
}

/// Evaluates the externalization checklist on a repository, on top of pipeline runs: the working
/// tree with every infrastructure check (opt-in ones too), the `.gitignore` audit and the
/// infrastructure inventory; and, for a git repository, the full history for secrets.
public enum Checklist {
    /// The four patterns the checklist requires `.gitignore` to cover.
    public static let requiredIgnores = [".env", "*.pem", "*.key", "secrets.*"]

    public static func run(_ request: ChecklistRequest) throws(ChecklistError) -> ChecklistReport {
        let config = request.detector.config
        let iac = IaCScanner(
            disabled: Set(config.disabledIaCChecks), optIn: Set(IaCScanner.catalog.filter(\.optIn).map(\.id)))
        var treeRequest = ScanRequest(
            path: request.path, source: .workingTree(includeIgnored: false), detector: request.detector,
            analyses: .init(iac: iac, gitignore: .advisory, inventory: true))
        treeRequest.config.gitignore.required += requiredIgnores.filter { !treeRequest.config.gitignore.required.contains($0) }
        treeRequest.threads = request.threads
        treeRequest.maxFileSize = request.maxFileSize
        let tree: ScanReport
        do { tree = try Pipeline.run(treeRequest) } catch { throw .pipeline(error) }
        var history: ScanReport?
        if request.history && tree.result.isGitRepository && FileSystem.isDirectory(request.path) {
            var historyRequest = ScanRequest(path: request.path, source: .history(allObjects: false), detector: request.detector)
            historyRequest.threads = request.threads
            historyRequest.maxFileSize = request.maxFileSize
            do { history = try Pipeline.run(historyRequest) } catch { throw .pipeline(error) }
        }
        let evaluator = ChecklistEvaluator(tree: tree, history: history, inventory: tree.inventory ?? IaCInventory())
        var issues = tree.result.issues
        for issue in history?.result.issues ?? [] where !issues.contains(issue) { issues.append(issue) }
        return ChecklistReport(
            root: request.path, items: evaluator.items(), language: evaluator.language, historyScanned: history != nil,
            issues: issues, warnings: tree.warnings)
    }
}
