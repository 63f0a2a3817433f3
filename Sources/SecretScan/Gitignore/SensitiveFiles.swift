import Foundation

/// One kind of file that must never be committed, in gitignore syntax.
public struct SensitivePattern: Sendable, Hashable {
    /// The pattern as a `.gitignore` line (what `--fix` appends), e.g. `.env.*`, `*.pem`, `secrets/`.
    public var pattern: String
    /// Repo-relative paths of files the pattern stands for, at several depths: each must be ignored
    /// by the committed `.gitignore` files.
    public var probes: [String]
    /// For a pattern that applies at any depth: the probe's path below a directory, used to probe
    /// directories that have their own `.gitignore` (e.g. `.env`, `secrets/db-password.txt`).
    public var nestedProbe: String?
    /// Required by policy (`[gitignore] required`): missing coverage is reported at high severity.
    public var required: Bool
    /// What the file is, for tags and explanations (e.g. `private-key`, `dotenv`).
    public var category: String
    /// How likely a file with such a name holds a secret.
    public var confidence: Confidence

    public init(
        pattern: String, probes: [String], nestedProbe: String?, required: Bool = false,
        category: String, confidence: Confidence
    ) {
        self.pattern = pattern
        self.probes = probes
        self.nestedProbe = nestedProbe
        self.required = required
        self.category = category
        self.confidence = confidence
    }
}

/// The sensitive-file list: the defaults, changed by `[gitignore] add/remove/required`.
public struct SensitiveFileList: Sendable {
    public private(set) var patterns: [SensitivePattern]
    /// Configuration entries that were skipped or had no effect, one sentence each.
    public private(set) var warnings: [String] = []

    /// Compiled form for matching file paths, one list per pattern.
    private var matchers: [IgnorePatternList] = []

    public init(settings: GitignoreSettings = GitignoreSettings()) throws(GitignoreError) {
        var list = SensitiveFileList.defaults
        var warnings: [String] = []
        for raw in settings.remove {
            let p = raw.trimmingCharacters(in: .whitespaces)
            if list.contains(where: { $0.pattern == p }) {
                list.removeAll { $0.pattern == p }
            } else {
                warnings.append("[gitignore] remove: '\(p)' is not in the sensitive-file list; nothing removed")
            }
        }
        for (raw, required) in settings.add.map({ ($0, false) }) + settings.required.map({ ($0, true) }) {
            let p = raw.trimmingCharacters(in: .whitespaces)
            try SensitiveFileList.validate(p)
            if SensitiveFileList.isTemplatePattern(p) {
                warnings.append(
                    "[gitignore] '\(p)' names template files (.env.example and the like), which stay trackable; it is not checked")
                continue
            }
            if let i = list.firstIndex(where: { $0.pattern == p }) {
                if required { list[i].required = true }
                continue
            }
            let generated = SensitiveFileList.generatedProbes(for: p)
            if generated.probes.isEmpty {
                warnings.append(
                    """
                    [gitignore] '\(p)': no example path could be built from this pattern, so its coverage by .gitignore is not checked \
                    (tracked and untracked files still are)
                    """
                )
            }
            list.append(
                SensitivePattern(
                    pattern: p, probes: generated.probes, nestedProbe: generated.nested,
                    required: required, category: "configured", confidence: .medium))
        }
        patterns = list
        self.warnings = warnings
        matchers = list.map { SensitiveFileList.matcher(for: $0.pattern) }
    }

    /// The first pattern that names the repo-relative `path` (a file), at any depth and ignoring
    /// case; nil for templates such as `.env.example`. A directory pattern (`secrets/`) names
    /// every file below such a directory.
    public func match(_ path: String) -> SensitivePattern? {
        if SensitiveFileList.isTemplate(path) { return nil }
        let bytes = Array(path.utf8)
        // Each ancestor directory, as a directory, then the path itself.
        var levels: [(path: [UInt8], basenameStart: Int, isDirectory: Bool)] = []
        var start = 0
        for (i, c) in bytes.enumerated() where c == UInt8(ascii: "/") {
            levels.append((Array(bytes[0..<i]), start, true))
            start = i + 1
        }
        levels.append((bytes, start, false))
        for (i, matcher) in matchers.enumerated() {
            for level in levels
            where matcher.lastMatch(path: level.path, basenameStart: level.basenameStart, isDirectory: level.isDirectory, caseFold: true)
                != nil
            {
                return patterns[i]
            }
        }
        return nil
    }

    // MARK: templates

    /// Template names: never required to be ignored, never reported as sensitive.
    public static let templatePatterns = [
        ".env.example", ".env.sample", ".env.template", ".env.dist", "*.tfvars.example",
        "*.example", "*.sample", "*.template", "*.tmpl", "*.dist", "*.example.*", "*.sample.*", "*.template.*",
    ]

    /// Template files the audit checks `.gitignore` does not ignore, with the negation `--fix`
    /// adds when its own lines would ignore them.
    static let templateProbes: [(probe: String, negation: String)] = [
        (".env.example", "!.env.example"), (".env.sample", "!.env.sample"), (".env.template", "!.env.template"),
        ("terraform.tfvars.example", "!*.tfvars.example"),
    ]

    private static let templateMatcher = IgnorePatternList(
        source: "templates", base: [], kind: .perDirectory, shared: true,
        content: Array(templatePatterns.joined(separator: "\n").utf8))

    /// Whether the file's name is a template's (`.env.example`, `prod.tfvars.example`, `secrets.sample.yaml`…).
    public static func isTemplate(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        let start = (bytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
        return templateMatcher.lastMatch(path: bytes, basenameStart: start, isDirectory: false, caseFold: true) != nil
    }

    /// Whether a pattern only ever names templates (its example path is a template's name).
    static func isTemplatePattern(_ pattern: String) -> Bool {
        let generated = generatedProbes(for: pattern)
        if let first = generated.probes.first { return isTemplate(first) }
        return isTemplate(pattern)
    }

    // MARK: patterns from configuration

    static func validate(_ p: String) throws(GitignoreError) {
        if p.isEmpty { throw .invalidPattern(p, reason: "empty pattern") }
        if p.hasPrefix("!") { throw .invalidPattern(p, reason: "a negation cannot name sensitive files; list the files themselves") }
        if p.hasPrefix("#") {
            throw .invalidPattern(p, reason: "a line starting with # is a comment in .gitignore; write \\# for a literal #")
        }
        if p.contains("\n") || p.contains("\r") { throw .invalidPattern(p, reason: "a pattern is one line") }
    }

    /// How a list entry names files at any depth: a pattern with a `/` in the middle is anchored in
    /// `.gitignore`, but a file such as `.aws/credentials` is sensitive wherever it is.
    static func matcher(for pattern: String) -> IgnorePatternList {
        var p = pattern
        let body = p.hasSuffix("/") ? String(p.dropLast()) : p
        if !p.hasPrefix("/") && !p.hasPrefix("**/") && body.contains("/") { p = "**/" + p }
        return IgnorePatternList(source: pattern, base: [], kind: .perDirectory, shared: true, content: Array(p.utf8))
    }

    /// Example paths for a configured pattern: `*` becomes `sample`, `?` `x`, a set its first
    /// member; a pattern without a `/` in the middle is probed at three depths, an anchored one at
    /// the top; a directory pattern by a file inside. Only paths the pattern really matches are kept.
    static func generatedProbes(for pattern: String) -> (probes: [String], nested: String?) {
        var p = pattern
        let isDir = p.hasSuffix("/")
        if isDir { p.removeLast() }
        var anchored = false
        var anyDepth = false
        if p.hasPrefix("/") {
            p.removeFirst()
            anchored = true
        }
        if p.hasPrefix("**/") {
            p.removeFirst(3)
            anyDepth = true
            anchored = false
        }
        if p.contains("/") && !anyDepth { anchored = true }
        guard let name = instantiate(p), !name.isEmpty else { return ([], nil) }
        let leaf = isDir ? name + "/example.txt" : name
        var candidates: [String]
        var nested: String?
        if anchored {
            candidates = [leaf]
        } else {
            candidates = [leaf, "app/" + leaf, "deploy/config/" + leaf]
            nested = leaf
        }
        let check = IgnorePatternList(source: pattern, base: [], kind: .perDirectory, shared: true, content: Array(pattern.utf8))
        candidates = candidates.filter { candidate in
            // The probe counts when the pattern matches it or the directory it is in.
            let path = isDir ? String(candidate.dropLast("/example.txt".count)) : candidate
            let bytes = Array(path.utf8)
            let start = (bytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
            return check.lastMatch(path: bytes, basenameStart: start, isDirectory: isDir, caseFold: false) != nil
                && !isTemplate(candidate)
        }
        if candidates.isEmpty { nested = nil }
        return (candidates, nested)
    }

    /// A concrete name for a glob, or nil when none is obvious.
    private static func instantiate(_ glob: String) -> String? {
        var out = ""
        let chars = Array(glob)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "*":
                var j = i
                while j < chars.count && chars[j] == "*" { j += 1 }
                if j - i >= 2 {
                    // `a/**/b` -> `a/b`; a trailing `**` -> a file name.
                    if j < chars.count && chars[j] == "/" { j += 1 } else if j == chars.count { out += "sample" }
                } else {
                    out += "sample"
                }
                i = j
                continue
            case "?":
                out += "x"
            case "\\":
                if i + 1 < chars.count {
                    out.append(chars[i + 1])
                    i += 1
                }
            case "[":
                var j = i + 1
                var negated = false
                if j < chars.count && (chars[j] == "!" || chars[j] == "^") {
                    negated = true
                    j += 1
                }
                var members: [Character] = []
                if j < chars.count && chars[j] == "]" {
                    members.append("]")
                    j += 1
                }
                while j < chars.count && chars[j] != "]" {
                    members.append(chars[j])
                    j += 1
                }
                guard j < chars.count else { return nil }
                if negated {
                    guard let pick = "xyz0_".first(where: { !members.contains($0) }) else { return nil }
                    out.append(pick)
                } else {
                    guard let first = members.first, first != "[" else { return nil }
                    out.append(first == "\\" && members.count > 1 ? members[1] : first)
                }
                i = j
            default:
                out.append(c)
            }
            i += 1
        }
        return out
    }

    // MARK: defaults

    /// At least everything the issue names: environment files, private keys and keystores, SSH
    /// keys, secret files and directories, cloud and package-registry credentials, Terraform state
    /// and variables, kubeconfigs and password files.
    public static let defaults: [SensitivePattern] = {
        func anyDepth(_ pattern: String, _ probes: [String], _ category: String, _ confidence: Confidence) -> SensitivePattern {
            let nested = probes[0].split(separator: "/").last.map(String.init) ?? probes[0]
            return SensitivePattern(pattern: pattern, probes: probes, nestedProbe: nested, category: category, confidence: confidence)
        }
        func top(_ pattern: String, _ category: String, _ confidence: Confidence) -> SensitivePattern {
            SensitivePattern(pattern: pattern, probes: [pattern], nestedProbe: nil, category: category, confidence: confidence)
        }
        return [
            anyDepth(".env", [".env", "app/.env", "services/api/.env"], "dotenv", .high),
            anyDepth(".env.*", [".env.production", "app/.env.local", "services/api/.env.development"], "dotenv", .high),
            anyDepth("*.env", ["production.env", "config/staging.env", "deploy/docker/app.env"], "dotenv", .medium),
            anyDepth(".envrc", [".envrc", "app/.envrc"], "dotenv", .medium),
            anyDepth("*.pem", ["server.pem", "certs/server.pem", "deploy/certs/client.pem"], "private-key", .medium),
            anyDepth("*.key", ["server.key", "certs/server.key", "deploy/keys/tls.key"], "private-key", .medium),
            anyDepth("*.p12", ["client.p12", "certs/client.p12", "deploy/certs/signing.p12"], "keystore", .high),
            anyDepth("*.pfx", ["client.pfx", "certs/client.pfx", "deploy/certs/signing.pfx"], "keystore", .high),
            anyDepth("*.jks", ["keystore.jks", "config/keystore.jks", "android/app/release.jks"], "keystore", .high),
            anyDepth("*.keystore", ["release.keystore", "android/release.keystore", "android/app/debug.keystore"], "keystore", .high),
            anyDepth("*.kdbx", ["passwords.kdbx", "ops/passwords.kdbx"], "password-database", .high),
            anyDepth("*.ppk", ["server.ppk", "keys/server.ppk"], "ssh-key", .high),
            anyDepth("*.asc", ["private.asc", "keys/signing-key.asc"], "private-key", .low),
            anyDepth("id_rsa", ["id_rsa", ".ssh/id_rsa", "deploy/.ssh/id_rsa"], "ssh-key", .high),
            anyDepth("id_dsa", ["id_dsa", ".ssh/id_dsa"], "ssh-key", .high),
            anyDepth("id_ecdsa", ["id_ecdsa", ".ssh/id_ecdsa"], "ssh-key", .high),
            anyDepth("id_ed25519", ["id_ed25519", ".ssh/id_ed25519", "deploy/.ssh/id_ed25519"], "ssh-key", .high),
            anyDepth("secrets.*", ["secrets.yaml", "config/secrets.prod.json", "deploy/config/secrets.toml"], "secrets-file", .medium),
            anyDepth("*.secret", ["database.secret", "config/api.secret"], "secrets-file", .medium),
            anyDepth("*.secrets", ["app.secrets", "config/prod.secrets"], "secrets-file", .medium),
            SensitivePattern(
                pattern: "secrets/", probes: ["secrets/db-password.txt", "config/secrets/api-token.txt"],
                nestedProbe: "secrets/db-password.txt", category: "secrets-directory", confidence: .low),
            top(".aws/credentials", "cloud-credentials", .high),
            anyDepth(
                "credentials.json", ["credentials.json", "config/credentials.json", "deploy/gcp/credentials.json"], "cloud-credentials",
                .medium),
            anyDepth(
                "*service-account*.json",
                ["service-account.json", "config/gcp-service-account.json", "deploy/gcp/ci-service-account-key.json"], "cloud-credentials",
                .high),
            anyDepth("rootkey.csv", ["rootkey.csv", "ops/rootkey.csv"], "cloud-credentials", .high),
            anyDepth(
                "*.tfstate", ["terraform.tfstate", "infra/terraform.tfstate", "infra/envs/prod/terraform.tfstate"], "terraform-state", .high
            ),
            anyDepth(
                "*.tfstate.*",
                ["terraform.tfstate.backup", "infra/terraform.tfstate.backup", "infra/envs/prod/terraform.tfstate.1700000000.backup"],
                "terraform-state", .high),
            anyDepth(
                "*.tfvars", ["terraform.tfvars", "infra/prod.tfvars", "infra/envs/prod/terraform.tfvars"], "terraform-variables", .medium),
            anyDepth("*.tfvars.json", ["terraform.tfvars.json", "infra/prod.tfvars.json"], "terraform-variables", .medium),
            anyDepth(".terraformrc", [".terraformrc", "infra/.terraformrc"], "package-credentials", .medium),
            anyDepth(".npmrc", [".npmrc", "web/.npmrc", "packages/app/.npmrc"], "package-credentials", .low),
            anyDepth(".pypirc", [".pypirc", "python/.pypirc"], "package-credentials", .medium),
            anyDepth(".netrc", [".netrc", "ci/.netrc"], "package-credentials", .high),
            anyDepth(".git-credentials", [".git-credentials", "ci/.git-credentials"], "package-credentials", .high),
            top(".docker/config.json", "container-credentials", .medium),
            anyDepth(".pgpass", [".pgpass", "db/.pgpass"], "password-file", .high),
            anyDepth(".htpasswd", [".htpasswd", "web/.htpasswd", "deploy/nginx/.htpasswd"], "password-file", .high),
            anyDepth("kubeconfig", ["kubeconfig", "deploy/kubeconfig", "deploy/k8s/kubeconfig"], "kubeconfig", .high),
            top(".kube/config", "kubeconfig", .high),
        ]
    }()
}
