extension Baseline {
    /// Everything `report` reports, of every kind and severity, as accepted findings. Refused for
    /// an incomplete scan.
    public init(recording report: ScanReport) throws(PipelineError) {
        guard report.isComplete else { throw .incompleteBaseline(errors: report.result.issues.count) }
        self.init(findings: report.findings)
    }
}
