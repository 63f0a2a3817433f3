import Foundation
import TestSupport

/// Running the CLI as a user who cannot read everything: itself when not root, else `nobody`
/// through util-linux's `setpriv`.
enum Unprivileged {
    static let nobody: (uid: uid_t, gid: gid_t) = (65534, 65534)

    static let setpriv: String? = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// As root: setpriv exists and `nobody` can run the built binary.
    static let available: Bool = {
        guard let setpriv else { return false }
        let r = try? Run.process(setpriv, dropArgs + [CLI.binary, "--version"])
        return r?.status == 0
    }()

    static var dropArgs: [String] { ["--reuid=\(nobody.uid)", "--regid=\(nobody.gid)", "--clear-groups", "--"] }

    /// Gives `path` (recursively) to the user the CLI will run as.
    static func handOver(_ path: String) throws {
        guard geteuid() == 0 else { return }
        let r = try Run.process("/usr/bin/env", ["chown", "-R", "\(nobody.uid):\(nobody.gid)", path])
        guard r.status == 0 else { throw Run.Failure(message: "chown: \(r.stderr)") }
    }

    static func run(_ args: [String]) throws -> Run.Result {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        guard geteuid() == 0, let setpriv else { return try Run.process(CLI.binary, args, environment: env) }
        env["HOME"] = "/nonexistent"
        return try Run.process(setpriv, dropArgs + [CLI.binary] + args, environment: env)
    }
}
