/// One pattern line of an ignore file, parsed as git's `parse_path_pattern()` and `add_pattern()` do.
struct IgnorePattern: Sendable, Hashable {
    /// The pattern without its leading `!` and trailing `/`, escapes kept (wildmatch reads them).
    let bytes: [UInt8]
    /// Length of the leading part without glob characters (`nowildcardlen`).
    let literalPrefix: Int
    let negative: Bool
    /// A trailing `/`: matches directories only.
    let mustBeDirectory: Bool
    /// No `/` other than a trailing one: matched against the basename at any depth.
    let basenameOnly: Bool
    /// `*literal`: matched by comparing the end of the basename.
    let endsWith: Bool
    /// 1-based line in its file.
    let line: Int

    /// `line` as git shows it in `check-ignore -v`: `!`, the pattern, `/`.
    var display: String {
        var out = negative ? "!" : ""
        out += String(decoding: bytes, as: UTF8.self)
        if mustBeDirectory { out += "/" }
        return out
    }

    /// Parses one line (already stripped of its newline, CR and trailing spaces).
    init(_ text: ArraySlice<UInt8>, line: Int) {
        var p = text
        var negative = false
        if p.first == UInt8(ascii: "!") {
            negative = true
            p = p.dropFirst()
        }
        var mustBeDirectory = false
        if p.last == UInt8(ascii: "/") {
            mustBeDirectory = true
        }
        let len = mustBeDirectory ? p.count - 1 : p.count
        let body = Array(p.prefix(len))
        // simple_length() runs over the whole string, trailing slash included, then is capped.
        var simple = 0
        for c in p {
            if Wildmatch.isGlobSpecial(c) { break }
            simple += 1
        }
        self.bytes = body
        self.literalPrefix = min(simple, len)
        self.negative = negative
        self.mustBeDirectory = mustBeDirectory
        self.basenameOnly = !body.contains(UInt8(ascii: "/"))
        // `*p == '*' && no_wildcard(p + 1)`, where p still holds the trailing slash.
        self.endsWith = p.first == UInt8(ascii: "*") && !p.dropFirst().contains(where: Wildmatch.isGlobSpecial)
        self.line = line
    }

    /// Splits an ignore file into patterns as `add_patterns_from_buffer()` does: a UTF-8 BOM is
    /// skipped, lines end at `\n` (a `\r` before it is dropped), `#` starts a comment only as the
    /// first character, blank lines are skipped, and trailing spaces are trimmed unless escaped
    /// with `\`. A last line without a newline counts.
    static func parseFile(_ content: [UInt8]) -> [IgnorePattern] {
        var buf = content[...]
        if buf.starts(with: [0xEF, 0xBB, 0xBF]) { buf = buf.dropFirst(3) }
        var patterns: [IgnorePattern] = []
        var lineNumber = 1
        var entry = buf.startIndex
        var i = buf.startIndex
        let end = buf.endIndex
        // git appends a newline to the file's content before splitting.
        while i <= end {
            if i == end || buf[i] == UInt8(ascii: "\n") {
                if i == end && entry == end { break }
                if entry != i && buf[entry] != UInt8(ascii: "#") {
                    var lineEnd = i
                    if i > buf.startIndex && buf[i - 1] == UInt8(ascii: "\r") { lineEnd = i - 1 }
                    // The CR strip may leave an empty line (just "\r"): git then adds an empty pattern.
                    var text = buf[entry..<max(entry, lineEnd)]
                    // git handles the line as a C string: a NUL byte ends it.
                    if let nul = text.firstIndex(of: 0) { text = text[..<nul] }
                    let trimmed = trimTrailingSpaces(text)
                    patterns.append(IgnorePattern(trimmed, line: lineNumber))
                }
                lineNumber += 1
                entry = i + 1
            }
            i += 1
        }
        return patterns
    }

    /// `trim_trailing_spaces()`: drops trailing spaces (not tabs) unless the first is escaped.
    static func trimTrailingSpaces(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lastSpace: Int?
        var p = s.startIndex
        while p < s.endIndex {
            let c = s[p]
            if c == UInt8(ascii: " ") {
                if lastSpace == nil { lastSpace = p }
            } else if c == UInt8(ascii: "\\") {
                p += 1
                if p >= s.endIndex { return s }
                lastSpace = nil
            } else {
                lastSpace = nil
            }
            p += 1
        }
        if let lastSpace { return s[s.startIndex..<lastSpace] }
        return s
    }
}

/// Where an ignore file comes from, which decides its precedence and whether the team shares it.
enum IgnoreSourceKind: Sendable, Hashable {
    /// A `.gitignore` in the work tree.
    case perDirectory
    /// `$GIT_DIR/info/exclude`.
    case infoExclude
    /// `core.excludesFile` (default `$XDG_CONFIG_HOME/git/ignore`).
    case excludesFile
}

/// The patterns of one ignore file.
struct IgnorePatternList: Sendable {
    /// As git names it in `check-ignore -v`: `sub/.gitignore`, `.git/info/exclude`, or the excludes file's path.
    let source: String
    /// Directory the patterns are relative to (`a/b/`, or empty for the top and for global files).
    let base: [UInt8]
    let kind: IgnoreSourceKind
    /// Committed with the repository (a tracked `.gitignore`), so every clone applies it.
    let shared: Bool
    let patterns: [IgnorePattern]

    init(source: String, base: [UInt8], kind: IgnoreSourceKind, shared: Bool, content: [UInt8]) {
        self.source = source
        self.base = base
        self.kind = kind
        self.shared = shared
        self.patterns = IgnorePattern.parseFile(content)
    }

    /// `last_matching_pattern_from_list()`: the last pattern that matches, or nil.
    /// `basenameStart` is the index in `path` where the last component starts.
    func lastMatch(path: [UInt8], basenameStart: Int, isDirectory: Bool, caseFold: Bool) -> IgnorePattern? {
        for pattern in patterns.reversed() {
            if pattern.mustBeDirectory && !isDirectory { continue }
            if pattern.basenameOnly {
                if IgnorePatternList.matchBasename(path[basenameStart...], pattern, caseFold: caseFold) { return pattern }
                continue
            }
            if IgnorePatternList.matchPathname(path, base: base, pattern, caseFold: caseFold) { return pattern }
        }
        return nil
    }

    /// `fspathncmp()`: bytewise, or ASCII case-insensitive with `core.ignorecase`.
    static func equal(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>, caseFold: Bool) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.startIndex
        var j = b.startIndex
        while i < a.endIndex {
            let x = a[i]
            let y = b[j]
            if x != y && (!caseFold || lower(x) != lower(y)) { return false }
            i += 1
            j += 1
        }
        return true
    }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }

    /// `match_basename()`.
    static func matchBasename(_ name: ArraySlice<UInt8>, _ pattern: IgnorePattern, caseFold: Bool) -> Bool {
        let pat = pattern.bytes
        if pattern.literalPrefix == pat.count {
            return equal(pat[...], name, caseFold: caseFold)
        }
        if pattern.endsWith {
            let suffix = pat.count - 1
            guard suffix <= name.count else { return false }
            return equal(pat[1...], name[(name.endIndex - suffix)...], caseFold: caseFold)
        }
        return Wildmatch.matches(pat[...], name, pathname: false, caseFold: caseFold)
    }

    /// `match_pathname()`: the pattern is relative to `base` and matched with `WM_PATHNAME`.
    static func matchPathname(_ path: [UInt8], base: [UInt8], _ pattern: IgnorePattern, caseFold: Bool) -> Bool {
        var pat = pattern.bytes[...]
        var prefix = pattern.literalPrefix
        if pat.first == UInt8(ascii: "/") {
            pat = pat.dropFirst()
            prefix -= 1
        }
        // base has a trailing slash; git's baselen excludes it.
        let baselen = base.isEmpty ? 0 : base.count - 1
        if path.count < baselen + 1 { return false }
        if baselen > 0 {
            if path[baselen] != UInt8(ascii: "/") { return false }
            if !equal(path[0..<baselen], base[0..<baselen], caseFold: caseFold) { return false }
        }
        var name = baselen > 0 ? path[(baselen + 1)...] : path[...]
        if prefix > 0 {
            if prefix > name.count { return false }
            if !equal(pat.prefix(prefix), name.prefix(prefix), caseFold: caseFold) { return false }
            pat = pat.dropFirst(prefix)
            name = name.dropFirst(prefix)
            if pat.isEmpty && name.isEmpty { return true }
        }
        return Wildmatch.matches(pat, name, pathname: true, caseFold: caseFold)
    }
}
