import Testing

@testable import SecretScan

/// `IaCFileKind.of(path:)` reads lowercased bytes; it must name the same kind as the string-based
/// reading it replaced (kept here as the reference) for every path, odd ones included, except where a
/// separator is followed by a combining mark (bytes separate there; characters did not).
@Suite struct IaCFileKindTests {
    /// The former implementation: lowercase the path, split it into strings, compare.
    static func reference(_ path: String) -> IaCFileKind? {
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

    static func isDockerfile(_ name: String) -> Bool {
        if name == "dockerfile" || name == "containerfile" { return true }
        if name.hasSuffix(".dockerfile") || name.hasSuffix(".containerfile") { return true }
        for prefix in ["dockerfile.", "dockerfile-", "dockerfile_", "containerfile."] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            return !["md", "txt", "json", "yml", "yaml", "j2", "tmpl", "tpl", "erb", "template"].contains(
                String(rest.split(separator: ".").last ?? ""))
        }
        return false
    }

    static func isCompose(_ name: String) -> Bool {
        for prefix in ["docker-compose", "compose"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            if rest.hasPrefix(".") || rest.hasPrefix("-") || rest.hasPrefix("_") { return true }
        }
        return false
    }

    static let directories = [
        "", "infra/", ".github/workflows/", "a/.github/workflows/", ".GitLab/CI/", "x/.gitlab/ci/", "/", "a//", "dé/",
        ".github/workflowsx/", "..//",
    ]
    static let names = [
        "main.tf", "MAIN.TF", ".tf", "tf", "a..tf", "a.tf.", "rootkey.csv", "ROOTKEY.CSV", "Dockerfile", "dockerfile.",
        "Dockerfile.prod", "Dockerfile.md", "dockerfile-x.j2", "dockerfile_", "Containerfile.", "containerfile.tpl.x",
        "api.dockerfile", ".dockerfile", "docker-compose.yml", "compose.prod.yaml", "compose.yml", "composer.yml",
        "docker-compose_x.yaml", ".gitlab-ci.yml", ".gitlab-ci.yaml", "x.gitlab-ci.yml", "app.yaml", "app.YML", "a.json",
        "stack.template", "stack.ts", "types.d.ts", "x.D.TS", "m.mjs", "c.cts", "s.py", ".py", "py", "a.b.", "...",
        "", "README.md", "naïve.tf", "Ünïcode.yml",
    ]

    @Test func namesTheSameKindAsTheStringReading() {
        var compared = 0
        for directory in Self.directories {
            for name in Self.names {
                let path = directory + name
                #expect(IaCFileKind.of(path: path) == Self.reference(path), "\(path)")
                compared += 1
            }
        }
        #expect(compared == Self.directories.count * Self.names.count)
        // Spot checks with the answer spelled out, so that a shared mistake cannot pass.
        #expect(IaCFileKind.of(path: "a.tf.") == .terraform)
        #expect(IaCFileKind.of(path: "infra/.tf") == nil)
        #expect(IaCFileKind.of(path: "x/.GitLab/CI/build.yml") == .gitlabCI)
        #expect(IaCFileKind.of(path: "dockerfile-x.j2") == nil)
        #expect(IaCFileKind.of(path: "a//") == nil)
        #expect(IaCFileKind.of(path: "dé/naïve.tf") == .terraform)
        // A `.` followed by a combining mark: still a separator in the path's bytes.
        #expect(IaCFileKind.of(path: "Dockerfile.\u{301}x") == .dockerfile)
        #expect(Self.reference("Dockerfile.\u{301}x") == nil)
    }
}
