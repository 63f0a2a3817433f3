#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What kind of infrastructure file a path names, decided from the path alone (then, for YAML,
/// JSON and source files, from a cheap search of the content) before anything is parsed.
enum IaCFileKind: Equatable {
    case terraform
    case dockerfile
    case compose
    case githubActions
    case gitlabCI
    /// Other YAML: CloudFormation or Kubernetes, decided per document.
    case yaml
    /// Other JSON: CloudFormation, an ECS task definition or an IAM policy.
    case json
    /// `.template` files: CloudFormation in JSON or YAML.
    case cloudFormationTemplate
    case cdkTypeScript
    case cdkPython
    /// `rootkey.csv`: the root user's access key as the AWS console downloads it.
    case rootKeyFile

    static func of(path: String) -> IaCFileKind? {
        let lowerPath = path.lowercased()
        let name = lowerPath.split(separator: "/").last.map(String.init) ?? lowerPath
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last ?? "") : ""
        if ext == "tf" { return .terraform }
        if name == "rootkey.csv" { return .rootKeyFile }
        if isDockerfile(name) { return .dockerfile }
        switch ext {
        case "yml", "yaml":
            if lowerPath.hasPrefix(".github/workflows/") || lowerPath.contains("/.github/workflows/") { return .githubActions }
            if name == ".gitlab-ci.yml" || name == ".gitlab-ci.yaml" || name.hasSuffix(".gitlab-ci.yml")
                || lowerPath.hasPrefix(".gitlab/ci/") || lowerPath.contains("/.gitlab/ci/")
            {
                return .gitlabCI
            }
            if isCompose(name) { return .compose }
            return .yaml
        case "json": return .json
        case "template": return .cloudFormationTemplate
        case "ts", "mts", "cts", "js", "mjs", "cjs": return name.hasSuffix(".d.ts") ? nil : .cdkTypeScript
        case "py": return .cdkPython
        default: return nil
        }
    }

    private static func isDockerfile(_ name: String) -> Bool {
        if name == "dockerfile" || name == "containerfile" { return true }
        if name.hasSuffix(".dockerfile") || name.hasSuffix(".containerfile") { return true }
        for prefix in ["dockerfile.", "dockerfile-", "dockerfile_", "containerfile."] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            return !["md", "txt", "json", "yml", "yaml", "j2", "tmpl", "tpl", "erb", "template"].contains(
                String(rest.split(separator: ".").last ?? ""))
        }
        return false
    }

    private static func isCompose(_ name: String) -> Bool {
        for prefix in ["docker-compose", "compose"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            if rest.hasPrefix(".") || rest.hasPrefix("-") || rest.hasPrefix("_") { return true }
        }
        return false
    }

    /// Whether the content may hold what this kind is checked for (a substring search, no parsing).
    func mayApply(to content: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .terraform, .dockerfile, .compose, .githubActions, .gitlabCI, .rootKeyFile:
            return true
        case .yaml, .cloudFormationTemplate:
            return ByteSearch.containsAny(content, ["AWS::", "AWSTemplateFormatVersion", "apiVersion"])
        case .json:
            return ByteSearch.containsAny(
                content, ["AWS::", "AWSTemplateFormatVersion", "containerDefinitions", "Statement", "apiVersion"])
        case .cdkTypeScript, .cdkPython:
            return ByteSearch.containsAny(
                content, ["SecretValue", "StringParameter", "Principal", "AccessKey", "BucketDeployment"])
        }
    }
}

/// Substring search over raw bytes.
enum ByteSearch {
    static func containsAny(_ hay: UnsafeRawBufferPointer, _ needles: [StaticString]) -> Bool {
        needles.contains { contains(hay, $0) }
    }

    static func contains(_ hay: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        let m = needle.utf8CodeUnitCount
        let n = hay.count
        guard m > 0, n >= m, let base = hay.baseAddress else { return false }
        let p = needle.utf8Start
        let first = Int32(p[0])
        var i = 0
        while i <= n - m {
            guard let hit = memchr(base + i, first, n - m - i + 1) else { return false }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, p, m) == 0 { return true }
            i = at + 1
        }
        return false
    }
}
