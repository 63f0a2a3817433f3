import Foundation

/// The matching engine alone, on content already in memory: what `secretscan bench-engine` and
/// `scripts/bench engine` measure (no file system, no threads).
public struct EngineBenchmark: Sendable {
    public struct Result: Sendable {
        /// Bytes of content loaded (scanned once per round).
        public var bytes: Int
        public var files: Int
        public var rounds: Int
        /// Findings in one round.
        public var findingsPerRound: Int
        public var seconds: Double

        public var megabytesPerSecond: Double { Double(bytes * rounds) / 1_000_000 / max(seconds, 1e-9) }
    }

    /// Text files (no NUL byte) under a directory, up to a byte budget, with their relative paths.
    public var contents: [(path: String, bytes: [UInt8])] = []

    public init(directory: String, maxBytes: Int) {
        var total = 0
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let rel = enumerator?.nextObject() as? String, total < maxBytes {
            let full = directory + "/" + rel
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
                let data = FileManager.default.contents(atPath: full), !data.contains(0)
            else { continue }
            contents.append((rel, Array(data)))
            total += data.count
        }
    }

    /// Bytes of content loaded (what one round scans).
    public var totalBytes: Int { contents.reduce(0) { $0 + $1.bytes.count } }

    /// Scans every file `rounds` times on the calling thread with one worker.
    public func run(_ detector: Detector, rounds: Int) -> Result {
        let worker = detector.makeWorker()
        var findings = 0
        let start = Date()
        for _ in 0..<rounds {
            for (path, bytes) in contents {
                findings += bytes.withUnsafeBytes { worker.scan($0, path: path).findings.count }
            }
        }
        return Result(
            bytes: totalBytes, files: contents.count, rounds: rounds,
            findingsPerRound: findings / max(rounds, 1), seconds: Date().timeIntervalSince(start))
    }

    /// The keyword pass alone (the automaton's walk and the recording of its hits, no rule run), once
    /// per round over every file; the seconds of each round, in order.
    public func runKeywordPass(_ detector: Detector, rounds: Int) -> (selections: Int, seconds: [Double]) {
        let worker = detector.makeWorker()
        return timedRounds(rounds) { bytes in bytes.withUnsafeBytes { worker.selectRules(in: $0) } }
    }

    /// The base64 run search alone (`EncodedSegments`: the runs found and decoded, with a scan's
    /// decoding budget per file), once per round over every file; `portable` forces the table search
    /// that CPUs without SSE2 use, so the two can be compared in one process. The segments of a round
    /// and the seconds of each round, in order.
    public func runBase64Search(rounds: Int, portable: Bool) -> (segments: Int, seconds: [Double]) {
        timedRounds(rounds) { bytes in
            var budget = Detector.decodeBudget
            return bytes.withUnsafeBytes {
                portable
                    ? EncodedSegments.base64SegmentsPortable(in: $0, budget: &budget).count
                    : EncodedSegments.base64Segments(in: $0, budget: &budget).count
            }
        }
    }

    /// Runs `perFile` on every file, once per round: what the last round counted, and the seconds of
    /// each round, in order.
    private func timedRounds(_ rounds: Int, _ perFile: ([UInt8]) -> Int) -> (Int, [Double]) {
        var count = 0
        var seconds: [Double] = []
        for _ in 0..<rounds {
            count = 0
            let start = Date()
            for (_, bytes) in contents { count += perFile(bytes) }
            seconds.append(Date().timeIntervalSince(start))
        }
        return (count, seconds)
    }
}
