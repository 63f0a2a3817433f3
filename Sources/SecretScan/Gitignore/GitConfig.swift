import Foundation

/// The few git configuration values the ignore rules depend on, read as git reads them: system
/// (`/etc/gitconfig`, unless `GIT_CONFIG_NOSYSTEM`), global (`GIT_CONFIG_GLOBAL`, else
/// `$XDG_CONFIG_HOME/git/config` or `~/.config/git/config`, then `~/.gitconfig`), the repository's
/// `config`, then `GIT_CONFIG_COUNT` entries; a later value wins. `include.path` is followed;
/// conditional includes (`includeIf`) are not evaluated.
struct GitIgnoreConfig: Sendable, Equatable {
    /// `core.excludesFile`, `~` expanded; nil when unset.
    var excludesFile: String?
    /// `core.ignoreCase`.
    var ignoreCase = false

    static func load(gitDirectory: String?, environment env: [String: String]) -> GitIgnoreConfig {
        var values: [String: String?] = [:]
        var files: [String] = []
        if !isTrue(env["GIT_CONFIG_NOSYSTEM"]) {
            files.append(env["GIT_CONFIG_SYSTEM"] ?? "/etc/gitconfig")
        }
        if let global = env["GIT_CONFIG_GLOBAL"] {
            files.append(global)
        } else {
            if let xdg = xdgConfigPath("config", env: env) { files.append(xdg) }
            if let home = env["HOME"] { files.append(home + "/.gitconfig") }
        }
        if let gitDirectory { files.append(join(gitDirectory, "config")) }
        for file in files {
            GitConfigParser.read(file: file, environment: env, depth: 0) { key, value in values.updateValue(value, forKey: key) }
        }
        if let count = env["GIT_CONFIG_COUNT"].flatMap(Int.init), count > 0 {
            for i in 0..<count {
                guard let key = env["GIT_CONFIG_KEY_\(i)"] else { continue }
                values.updateValue(env["GIT_CONFIG_VALUE_\(i)"], forKey: GitConfigParser.canonicalKey(key))
            }
        }
        var config = GitIgnoreConfig()
        if let entry = values["core.excludesfile"], let value = entry {
            config.excludesFile = expandUser(value, env: env)
        }
        if let entry = values["core.ignorecase"] {
            config.ignoreCase = entry.map { isTrue($0) } ?? true  // a bare `ignorecase` means true
        }
        return config
    }

    /// `$XDG_CONFIG_HOME/git/NAME`, or `$HOME/.config/git/NAME` (git's `xdg_config_home()`).
    static func xdgConfigPath(_ name: String, env: [String: String]) -> String? {
        if let xdg = env["XDG_CONFIG_HOME"], !xdg.isEmpty { return "\(xdg)/git/\(name)" }
        if let home = env["HOME"] { return "\(home)/.config/git/\(name)" }
        return nil
    }

    /// git's boolean values: true, yes, on, or a non-zero number.
    static func isTrue(_ value: String?) -> Bool {
        guard let value = value?.lowercased() else { return false }
        switch value {
        case "true", "yes", "on": return true
        case "false", "no", "off", "": return false
        default: return (Int(value) ?? 0) != 0
        }
    }

    /// `~/` and `~user/` expansion, as `git_config_pathname()` does.
    static func expandUser(_ path: String, env: [String: String]) -> String {
        guard path.hasPrefix("~") else { return path }
        let rest = path.dropFirst()
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let user = String(rest[rest.startIndex..<slash])
        let tail = String(rest[slash...])
        if user.isEmpty {
            guard let home = env["HOME"] else { return path }
            return home + tail
        }
        guard let pw = getpwnam(user), let dir = pw.pointee.pw_dir else { return path }
        return String(cString: dir) + tail
    }

    static func join(_ dir: String, _ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }
}

/// A reader for git's configuration file syntax: `[section]`, `[section "subsection"]`,
/// `key = value` with quoting, `\` escapes and line continuation, `#`/`;` comments.
enum GitConfigParser {
    /// Calls `body(key, value)` for each entry in order (`section.subsection.name`, section and
    /// name lower-cased; a key without `=` has a nil value). Unreadable files are skipped, as git
    /// skips missing ones.
    static func read(
        file: String, environment: [String: String], depth: Int,
        _ body: (String, String?) -> Void
    ) {
        guard depth < 10, let data = FileManager.default.contents(atPath: file) else { return }
        parse(Array(data)) { key, value in
            body(key, value)
            if key == "include.path", let value {
                var path = GitIgnoreConfig.expandUser(value, env: environment)
                if !path.hasPrefix("/") {
                    path = GitIgnoreConfig.join((file as NSString).deletingLastPathComponent, path)
                }
                read(file: path, environment: environment, depth: depth + 1, body)
            }
        }
    }

    static func canonicalKey(_ key: String) -> String {
        // section and name are case-insensitive; a subsection (between them) is not.
        guard let first = key.firstIndex(of: "."), let last = key.lastIndex(of: ".") else { return key.lowercased() }
        let section = key[..<first].lowercased()
        let name = key[key.index(after: last)...].lowercased()
        if first == last { return section + "." + name }
        return section + String(key[first..<last]) + "." + name
    }

    static func parse(_ bytes: [UInt8], _ body: (String, String?) -> Void) {
        var i = 0
        let n = bytes.count
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        var section = ""
        func skipToLineEnd() { while i < n && bytes[i] != 0x0A { i += 1 } }
        while i < n {
            let c = bytes[i]
            if c == 0x0A || c == 0x20 || c == 0x09 || c == 0x0D {
                i += 1
                continue
            }
            if c == UInt8(ascii: "#") || c == UInt8(ascii: ";") {
                skipToLineEnd()
                continue
            }
            if c == UInt8(ascii: "[") {
                i += 1
                var name: [UInt8] = []
                while i < n && bytes[i] != UInt8(ascii: "]") && bytes[i] != UInt8(ascii: " ")
                    && bytes[i] != UInt8(ascii: "\t") && bytes[i] != 0x0A
                {
                    name.append(bytes[i])
                    i += 1
                }
                var sub: [UInt8]?
                while i < n && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
                if i < n && bytes[i] == UInt8(ascii: "\"") {
                    i += 1
                    var s: [UInt8] = []
                    while i < n && bytes[i] != UInt8(ascii: "\"") && bytes[i] != 0x0A {
                        if bytes[i] == UInt8(ascii: "\\") && i + 1 < n { i += 1 }
                        s.append(bytes[i])
                        i += 1
                    }
                    if i < n && bytes[i] == UInt8(ascii: "\"") { i += 1 }
                    sub = s
                }
                skipToLineEnd()
                let lowered = String(decoding: name, as: UTF8.self).lowercased()
                if let sub {
                    section = lowered + "." + String(decoding: sub, as: UTF8.self)
                } else {
                    section = lowered  // `[section.sub]`: the deprecated form, all lower-cased
                }
                continue
            }
            // key [= value]
            var key: [UInt8] = []
            while i < n, bytes[i] == UInt8(ascii: "-") || isAlnum(bytes[i]) {
                key.append(bytes[i])
                i += 1
            }
            if key.isEmpty {
                skipToLineEnd()
                continue
            }
            while i < n && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
            let fullKey = section + "." + String(decoding: key, as: UTF8.self).lowercased()
            if i >= n || bytes[i] == 0x0A || bytes[i] == UInt8(ascii: "#") || bytes[i] == UInt8(ascii: ";")
                || (bytes[i] == 0x0D && (i + 1 >= n || bytes[i + 1] == 0x0A))
            {
                body(fullKey, nil)
                skipToLineEnd()
                continue
            }
            guard bytes[i] == UInt8(ascii: "=") else {
                skipToLineEnd()
                continue
            }
            i += 1
            body(fullKey, value(bytes, &i))
        }
    }

    /// git's `parse_value()`: leading and unquoted trailing whitespace dropped, quotes removed,
    /// `\n \t \b \\ \"` escapes, a `\` before a newline continues the value.
    private static func value(_ bytes: [UInt8], _ i: inout Int) -> String {
        var out: [UInt8] = []
        var quoted = false
        var pendingSpace = 0
        var started = false
        let n = bytes.count
        while i < n {
            var c = bytes[i]
            i += 1
            if c == 0x0D && i < n && bytes[i] == 0x0A { continue }
            if c == 0x0A {
                if quoted { break }  // git: an error; take what there is
                break
            }
            if !quoted && (c == 0x20 || c == 0x09) {
                if started { pendingSpace += 1 }
                continue
            }
            if !quoted && (c == UInt8(ascii: "#") || c == UInt8(ascii: ";")) {
                while i < n && bytes[i] != 0x0A { i += 1 }
                break
            }
            if pendingSpace > 0 {
                out.append(contentsOf: repeatElement(0x20, count: pendingSpace))
                pendingSpace = 0
            }
            if c == UInt8(ascii: "\\") {
                guard i < n else { break }
                c = bytes[i]
                i += 1
                switch c {
                case 0x0A: continue
                case 0x0D where i < n && bytes[i] == 0x0A:
                    i += 1
                    continue
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "b"): out.append(0x08)
                default: out.append(c)
                }
                started = true
                continue
            }
            if c == UInt8(ascii: "\"") {
                quoted.toggle()
                started = true
                continue
            }
            out.append(c)
            started = true
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }
}
