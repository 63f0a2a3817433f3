@testable import SecretScan

/// `.gitignore` parsing (`IgnorePattern`), wildmatch, and the matcher's decisions.
enum GitignoreTarget {
    /// Input: a flags byte (1: paths without a trailing slash are directories), a two-byte length, that many bytes of `.gitignore`,
    /// then paths to decide, one per line.
    static let target = FuzzTarget(
        name: "gitignore",
        invariant: """
            a glob-free pattern matches itself; case folding only adds matches to a pattern without a `[` set or a `\\` \
            escape (git folds the path's byte but not a set's members nor an escaped byte, so `[B]`, `*.[!o]` and `\\B` lose \
            `B`, `x.O` and `B`); below an ignored directory every path is \
            ignored; for a top-level path the matcher's decision is the last matching pattern's
            """,
        maxLength: 2048
    ) { data in
        var input = InputReader(data)
        let flags = input.byte()
        let content = input.take(input.uint16() % 1024)
        // Paths never hold NUL; a trailing slash means a directory.
        let paths = input.rest().split(separator: 0x0A).prefix(16).map { Array($0.filter { $0 != 0 }) }

        let list = IgnorePatternList(source: ".gitignore", base: [], kind: .perDirectory, shared: true, content: content)
        let lineCount = content.split(separator: 0x0A, omittingEmptySubsequences: false).count
        for p in list.patterns {
            require(p.line >= 1 && p.line <= lineCount, "pattern line \(p.line) of \(lineCount)")
            require(p.literalPrefix >= 0 && p.literalPrefix <= p.bytes.count, "literal prefix past the pattern")
            if !p.bytes.contains(where: Wildmatch.isGlobSpecial), !p.bytes.contains(0) {
                require(
                    Wildmatch.matches(p.bytes, p.bytes, pathname: true, caseFold: false), "glob-free pattern \(p.display) misses itself")
            }
            // git lowers the path's byte but compares a set's members and an escaped byte as written, so those can lose
            // matches under folding.
            guard !p.bytes.contains(UInt8(ascii: "[")), !p.bytes.contains(UInt8(ascii: "\\")) else { continue }
            for path in paths {
                for pathname in [false, true] {
                    if Wildmatch.matches(p.bytes, path, pathname: pathname, caseFold: false) {
                        require(Wildmatch.matches(p.bytes, path, pathname: pathname, caseFold: true), "case folding lost a match")
                    }
                }
            }
        }

        var matcher = GitignoreMatcher(
            workTree: "/nonexistent-secretscan-fuzz", gitDirectory: nil, trackedIgnoreFiles: [], scope: .sharedOnly, environment: [:],
            overrides: [".gitignore": content])
        for raw in paths {
            let path = String(decoding: raw, as: UTF8.self)
            let isDirectory = path.hasSuffix("/") || flags & 1 != 0
            let decision = matcher.explain(path: path, isDirectory: isDirectory)
            require(decision.ignored == false || decision.match != nil, "ignored without a matching pattern")
            // Every ancestor directory: once one is ignored, everything below it is.
            let components = path.split(separator: "/", omittingEmptySubsequences: false)
            if components.count > 1, !components.contains(where: \.isEmpty) {
                var prefix = ""
                for c in components.dropLast() {
                    prefix += c + "/"
                    if matcher.explain(path: prefix, isDirectory: true).ignored {
                        require(decision.ignored, "'\(path)' is not ignored though its directory '\(prefix)' is")
                        break
                    }
                }
            }
            let trimmed = Array(path.utf8.reversed().drop { $0 == UInt8(ascii: "/") }.reversed())
            if !trimmed.isEmpty, !trimmed.contains(UInt8(ascii: "/")) {
                let last = list.lastMatch(path: trimmed, basenameStart: 0, isDirectory: isDirectory, caseFold: false)
                require(decision.ignored == (last.map { !$0.negative } ?? false), "'\(path)': matcher and pattern list disagree")
            }
        }
    }
}
