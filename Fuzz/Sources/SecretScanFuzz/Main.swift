import Foundation

/// The fuzz targets of SecretScan, in one libFuzzer executable (one instrumented build for all).
///
/// `SECRETSCAN_FUZZ_TARGET=NAME SecretScanFuzz [libFuzzer flags] [corpus dirs]` fuzzes one target;
/// `SecretScanFuzz --list` prints the targets and the invariant each one checks. `scripts/fuzz`
/// builds and runs them. An invariant that fails prints what failed and aborts, which libFuzzer
/// reports as a crash and saves the input.
@main enum SecretScanFuzz {
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count > 1, arguments[1] == "--list" {
            for target in allTargets { print("\(target.name)\t\(target.maxLength)\t\(target.invariant)") }
            return
        }
        guard let target = selectedTarget else {
            let name = ProcessInfo.processInfo.environment["SECRETSCAN_FUZZ_TARGET"] ?? ""
            FileHandle.standardError.write(
                Data("SECRETSCAN_FUZZ_TARGET='\(name)' names no target; one of: \(allTargets.map(\.name).joined(separator: " "))\n".utf8))
            exit(2)
        }
        FileHandle.standardError.write(Data("fuzz target \(target.name): \(target.invariant)\n".utf8))
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}

/// One fuzz target: its name, the invariant it checks beyond "does not crash", the input size
/// libFuzzer grows to by default, and the function run on each input.
struct FuzzTarget: Sendable {
    let name: String
    let invariant: String
    let maxLength: Int
    let run: @Sendable (UnsafeRawBufferPointer) -> Void
}

let allTargets: [FuzzTarget] =
    PackTargets.all + TreeTargets.all + [GitignoreTarget.target] + IaCTargets.all + RuleTargets.all
    + [ReportTarget.target, DetectorTarget.target]

/// Chosen once, from the environment (libFuzzer owns the command line).
let selectedTarget: FuzzTarget? = {
    let name = ProcessInfo.processInfo.environment["SECRETSCAN_FUZZ_TARGET"] ?? ""
    return allTargets.first { $0.name == name }
}()

/// libFuzzer's callback: a C function pointer, so it reaches the target through a global.
private let fuzzOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    selectedTarget?.run(UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size))
    return 0
}

/// From libclang_rt.fuzzer_no_main (linked by scripts/fuzz): libFuzzer's driver, given our own
/// `main` (SwiftPM gives every executable one, so libFuzzer's `main` cannot be used).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Fails the run when an invariant does not hold: says which, then aborts (libFuzzer keeps the input).
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, line: UInt = #line, file: StaticString = #fileID) {
    if !condition() {
        FileHandle.standardError.write(Data("INVARIANT FAILED at \(file):\(line): \(message())\n".utf8))
        abort()
    }
}

/// Reads a fuzz input front to back: small numbers for choices, then byte runs.
struct InputReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func uint16() -> Int { Int(byte()) | Int(byte()) << 8 }

    mutating func take(_ count: Int) -> [UInt8] {
        let n = max(0, min(count, remaining))
        defer { position += n }
        return Array(bytes[position..<(position + n)])
    }

    mutating func rest() -> [UInt8] { take(remaining) }
}

extension Array where Element == UInt8 {
    /// Splits at `separator` (a byte string), keeping empty pieces.
    func split(separatorBytes separator: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0
        var i = 0
        while i + separator.count <= count {
            if self[i..<(i + separator.count)].elementsEqual(separator) {
                out.append(Array(self[start..<i]))
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        out.append(Array(self[start...]))
        return out
    }
}
