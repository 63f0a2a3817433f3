import ArgumentParser
import Foundation

// Exit codes: 0 clean, 1 findings, 2 usage, configuration or I/O error, or an incomplete scan.
// swift-argument-parser would exit 64 on usage errors; SecretScan promises 2.
do {
    var command = try SecretScanCommand.parseAsRoot()
    try command.run()
} catch let error as CLIError {
    Console.error("error: \(error.description)")
    exit(CLIExit.error)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    if SecretScanCommand.exitCode(for: error) == .success {
        print(SecretScanCommand.fullMessage(for: error))
        exit(CLIExit.clean)
    }
    Console.error(SecretScanCommand.fullMessage(for: error))
    exit(CLIExit.error)
}
