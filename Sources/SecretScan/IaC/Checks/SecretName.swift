/// Decides from a name (`DB_PASSWORD`, `apiKey`, `MasterUserPassword`) whether its value is meant
/// to be a secret. Names are split into tokens at `_`, `-`, `.`, `/`, spaces, camelCase and
/// letter/digit boundaries, and judged by their words, so `KEYCLOAK_URL` holds no `key` and
/// `PASSWORD_MIN_LENGTH` is a length.
enum SecretName {
    enum Kind: Equatable {
        /// The value is a secret (`DB_PASSWORD`, `api_key`, `AWS_SECRET_ACCESS_KEY`).
        case secret
        /// A URL or connection string: a secret only when it embeds credentials (`DATABASE_URL`).
        case connection
        case none
    }

    /// Words that make a name secret-ish wherever they stand (unless the last word says otherwise).
    static let secretWords: Set<String> = [
        "password", "passwords", "passwd", "pwd", "passphrase", "passcode", "secret", "token", "tokens",
        "apikey", "apikeys", "credential", "credentials", "creds", "privatekey", "secretkey", "accesskey",
        "clientsecret", "authtoken", "accesstoken", "apitoken", "refreshtoken", "masterpassword",
    ]

    /// Words that, before `key`, make it a secret key (`api key`, `private key`), where `cache key`,
    /// `partition key` or `kms key` are not.
    static let keyQualifiers: Set<String> = [
        "api", "access", "secret", "private", "encryption", "signing", "sign", "master", "client", "app",
        "application", "license", "licence", "ssh", "shared", "webhook", "session", "hmac", "jwt", "crypto",
        "gpg", "pgp", "service", "account", "admin", "subscription", "consumer", "auth", "rsa", "deploy",
        "storage", "sas", "cookie", "csrf", "encrypt", "decrypt", "aes",
    ]

    /// Last words that make a name describe something about a secret rather than hold it
    /// (`SECRET_ARN`, `API_KEY_NAME`, `PASSWORD_MIN_LENGTH`, `TOKEN_TTL`).
    static let nonSecretSuffixes: Set<String> = [
        "arn", "arns", "name", "names", "file", "files", "filename", "path", "paths", "dir", "directory", "folder",
        "location", "ids", "length", "len", "size", "count", "min", "max", "minimum", "maximum", "enabled",
        "enable", "disabled", "disable", "required", "type", "types", "version", "mode", "policy", "policies",
        "rotation", "rotate", "days", "hours", "minutes", "seconds", "ms", "ttl", "timeout", "expiry",
        "expiration", "expires", "expire", "lifetime", "age", "duration", "interval", "period", "window",
        "schedule", "region", "endpoint", "endpoints", "host", "hostname", "port", "user", "username", "login",
        "email", "format", "algorithm", "algo", "header", "prefix", "suffix", "ref", "reference", "param",
        "parameter", "field", "label", "description", "desc", "hint", "regex", "pattern", "source", "provider",
        "store", "manager", "vault", "backend", "kind", "attribute", "hash", "digest", "strength", "complexity",
        "reset", "retries", "attempts", "chars", "characters", "special", "digits", "uppercase", "lowercase",
        "numbers", "symbols", "check", "validation", "validator", "strategy", "method", "mechanism", "scheme",
        "style", "option", "options", "setting", "settings", "config", "configuration", "level", "rule", "rules",
        "requirement", "requirements", "status", "state", "flag", "flags", "date", "time", "timestamp",
        "stage", "fingerprint", "usage", "spec", "alias", "bucket", "table", "queue", "topic", "group", "role",
        "env", "var", "variable", "template", "generator", "kms", "placeholder", "prompt", "selector", "mount",
        "volume", "id", "url", "uri", "dsn", "output", "outputs", "secretsmanager", "public",
    ]

    /// Lower-case words of `name`.
    static func tokens(_ name: String) -> [String] {
        let b = Array(name.utf8)
        var out: [String] = []
        var cur: [UInt8] = []
        func flush() {
            if !cur.isEmpty { out.append(String(decoding: cur, as: UTF8.self).lowercased()) }
            cur.removeAll(keepingCapacity: true)
        }
        func upper(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
        func lower(_ c: UInt8) -> Bool { c >= 97 && c <= 122 }
        func digit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        for i in b.indices {
            let c = b[i]
            guard upper(c) || lower(c) || digit(c) || c >= 0x80 else {
                flush()
                continue
            }
            if let p = cur.last {
                if upper(c) && (lower(p) || digit(p)) {
                    flush()
                } else if upper(c) && upper(p) && i + 1 < b.count && lower(b[i + 1]) {
                    flush()  // `APIKey` → `API`, `Key`
                } else if digit(c) != digit(p) {
                    flush()
                }
            }
            cur.append(c)
        }
        flush()
        return out
    }

    /// How `name` should be judged. `strict` (resource arguments and properties such as
    /// `manage_master_user_password` or `auth_token_update_strategy`): only the last word counts.
    static func classify(_ name: String, strict: Bool = false) -> Kind {
        var words = tokens(name).filter { !$0.allSatisfy(\.isNumber) }
        // Terraform's write-only arguments (`password_wo`, `secret_string_wo`) name the same value.
        if words.count > 1, words.last == "wo" { words.removeLast() }
        guard let last = words.last else { return .none }
        let n = words.count
        if last == "id" || last == "ids" {
            // `AWS_ACCESS_KEY_ID`: the key id travels with its secret.
            if n >= 3, words[n - 3] == "access", words[n - 2] == "key" { return .secret }
            if n >= 2, words[n - 2] == "accesskey" { return .secret }
            return .none
        }
        if ["url", "uri", "dsn", "connectionstring"].contains(last)
            || (last == "string" && n >= 2 && words[n - 2] == "connection")
        {
            return .connection
        }
        if nonSecretSuffixes.contains(last) { return .none }
        func secretWord(at i: Int) -> Bool {
            let w = words[i]
            if secretWords.contains(w) { return true }
            if w == "pass" { return i == n - 1 }
            if w == "key" || w == "keys" { return i > 0 && keyQualifiers.contains(words[i - 1]) }
            return false
        }
        if strict { return secretWord(at: n - 1) ? .secret : .none }
        return words.indices.contains(where: secretWord) ? .secret : .none
    }

    /// The last segment of an SSM parameter path (`/prod/db/password` → `password`).
    static func lastPathSegment(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}
