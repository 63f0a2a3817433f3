import Foundation

/// The one way through the core: content from a source, analysed (secrets, infrastructure code,
/// `.gitignore` coverage), suppressed (inline markers, ignore files, a baseline), and judged against
/// a threshold. Every command runs a scan through `Pipeline.run`.
public enum Pipeline {
    /// Starts, on another thread, the set-up a scan of `source` will need before its first git call
    /// (libgit2's initialisation reads the system's CA bundle: about 10 ms of a pre-commit run), so
    /// that it overlaps with loading the rules. Optional; `run` works without it.
    public static func prepare(for source: ScanRequest.Source) {
        if case .stream = source { return }
        DispatchQueue.global(qos: .userInitiated).async { GitRepository.initialize() }
    }

    public static func run(_ request: ScanRequest) throws(PipelineError) -> ScanReport {
        var result: ScanResult
        do { result = try scanContent(request) } catch { throw .scan(error) }
        var warnings: [String] = []
        if let style = request.analyses.gitignore, case .workingTree = request.source,
            result.isGitRepository || !request.scansContent
        {
            try GitignoreStage.audit(request, style: style, into: &result, warnings: &warnings)
        }
        var report = ScanReport(result: result, root: request.path, source: request.source, threshold: request.threshold)
        report.isAuditOnly = !request.scansContent
        report.warnings = warnings
        if request.analyses.inventory, case .workingTree(let includeIgnored) = request.source {
            report.inventory = try InventoryStage.collect(request, includeIgnored: includeIgnored)
        }
        try SuppressionStage.apply(request, to: &report)
        if let floor = request.confidenceFloor {
            let kept = report.result.findings.filter { $0.confidence >= floor }
            report.result.stats.belowMinConfidence = report.result.findings.count - kept.count
            report.result.findings = kept
            report.minConfidence = floor
        }
        if let verification = request.verification {
            VerificationStage.apply(verification, config: request.config, to: &report)
        }
        return report
    }

    /// The source's content through the secret rules and infrastructure checks.
    static func scanContent(_ request: ScanRequest) throws(ScanError) -> ScanResult {
        guard let detector = request.detector else {
            return ScanResult(findings: [], issues: [], stats: ScanStats(), isGitRepository: true)
        }
        switch request.source {
        case .workingTree(let includeIgnored):
            var options = ScanOptions()
            options.includeIgnored = includeIgnored
            options.maxFileSize = request.maxFileSize
            options.threads = request.threads
            options.iac = request.analyses.iac
            return try WorkingTreeScanner.scan(path: request.path, detector: detector, options: options)
        case .history(let allObjects):
            var options = request.historyOptions
            options.allObjects = allObjects
            return try HistoryScanner.scan(path: request.path, detector: detector, options: options)
        case .range(let selection, let notRemotes):
            var options = request.historyOptions
            options.notRemotes = notRemotes
            return try DiffScanner.scanRange(path: request.path, selection: selection, detector: detector, options: options)
        case .staged:
            return try DiffScanner.scanStaged(path: request.path, detector: detector, options: request.historyOptions)
        case .stream(let name):
            return StreamScanner.scan(
                request.streamContent, name: name, detector: detector, iac: request.analyses.iac, maxSize: request.maxFileSize)
        }
    }
}

extension ScanRequest {
    /// Whether the request reads content (a `.gitignore` audit alone does not).
    var scansContent: Bool { detector != nil }

    var historyOptions: HistoryOptions {
        var options = HistoryOptions()
        options.maxFileSize = maxFileSize
        options.threads = threads
        options.progress = progress
        options.iac = analyses.iac
        options.wholeBlobs = wholeBlobs
        return options
    }
}
