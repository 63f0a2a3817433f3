import Foundation

/// What `GitignoreAudit.fix` did.
public struct GitignoreFixResult: Sendable {
    /// Absolute path of the top `.gitignore`.
    public var file: String
    /// The lines appended under the comment header: missing sensitive patterns, then negations
    /// that keep templates trackable when those patterns would ignore them. Empty when nothing was missing.
    public var added: [String]
    /// The audit after the fix.
    public var audit: GitignoreAuditResult
}

extension GitignoreAudit {
    /// The comment line written above the appended patterns.
    public static let fixHeader = "# Sensitive files: never commit these (added by secretscan gitignore --fix)"

    /// Appends the missing sensitive patterns (`GitignoreAuditResult.missingPatterns`) to the top
    /// `.gitignore` of the work tree containing `root`, under `fixHeader`, in place: no line is
    /// removed or changed, and a pattern already on a line of the file is never added again, so a
    /// second run adds nothing. When the new lines would ignore a template (`.env.example`…) a
    /// negation such as `!.env.example` follows them. Throws `.uncommittedChanges` when the file
    /// differs from the committed version (or is untracked) unless `force`, and does nothing at
    /// all when nothing is missing.
    public static func fix(
        root: String, settings: GitignoreSettings, force: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(GitignoreError) -> GitignoreFixResult {
        let repo = try GitignoreMatcher.openRepository(root)
        let list = try SensitiveFileList(settings: settings)
        let before = try audit(repo, list: list, environment: environment)
        let workTree = repo.workTree
        let file = workTree + ".gitignore"
        let existingLines = topIgnoreLines(workTree: workTree, overrides: [:])
        var lines = before.missingPatterns.filter { !existingLines.contains($0) }
        guard !lines.isEmpty else { return GitignoreFixResult(file: file, added: [], audit: before) }

        var st = stat()
        let exists = lstat(file, &st) == 0
        if exists && (st.st_mode & S_IFMT) != S_IFREG {
            throw .cannotWrite(path: file, message: "not a regular file (git does not read a .gitignore that is a symbolic link)")
        }
        var existing: [UInt8] = []
        if exists {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .cannotRead(path: file, message: String(cString: strerror(errno)))
            }
            existing = Array(data)
        }
        if !force {
            let dirty: Bool
            do { dirty = try repo.repository.hasUncommittedChanges(".gitignore") } catch { throw .git(error) }
            if dirty { throw .uncommittedChanges(path: ".gitignore") }
        }

        let crlf = existing.indices.contains { i in existing[i] == 0x0A && i > 0 && existing[i - 1] == 0x0D }
        let eol: [UInt8] = crlf ? [0x0D, 0x0A] : [0x0A]
        // What goes between the existing content and the header: a newline if the last line has
        // none, and a blank line.
        var separator: [UInt8] = []
        if !existing.isEmpty {
            if existing.last != 0x0A { separator += eol }
            let withNewline = existing + separator
            let blankAtEnd = withNewline.count >= 2 * eol.count && withNewline.suffix(2 * eol.count).elementsEqual(eol + eol)
            if !blankAtEnd { separator += eol }
        }
        let linesBefore = (existing + separator).filter { $0 == 0x0A }.count
        let firstBlockLine = linesBefore + 2  // after the header

        func appended(_ lines: [String]) -> [UInt8] {
            var out = separator + Array(fixHeader.utf8) + eol
            for line in lines { out += Array(line.utf8) + eol }
            return out
        }

        // Negations for templates that the new lines (and only they) would ignore.
        let tracked: [String]
        do { tracked = try repo.repository.indexPaths() } catch { throw .git(error) }
        for _ in 0..<2 {
            var shared = GitignoreMatcher(
                workTree: workTree, gitDirectory: repo.repository.commonDirectory,
                trackedIgnoreFiles: GitignoreMatcher.ignoreFiles(in: tracked), scope: .sharedOnly,
                environment: environment, overrides: [".gitignore": existing + appended(lines)])
            var changed = false
            for (probe, negation) in SensitiveFileList.templateProbes where !lines.contains(negation) {
                let d = shared.explain(path: probe, isDirectory: false)
                if d.ignored, let m = d.match, m.source == ".gitignore", m.line >= firstBlockLine {
                    lines.append(negation)
                    changed = true
                }
            }
            if !changed { break }
        }

        let bytes = appended(lines)
        if !exists {
            guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else {
                throw .cannotWrite(path: file, message: String(cString: strerror(errno)))
            }
        } else {
            // Appended in place: the file keeps its inode, mode and every existing byte.
            let fd = open(file, O_WRONLY | O_APPEND)
            guard fd >= 0 else { throw .cannotWrite(path: file, message: String(cString: strerror(errno))) }
            defer { close(fd) }
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == bytes.count else { throw .cannotWrite(path: file, message: String(cString: strerror(errno))) }
        }
        let after = try audit(repo, list: list, environment: environment)
        return GitignoreFixResult(file: file, added: lines, audit: after)
    }
}
