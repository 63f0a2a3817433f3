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

    /// The kind `path` names, from its lowercased bytes (history scans ask once per blob, so no
    /// string is split or built). The file name is the last non-empty `/`-separated component and
    /// its extension the last non-empty `.`-separated component after another one. Separators are
    /// bytes, as git stores paths: a `/` or `.` followed by a combining mark still separates (the
    /// string reading this replaced saw one character there, and no separator).
    static func of(path: String) -> IaCFileKind? {
        let isASCII = path.utf8.allSatisfy { $0 < 0x80 }
        let lower = isASCII ? path.utf8.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 } : Array(path.lowercased().utf8)
        return lower.withUnsafeBufferPointer { of(lowercased: PathBytes($0)) }
    }

    private static func of(lowercased path: PathBytes) -> IaCFileKind? {
        let name = path.lastComponent(separator: UInt8(ascii: "/")) ?? path
        let ext = name.extensionComponent
        if ext == "tf" { return .terraform }
        if name == "rootkey.csv" { return .rootKeyFile }
        if isDockerfile(name) { return .dockerfile }
        if ext == "yml" || ext == "yaml" {
            if path.hasPrefix(".github/workflows/") || path.contains("/.github/workflows/") { return .githubActions }
            if name == ".gitlab-ci.yml" || name == ".gitlab-ci.yaml" || name.hasSuffix(".gitlab-ci.yml")
                || path.hasPrefix(".gitlab/ci/") || path.contains("/.gitlab/ci/")
            {
                return .gitlabCI
            }
            return isCompose(name) ? .compose : .yaml
        }
        if ext == "json" { return .json }
        if ext == "template" { return .cloudFormationTemplate }
        if ext == "ts" || ext == "mts" || ext == "cts" || ext == "js" || ext == "mjs" || ext == "cjs" {
            return name.hasSuffix(".d.ts") ? nil : .cdkTypeScript
        }
        if ext == "py" { return .cdkPython }
        return nil
    }

    private static func isDockerfile(_ name: PathBytes) -> Bool {
        if name == "dockerfile" || name == "containerfile" { return true }
        if name.hasSuffix(".dockerfile") || name.hasSuffix(".containerfile") { return true }
        for prefix: StaticString in ["dockerfile.", "dockerfile-", "dockerfile_", "containerfile."] where name.hasPrefix(prefix) {
            let last = name.dropFirst(prefix.utf8CodeUnitCount).lastComponent(separator: UInt8(ascii: ".")) ?? PathBytes()
            let notDockerfiles: [StaticString] = ["md", "txt", "json", "yml", "yaml", "j2", "tmpl", "tpl", "erb", "template"]
            return !notDockerfiles.contains { last == $0 }
        }
        return false
    }

    private static func isCompose(_ name: PathBytes) -> Bool {
        for prefix: StaticString in ["docker-compose", "compose"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.utf8CodeUnitCount)
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

/// A borrowed run of path bytes, compared with ASCII literals.
private struct PathBytes {
    var bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)) { self.bytes = bytes }

    private func slice(_ r: Range<Int>) -> PathBytes { PathBytes(UnsafeBufferPointer(rebasing: bytes[r])) }

    /// The last non-empty component between `separator`s; nil when every component is empty.
    func lastComponent(separator: UInt8) -> PathBytes? {
        var end = bytes.count
        while end > 0 && bytes[end - 1] == separator { end -= 1 }
        guard end > 0 else { return nil }
        var start = end
        while start > 0 && bytes[start - 1] != separator { start -= 1 }
        return slice(start..<end)
    }

    /// The last non-empty `.`-separated component when there is another non-empty one before it;
    /// else empty.
    var extensionComponent: PathBytes {
        guard let last = lastComponent(separator: UInt8(ascii: ".")) else { return PathBytes() }
        let before = bytes.baseAddress.map { last.bytes.baseAddress! - $0 } ?? 0
        return bytes[0..<before].contains { $0 != UInt8(ascii: ".") } ? last : PathBytes()
    }

    func dropFirst(_ k: Int) -> PathBytes { slice(min(k, bytes.count)..<bytes.count) }

    func hasPrefix(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        return n <= bytes.count && (n == 0 || memcmp(bytes.baseAddress!, s.utf8Start, n) == 0)
    }

    func hasSuffix(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        return n <= bytes.count && (n == 0 || memcmp(bytes.baseAddress! + (bytes.count - n), s.utf8Start, n) == 0)
    }

    func contains(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard n <= bytes.count else { return false }
        return (0...(bytes.count - n)).contains { memcmp(bytes.baseAddress! + $0, s.utf8Start, n) == 0 }
    }

    static func == (a: PathBytes, s: StaticString) -> Bool { a.bytes.count == s.utf8CodeUnitCount && a.hasPrefix(s) }
}
