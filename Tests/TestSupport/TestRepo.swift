import Foundation

/// A temporary directory, optionally a real git repository made with the `git` binary.
public final class TestRepo {
    public let url: URL
    public var path: String { url.path }

    public init(git: Bool = true) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("secretscan-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        url = base.resolvingSymlinksInPath()
        if git { try self.git("init", "-q", "-b", "main") }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `contents` to the relative `path`, creating directories.
    public func write(_ path: String, _ contents: String) throws {
        try write(path, Data(contents.utf8))
    }

    public func write(_ path: String, _ data: Data) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    public func symlink(_ path: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: url.appendingPathComponent(path).path, withDestinationPath: destination)
    }

    @discardableResult
    public func git(_ args: String...) throws -> String {
        try git(args, environment: [:])
    }

    /// Runs git with extra environment variables (e.g. `GIT_COMMITTER_DATE`).
    @discardableResult
    public func git(_ args: [String], environment: [String: String]) throws -> String {
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        let r = try Run.process(
            "/usr/bin/env",
            [
                "git", "-c", "user.name=Test", "-c", "user.email=test@localhost",
                "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main",
            ] + args,
            cwd: url, environment: env)
        guard r.status == 0 else { throw Run.Failure(message: "git \(args.joined(separator: " ")): \(r.stderr)") }
        return r.stdout
    }

    /// Commits everything and returns the new commit's id.
    @discardableResult
    public func commitAll(_ message: String = "commit", author: String = "Test") throws -> String {
        try git("add", "-A")
        try git("-c", "user.name=\(author)", "commit", "-q", "--allow-empty", "-m", message)
        return try head()
    }

    public func head() throws -> String {
        try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A packed object as `git verify-pack -v` lists it (the repository must have exactly one pack).
    public struct PackEntry {
        public var id: String
        public var type: String
        /// Bytes the entry takes in the pack, and where it starts.
        public var storedSize: Int
        public var offset: Int
        /// Delta chain depth; 0 for a whole object.
        public var depth: Int
    }

    public var packPath: String {
        get throws {
            let dir = path + "/.git/objects/pack/"
            let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".pack") }
            guard names.count == 1 else { throw Run.Failure(message: "expected one pack, found \(names)") }
            return dir + names[0]
        }
    }

    public func packEntries() throws -> [PackEntry] {
        let idx = try packPath.dropLast(5) + ".idx"
        return try git("verify-pack", "-v", String(idx)).split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard f.count >= 5, f[0].count == 40, let stored = Int(f[3]), let offset = Int(f[4]) else { return nil }
            return PackEntry(id: f[0], type: f[1], storedSize: stored, offset: offset, depth: f.count >= 7 ? Int(f[5]) ?? 0 : 0)
        }
    }

    /// Flips 16 bytes in the middle of a packed entry's compressed data.
    public func corruptPacked(_ entry: PackEntry) throws {
        let file = URL(fileURLWithPath: try packPath)
        var data = try Data(contentsOf: file)
        for k in 0..<16 { data[entry.offset + entry.storedSize / 2 + k] ^= 0x5A }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        try data.write(to: file)
    }

    public func append(_ path: String, _ text: String) throws {
        let file = url.appendingPathComponent(path)
        let old = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        try write(path, old + text)
    }
}

/// Runs a process and captures its output.
public enum Run {
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var stdoutData: Data
    }

    @discardableResult
    public static func process(_ executable: String, _ args: [String], cwd: URL? = nil, environment: [String: String]? = nil) throws
        -> Result
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        if let environment { p.environment = environment }
        // stderr goes to a file and stdout to a pipe, so a large report can never block the child.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("secretscan-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        let outPipe = Pipe()
        p.standardOutput = outPipe
        p.standardError = errHandle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try errHandle.close()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return Result(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }
}
