import Foundation
import TestSupport
import Testing

@testable import SecretScan

/// Generates random repositories (nested ignore files, negations, directory patterns, `**`,
/// escapes, CRLF, BOMs, tricky names, info/exclude, core.excludesFile, core.ignorecase) and checks
/// that `GitignoreMatcher.explain` agrees with `git check-ignore --no-index -v -n` on every file and
/// directory: the decision and the deciding source, line and pattern.
@Suite struct GitignoreDifferentialTests {
    static let repositories = 1000

    @Test func agreesWithGitCheckIgnore() throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("secretscan-gitignore-diff-\(UUID().uuidString)").resolvingSymlinksInPath()
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }

        var rng = SplitMix64(seed: 20_240_605)
        var totals = Totals()
        var failures: [String] = []
        for index in 0..<Self.repositories {
            let repo = RandomRepo.generate(&rng, index: index)
            let dir = base.appendingPathComponent("r\(index)")
            let env = try repo.materialize(at: dir, base: base)
            let git = try Self.gitCheckIgnore(paths: repo.paths.map(\.path), in: dir, environment: env)
            var matcher = try GitignoreMatcher(repository: dir.path, environment: env)
            totals.repositories += 1
            if repo.ignoreCase { totals.ignoreCaseRepositories += 1 }
            for (path, isDir) in repo.paths {
                let mine = matcher.explain(path: path, isDirectory: isDir)
                let theirs = git[path] ?? nil
                totals.paths += 1
                if let t = theirs {
                    if !t.pattern.hasPrefix("!") { totals.ignored += 1 } else { totals.negated += 1 }
                    if t.source == ".git/info/exclude" { totals.infoExclude += 1 }
                    if t.source.hasPrefix("/") { totals.excludesFile += 1 }
                    if t.source.contains("/.gitignore") { totals.nested += 1 }
                }
                let expected = theirs.map { "\($0.source):\($0.line):\($0.pattern)" } ?? "::"
                let got = mine.origin ?? "::"
                let expectedIgnored = theirs.map { !$0.pattern.hasPrefix("!") } ?? false
                if expected != got || expectedIgnored != mine.ignored || mine.path != path {
                    failures.append(
                        """
                        repo \(index) path \(path.debugDescription)\(isDir ? " (dir)" : ""): git \(expected.debugDescription), SecretScan \
                        \(got.debugDescription) ignored=\(mine.ignored)\n\(repo.describe())
                        """
                    )
                }
            }
            if failures.count >= 5 { break }
        }
        print("gitignore differential: \(totals)")
        #expect(failures.isEmpty, "\(failures.count) disagreement(s); first:\n\(failures.prefix(5).joined(separator: "\n---\n"))")
        #expect(totals.repositories == Self.repositories)
        // The generator must exercise every feature the comparison is about.
        #expect(totals.paths > Self.repositories * 15)
        #expect(totals.ignored > totals.paths / 5)
        #expect(totals.negated > 200)
        #expect(totals.nested > 500)
        #expect(totals.infoExclude > 100)
        #expect(totals.excludesFile > 100)
        #expect(totals.ignoreCaseRepositories > 50)
    }

    struct Totals {
        var repositories = 0, paths = 0, ignored = 0, negated = 0, nested = 0, infoExclude = 0, excludesFile = 0
        var ignoreCaseRepositories = 0
    }

    struct GitMatch {
        var source: String
        var line: Int
        var pattern: String
    }

    /// One `git check-ignore --no-index -v -n -z --stdin` run for all paths.
    static func gitCheckIgnore(paths: [String], in dir: URL, environment: [String: String]) throws -> [String: GitMatch?] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "check-ignore", "--no-index", "-v", "-n", "-z", "--stdin"]
        p.currentDirectoryURL = dir
        p.environment = environment
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = errors
        try p.run()
        var data = Data()
        for path in paths { data.append(contentsOf: Array(path.utf8) + [0]) }
        // Small inputs: the pipe buffer holds them, so writing before reading cannot deadlock.
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 || p.terminationStatus == 1 else {
            throw Run.Failure(message: "git check-ignore failed (\(p.terminationStatus)): \(String(decoding: err, as: UTF8.self))")
        }
        let fields = out.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var result: [String: GitMatch?] = [:]
        var i = 0
        while i + 3 < fields.count {
            let (source, line, pattern, path) = (fields[i], fields[i + 1], fields[i + 2], fields[i + 3])
            result[path] = source.isEmpty ? .some(nil) : GitMatch(source: source, line: Int(line) ?? -1, pattern: pattern)
            i += 4
        }
        guard result.count == Set(paths).count else {
            throw Run.Failure(message: "git check-ignore answered \(result.count) of \(paths.count) paths")
        }
        return result
    }
}

/// A deterministic random number generator (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// A generated repository: a tree of files and directories, ignore files and configuration.
struct RandomRepo {
    var index: Int
    var directories: [String] = []  // "a/", "a/b/"
    var files: [String] = []
    var ignoreFiles: [String: [UInt8]] = [:]  // "a/.gitignore" -> content
    var infoExclude: [UInt8]?
    enum ExcludesFile {
        case none
        case configured([UInt8])
        case xdgDefault([UInt8])
        case homeDefault([UInt8])
        case global([UInt8])
    }
    var excludes = ExcludesFile.none
    var ignoreCase = false

    /// Every file and directory to ask about.
    var paths: [(path: String, isDir: Bool)] {
        directories.map { (String($0.dropLast()), true) } + files.map { ($0, false) }
    }

    static let dirNames = [
        "a", "b", "build", "Build", "doc", "sp ace", "#hash", "!bang", "[br]", "x*y", "q?", "ümlaut",
        "trail ", "-dash", ".hidden", "a.b", "logs", "B", "tab\tdir", "back\\slash", "out", "secrets",
    ]
    static let fileNames = [
        "a", "b.txt", "B.TXT", "foo.log", "Foo.Log", ".env", ".env.local", "x.pem", "#notes", "!important",
        "[x].md", "sp ace.txt", "trail ", "q?.c", "star*.h", "ümlaut.txt", "back\\slash", "a.b.c",
        "Makefile", "id_rsa", "abc", "abd", "foo", "build", "x", "r", "b", "logs", "-dash.txt", " lead",
    ]

    static func generate(_ rng: inout SplitMix64, index: Int) -> RandomRepo {
        var repo = RandomRepo(index: index)
        func fill(_ dir: String, depth: Int) {
            var used = Set<String>()
            for _ in 0..<(1 + rng.below(4)) {
                let name = rng.pick(fileNames)
                if used.insert(name).inserted { repo.files.append(dir + name) }
            }
            guard depth < 3 else { return }
            for _ in 0..<rng.below(depth == 0 ? 4 : 3) {
                let name = rng.pick(dirNames)
                guard used.insert(name).inserted else { continue }
                repo.directories.append(dir + name + "/")
                fill(dir + name + "/", depth: depth + 1)
            }
        }
        fill("", depth: 0)
        let names = Array(
            Set(
                repo.files.map { String($0.split(separator: "/").last!) }
                    + repo.directories.map { String($0.dropLast().split(separator: "/").last!) })
        ).sorted()
        for dir in [""] + repo.directories where dir.isEmpty ? rng.chance(90) : rng.chance(40) {
            repo.ignoreFiles[dir + ".gitignore"] = ignoreFile(&rng, names: names, repo: repo)
            repo.files.append(dir + ".gitignore")
        }
        if rng.chance(35) { repo.infoExclude = ignoreFile(&rng, names: names, repo: repo, maxLines: 4) }
        switch rng.below(10) {
        case 0, 1: repo.excludes = .configured(ignoreFile(&rng, names: names, repo: repo, maxLines: 4))
        case 2: repo.excludes = .xdgDefault(ignoreFile(&rng, names: names, repo: repo, maxLines: 4))
        case 3: repo.excludes = .homeDefault(ignoreFile(&rng, names: names, repo: repo, maxLines: 4))
        case 4: repo.excludes = .global(ignoreFile(&rng, names: names, repo: repo, maxLines: 4))
        default: break
        }
        repo.ignoreCase = rng.chance(20)
        return repo
    }

    static func ignoreFile(_ rng: inout SplitMix64, names: [String], repo: RandomRepo, maxLines: Int = 9) -> [UInt8] {
        var lines: [String] = []
        for _ in 0..<(1 + rng.below(maxLines)) { lines.append(patternLine(&rng, names: names, repo: repo)) }
        let crlf = rng.chance(20)
        var out: [UInt8] = rng.chance(10) ? [0xEF, 0xBB, 0xBF] : []
        for (i, line) in lines.enumerated() {
            out += Array(line.utf8)
            let last = i == lines.count - 1
            if last && rng.chance(25) { break }  // no final newline
            out += (crlf || rng.chance(5)) ? [0x0D, 0x0A] : [0x0A]
        }
        return out
    }

    static func escaped(_ name: String) -> String {
        var out = ""
        for (i, c) in name.enumerated() {
            if "\\*?[".contains(c) || (i == 0 && (c == "#" || c == "!")) { out.append("\\") }
            out.append(c)
        }
        if out.hasSuffix(" ") {
            out.removeLast()
            out += "\\ "
        }
        return out
    }

    static func patternLine(_ rng: inout SplitMix64, names: [String], repo: RandomRepo) -> String {
        func name() -> String {
            let n = rng.pick(names)
            switch rng.below(10) {
            case 0, 1, 2: return escaped(n)
            case 3: return n  // raw: specials act as globs, a leading # or ! changes the line
            case 4: return n.count > 1 ? String(n.dropLast()) + "*" : "*"
            case 5: return "*" + String(n.dropFirst())
            case 6:
                var chars = Array(escaped(n))
                let i = rng.below(chars.count)
                if chars[i] != "\\" && (i == 0 || chars[i - 1] != "\\") { chars[i] = "?" }
                return String(chars)
            case 7:
                let first = n.first.map(String.init) ?? "a"
                return rng.pick(["[a-c]", "[!a]", "[^x]", "[[:alpha:]]", "[[:upper:]]", "[A-Z]", "[]]", "[a-]", "[" + first + "x]"])
                    + escaped(String(n.dropFirst()))
            case 8: return rng.pick(["*", "**", "*.*", "*.log", "*.LOG", "?", "*.txt", ".*", "*[xy]*"])
            default: return escaped(n).uppercased()
            }
        }
        func dirPrefix() -> String {
            guard let d = repo.directories.isEmpty ? nil : rng.pick(repo.directories) else { return "" }
            // A directory path with some components globbed.
            return d.split(separator: "/").map { rng.chance(20) ? "*" : escaped(String($0)) }.joined(separator: "/") + "/"
        }
        var line: String
        switch rng.below(20) {
        case 0: line = "/" + name()
        case 1: line = dirPrefix() + name()
        case 2: line = "**/" + name()
        case 3: line = name() + "/**"
        case 4: line = dirPrefix() + "**/" + name()
        case 5: line = "/" + dirPrefix() + name()
        case 6: line = "*/" + name()
        case 7: line = name() + "/*"
        case 8:
            line = rng.pick([
                "# comment", "", "   ", "\t", "\\#hash", "\\!bang", "\\!important", "\\#notes", "#notes", "!", "/", "\\", "foo\\", "[",
                "[a", "[[:nope:]]", "[[:alpha:", "**/", "/**", "***", "a//", "**/**", "*/", "\r", "x\\ ", "trail\\ ", "trail \\ ",
                "sp\\ ace*", "  # not a comment",
            ])
        case 9: line = dirPrefix() + "**"
        default: line = name()
        }
        if rng.chance(15) { line += "/" }
        if rng.chance(25) { line = "!" + line }
        if rng.chance(10) { line += rng.pick(["  ", " ", "\t", " \\ "]) }
        return line
    }

    /// Writes the tree, a minimal `.git` and the configuration; returns git's environment.
    func materialize(at dir: URL, base: URL) throws -> [String: String] {
        let fm = FileManager.default
        let git = dir.appendingPathComponent(".git")
        for sub in ["objects", "refs/heads", "info"] {
            try fm.createDirectory(at: git.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try Data("ref: refs/heads/main\n".utf8).write(to: git.appendingPathComponent("HEAD"))
        var config = "[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
        if ignoreCase { config += "\tignorecase = true\n" }
        let home = base.appendingPathComponent("home\(index)")
        let xdg = base.appendingPathComponent("xdg\(index)")
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") && $0.key != "XDG_CONFIG_HOME" }
        env["HOME"] = home.path
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        try fm.createDirectory(at: home, withIntermediateDirectories: true)
        switch excludes {
        case .none: break
        case .configured(let content):
            let file = base.appendingPathComponent("excludes\(index)")
            try Data(content).write(to: file)
            config += "[core]\n\texcludesFile = \(file.path)\n"
        case .xdgDefault(let content):
            env["XDG_CONFIG_HOME"] = xdg.path
            try fm.createDirectory(at: xdg.appendingPathComponent("git"), withIntermediateDirectories: true)
            try Data(content).write(to: xdg.appendingPathComponent("git/ignore"))
        case .homeDefault(let content):
            try fm.createDirectory(at: home.appendingPathComponent(".config/git"), withIntermediateDirectories: true)
            try Data(content).write(to: home.appendingPathComponent(".config/git/ignore"))
        case .global(let content):
            try Data(content).write(to: home.appendingPathComponent("global-ignore"))
            try Data("[core]\n\texcludesFile = ~/global-ignore\n".utf8).write(to: home.appendingPathComponent(".gitconfig"))
        }
        try Data(config.utf8).write(to: git.appendingPathComponent("config"))
        if let infoExclude { try Data(infoExclude).write(to: git.appendingPathComponent("info/exclude")) }
        for d in directories { try fm.createDirectory(at: dir.appendingPathComponent(d), withIntermediateDirectories: true) }
        for f in files {
            try Data(ignoreFiles[f] ?? Array("content of \(f)\n".utf8)).write(to: dir.appendingPathComponent(f))
        }
        return env
    }

    func describe() -> String {
        var out = "ignorecase=\(ignoreCase)\n"
        for (path, content) in ignoreFiles.sorted(by: { $0.key < $1.key }) {
            out += "\(path): \(String(decoding: content, as: UTF8.self).debugDescription)\n"
        }
        if let infoExclude { out += "info/exclude: \(String(decoding: infoExclude, as: UTF8.self).debugDescription)\n" }
        switch excludes {
        case .none: break
        case .configured(let c), .xdgDefault(let c), .homeDefault(let c), .global(let c):
            out += "excludes (\(excludes)): \(String(decoding: c, as: UTF8.self).debugDescription)\n"
        }
        out += "paths: \(paths.map(\.path))"
        return out
    }
}
