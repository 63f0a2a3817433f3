#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds secrets and secret-handling anti-patterns in infrastructure code: Terraform,
/// CloudFormation (YAML and JSON), AWS CDK (TypeScript, JavaScript, Python), ECS task definitions,
/// Kubernetes manifests, Dockerfiles, docker-compose files, GitHub Actions and GitLab CI.
///
/// The kind of file is decided from its path, then (for YAML, JSON and source files) from a
/// substring search; only infrastructure files are parsed. Never prints, never exits, never
/// crashes on malformed input: what cannot be parsed yields no findings.

public struct IaCScanner: Sendable {
    /// Larger files are not parsed (CloudFormation caps templates at 1 MB).
    public static let maxFileSize = 8 << 20

    /// Every check, in catalog order (opt-in checks included).
    public static var catalog: [IaCCheck] { IaCCatalog.checks }

    /// The catalog entry for `id`.
    public static func check(id: String) -> IaCCheck? { IaCCatalog.byID[id] }

    /// Ids in `ids` that name no check (for validating `[iac] disabled` and opt-in lists).
    public static func unknownCheckIDs<S: Sequence>(_ ids: S) -> [String] where S.Element == String {
        ids.filter { IaCCatalog.byID[$0] == nil }
    }

    /// Whether `path` names a file kind the scanner reads (a path-only test; the content decides the rest).
    public static func mayScan(path: String) -> Bool { IaCFileKind.of(path: path) != nil }

    /// The ids of the checks that run.
    public let enabledChecks: Set<String>

    /// - Parameters:
    ///   - disabled: check ids turned off.
    ///   - optIn: opt-in check ids turned on (`iac-secret-no-replica`).
    public init(disabled: Set<String> = [], optIn: Set<String> = []) {
        enabledChecks = Set(IaCCatalog.checks.filter { !disabled.contains($0.id) && (!$0.optIn || optIn.contains($0.id)) }.map(\.id))
    }

    /// The findings in `content`, the file at `path` (relative, `/`-separated), in report order.
    public func scan(_ content: UnsafeRawBufferPointer, path: String) -> [Finding] {
        guard !enabledChecks.isEmpty, let kind = IaCFileKind.of(path: path), content.count <= Self.maxFileSize,
            !content.isEmpty, !BinaryContent.isBinary(content), kind.mayApply(to: content)
        else { return [] }
        var report = IaCReport(path: path, source: IaCSource(Array(content)), enabled: enabledChecks)
        switch kind {
        case .terraform:
            TerraformChecks.run(&report)
        case .dockerfile:
            DockerfileChecks.run(&report)
        case .compose:
            for doc in YAMLTreeReader.documents(report.source) { ComposeChecks.run(doc, report: &report) }
        case .githubActions:
            for doc in YAMLTreeReader.documents(report.source) { GitHubActionsChecks.run(doc, report: &report) }
        case .gitlabCI:
            for doc in YAMLTreeReader.documents(report.source) { GitLabCIChecks.run(doc, report: &report) }
        case .yaml:
            structured(YAMLTreeReader.documents(report.source), &report)
        case .json:
            structured(JSONTreeReader.parse(report.source).map { [$0] } ?? [], &report)
        case .cloudFormationTemplate:
            let first = report.source.bytes.first {
                $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF
            }
            let docs =
                first == UInt8(ascii: "{")
                ? (JSONTreeReader.parse(report.source).map { [$0] } ?? []) : YAMLTreeReader.documents(report.source)
            structured(docs, &report)
        case .cdkTypeScript:
            CDKChecks.run(python: false, report: &report)
        case .cdkPython:
            CDKChecks.run(python: true, report: &report)
        case .rootKeyFile:
            RootKeyFileCheck.run(&report)
        }
        return report.finished()
    }

    /// YAML or JSON documents: CloudFormation, Kubernetes, an ECS task definition or an IAM policy.
    private func structured(_ docs: [IaCNode], _ report: inout IaCReport) {
        for doc in docs where doc.isMap {
            if CloudFormationChecks.isTemplate(doc) {
                CloudFormationChecks.run(doc, report: &report)
            } else if doc["apiVersion"] != nil, doc["kind"] != nil {
                KubernetesChecks.run(doc, report: &report)
            } else if let containers = doc["containerDefinitions"] {
                let family = doc["family"]?.text ?? "task definition"
                ECSContainerAnalyzer.check(containers, resource: family, report: &report)
            } else if doc.child(ignoringCase: "Statement") != nil {
                IAMPolicyAnalyzer.check(IAMPolicyAnalyzer.statements(document: doc), resource: "policy document", report: &report)
                OIDCTrustAnalyzer.check(document: doc, resource: "policy document", report: &report)
            }
        }
    }
}
