import Foundation

/// Writing to the terminal and to output files: the only place the CLI touches stdout/stderr.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
    }

    static func warning(_ message: String) { error("warning: " + message) }

    static func out(_ data: Data) { FileHandle.standardOutput.write(data) }

    static func out(_ text: String) { out(Data(text.utf8)) }

    /// Pretty-printed JSON with sorted keys and a final newline: the shape of every JSON listing.
    static func json(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }

    /// Colour only for a terminal, and never when NO_COLOR is set.
    static var stdoutIsColorTerminal: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Writes a report to `path` or to stdout. The file is written in place (never replaced), so a
    /// device such as /dev/stdout, a FIFO or a symlink keeps being what it is.
    static func emit(_ data: Data, to path: String?) throws {
        if let path {
            do { try data.write(to: URL(fileURLWithPath: path)) } catch {
                throw CLIError("\(path): cannot write output: \((error as NSError).localizedDescription)")
            }
        } else {
            out(data)
        }
    }
}

/// A fatal CLI error: printed as `error: message`, exit status 2.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
