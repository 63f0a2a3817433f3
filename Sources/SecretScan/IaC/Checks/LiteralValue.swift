import Foundation

/// Decides whether a value is a literal that could be a secret, as opposed to a reference
/// (`var.…`, `${…}`, `{{resolve:…}}`, `!Ref`, an ARN, an environment lookup), an empty string, a
/// boolean, a path, or an obvious placeholder.
enum LiteralValue {
    /// Weak defaults and stand-ins that are not worth reporting as committed secrets (local
    /// development databases, documentation values).
    static let standIns: Set<String> = [
        "password", "passwd", "pass", "secret", "changeit", "postgres", "mysql", "root", "admin", "guest", "test",
        "testing", "dev", "development", "local", "localhost", "default", "user", "demo", "sample", "none", "null",
        "nil", "undefined", "true", "false", "yes", "no", "on", "off", "todo", "tbd", "fixme", "xxx", "empty",
        "unset", "notset", "not-set", "n/a", "na", "required", "optional", "string", "value", "secretvalue",
        "fake", "mock", "foo", "bar", "foobar", "token", "key", "apikey", "api_key", "api-key", "redis", "mongo",
        "sa", "rabbitmq", "minio", "minioadmin", "elastic", "keycloak",
    ]

    /// Prefixes of references to a secret store or another value.
    static let referencePrefixes: [String] = [
        "var.", "local.", "data.", "module.", "each.", "self.", "arn:", "ssm:", "secretsmanager:", "vault:", "ref+",
        "sm://", "awssm:", "op://", "akv:", "@microsoft.keyvault(", "%env(", "env(", "process.env", "os.environ",
        "!ref ", "!sub ", "!getatt ", "!importvalue ", "/run/secrets/", "file://", "secret://", "aws-sm:",
    ]

    /// The text of `node` when it is a literal string that could be a secret, else nil.
    static func secret(_ node: IaCNode, name: String? = nil) -> String? {
        guard node.tag == nil, case .scalar(let kind, let text) = node.value, kind == .string else { return nil }
        return isSecretLiteral(text, name: name) ? text : nil
    }

    /// `secret(node)` for a name of kind `kind`: a connection string counts only when it embeds
    /// credentials.
    static func secret(_ node: IaCNode, kind: SecretName.Kind, name: String?) -> String? {
        switch kind {
        case .secret: return secret(node, name: name)
        case .connection:
            guard let t = secret(node, name: name), hasEmbeddedCredential(t) else { return nil }
            return t
        case .none: return nil
        }
    }

    static func isSecretLiteral(_ text: String, name: String?) -> Bool {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return false }
        if isReference(t) { return false }
        if isPath(t) { return false }
        return !isPlaceholder(t, name: name)
    }

    static func isReference(_ t: String) -> Bool {
        for marker in ["${", "{{", "$(", "%{", "#{", "<%"] where t.contains(marker) { return true }
        let lower = t.lowercased()
        for p in referencePrefixes where lower.hasPrefix(p) { return true }
        if let first = t.utf8.first, first == UInt8(ascii: "$"), t.utf8.count > 1 {
            let second = t.utf8[t.utf8.index(after: t.utf8.startIndex)]
            if PlaceholderFilter.isLetter(second) || second == UInt8(ascii: "_") || second == UInt8(ascii: "{") { return true }
        }
        return false
    }

    /// `/run/secrets/db`, `./certs/key.pem`, `~/.ssh/id_rsa`: where a secret lives, not the secret.
    static func isPath(_ t: String) -> Bool {
        guard !t.contains(" ") else { return false }
        return t.hasPrefix("/") || t.hasPrefix("./") || t.hasPrefix("../") || t.hasPrefix("~/")
    }

    static func isPlaceholder(_ t: String, name: String?) -> Bool {
        let lower = t.lowercased()
        if standIns.contains(lower) { return true }
        if let name {
            let squash = { (s: String) in String(s.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }) }
            let value = squash(t)
            if !value.isEmpty, value == squash(name) || SecretName.tokens(name).last == value { return true }
        }
        // Prose (`set in the console`), not a credential.
        let words = t.split(separator: " ")
        if words.count >= 3, words.allSatisfy({ $0.allSatisfy(\.isLetter) }) { return true }
        for w in ["todo", "fixme", "changeme", "change-me", "insert", "replace", "your-", "your_", "<", "not-a-real", "notreal", "fake"]
        where lower.contains(w) {
            if w == "<" { if lower.hasPrefix("<") && lower.hasSuffix(">") { return true } else { continue } }
            return true
        }
        var bytes = Array(t.utf8)
        return bytes.withUnsafeMutableBytes { PlaceholderFilter.isPlaceholder(UnsafeRawBufferPointer($0)) }
    }

    /// `scheme://user:password@host` or `…;Password=…;` with a password that is itself a literal.
    static func hasEmbeddedCredential(_ t: String) -> Bool {
        if let schemeEnd = t.range(of: "://") {
            let rest = t[schemeEnd.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                if let colon = userinfo.firstIndex(of: ":") {
                    let password = String(userinfo[userinfo.index(after: colon)...])
                    let decoded = password.removingPercentEncoding ?? password
                    if !decoded.isEmpty, !isReference(decoded), !isPlaceholder(decoded, name: nil) { return true }
                }
            }
        }
        let lower = t.lowercased()
        for key in ["password=", "pwd="] {
            guard let r = lower.range(of: key) else { continue }
            let offset = lower.distance(from: lower.startIndex, to: r.upperBound)
            let value = String(t.dropFirst(offset).prefix { $0 != ";" && $0 != "&" })
            if !value.isEmpty, !isReference(value), !isPlaceholder(value, name: nil) { return true }
        }
        return false
    }
}
