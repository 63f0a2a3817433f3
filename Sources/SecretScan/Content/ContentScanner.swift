/// One worker's analyses of one piece of content, for file and blob workers alike: the secret
/// rules, then the infrastructure checks, where a generic finding yields to an infrastructure
/// finding at the same place. Create one per worker thread and reuse it.
final class ContentScanner {
    let worker: DetectorWorker
    let iac: IaCScanner?

    init(detector: Detector, iac: IaCScanner?) {
        worker = detector.makeWorker()
        self.iac = iac
    }

    /// Findings (those an inline marker suppresses included, with `suppression` set) and issues.
    func scan(
        _ content: UnsafeRawBufferPointer, path: String, keywords: DetectorWorker.Keywords = .walk
    ) -> (findings: [Finding], issues: [ScanIssue]) {
        let r = worker.scan(content, path: path, keywords: keywords)
        var all = r.findings + r.suppressed
        if let iac, IaCScanner.mayScan(path: path) {
            all = Finding.droppingGenericCoveredByIaC(all + iac.scan(content, path: path))
        }
        return (all, r.issues)
    }

    /// The keyword log of the last scan that kept one (`DetectorWorker.lastKeywordLog`).
    var lastKeywordLog: [UInt64]? { worker.lastKeywordLog }

    /// Rules that match on the path alone, for content that is not scanned (binary, too large).
    func scanPathOnly(path: String) -> [Finding] { worker.scanPathOnly(path: path) }
}
