import ArgumentParser
import Foundation
import SecretScan

struct InstallHookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-hook",
        abstract: "Install a git pre-commit hook (or, with --pre-push, a pre-push hook) that runs SecretScan.",
        discussion: """
            The pre-commit hook scans the staged changes; the pre-push hook scans exactly the commits being \
            pushed. An existing hook is never overwritten without --force.
            """)

    @Argument(help: "Repository to install the hook in.")
    var path: String = "."

    @Flag(help: "Install a pre-push hook instead of a pre-commit hook.")
    var prePush = false

    @Flag(help: "Replace an existing hook.")
    var force = false

    func run() throws {
        let hooks = try hooksDirectory()
        let name = prePush ? "pre-push" : "pre-commit"
        let hook = hooks + "/" + name
        if FileManager.default.fileExists(atPath: hook) && !force {
            throw CLIError("\(hook) already exists; pass --force to replace it (or call `secretscan` from it yourself)")
        }
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        let binary = Self.executablePath()
        let script = prePush ? Self.prePushScript(binary: binary) : Self.preCommitScript(binary: binary)
        do {
            try Data(script.utf8).write(to: URL(fileURLWithPath: hook))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        } catch {
            throw CLIError("\(hook): cannot write the hook: \((error as NSError).localizedDescription)")
        }
        Console.out("installed \(name) hook: \(hook)\n")
    }

    /// `git rev-parse --git-path hooks`: honours core.hooksPath and worktrees.
    private func hooksDirectory() throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", path, "rev-parse", "--path-format=absolute", "--git-path", "hooks"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { throw CLIError("cannot run git to find the hooks directory: \(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CLIError("\(path): not inside a git repository") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func preCommitScript(binary: String) -> String {
        """
        #!/bin/sh
        # Installed by `secretscan install-hook`: blocks commits whose staged changes add secrets.
        # Bypass once (not recommended): git commit --no-verify
        SECRETSCAN="${SECRETSCAN:-\(binary)}"
        command -v "$SECRETSCAN" >/dev/null 2>&1 || SECRETSCAN=secretscan
        exec "$SECRETSCAN" staged --no-color

        """
    }

    static func prePushScript(binary: String) -> String {
        """
        #!/bin/sh
        # Installed by `secretscan install-hook --pre-push`: scans exactly the commits being pushed.
        SECRETSCAN="${SECRETSCAN:-\(binary)}"
        command -v "$SECRETSCAN" >/dev/null 2>&1 || SECRETSCAN=secretscan
        zero=0000000000000000000000000000000000000000
        status=0
        while read -r local_ref local_sha remote_ref remote_sha; do
          [ "$local_sha" = "$zero" ] && continue  # deleting a remote ref pushes no commits
          if [ "$remote_sha" = "$zero" ] || ! git cat-file -e "$remote_sha^{commit}" 2>/dev/null; then
            # New branch (or unknown remote state): the commits no remote-tracking ref has yet.
            "$SECRETSCAN" history --branch "$local_sha" --not-remotes --quiet --no-color || status=$?
          else
            "$SECRETSCAN" history --range "$remote_sha..$local_sha" --quiet --no-color || status=$?
          fi
        done
        exit $status

        """
    }
}
