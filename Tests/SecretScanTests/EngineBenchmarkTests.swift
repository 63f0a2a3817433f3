import Foundation
import Testing

@testable import SecretScan

/// `bench-engine --keywords-only` measures the keyword pass alone: it must select exactly what a
/// scan's keyword pass selects, file after file, with the worker's selection cleared in between.
@Suite struct EngineBenchmarkTests {
    @Test func keywordPassAloneSelectsWhatTheScanSelects() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secretscan-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Rule a's keyword in one file, b's in another, both in a third, neither in a fourth.
        let files = ["one.txt": "an ALPHA here\n", "two.txt": "bravo\n", "three.txt": "alpha and bravo\n", "four.txt": "none\n"]
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let toml = """
            [[rules]]
            id = "a"
            regex = 'alpha=(\\d+)'
            keywords = ["alpha"]

            [[rules]]
            id = "b"
            regex = 'bravo=(\\d+)'
            keywords = ["bravo"]
            """
        let detector = try Detector(config: RuleLoader.parse(toml, file: "test.toml"))
        let bench = EngineBenchmark(directory: dir.path, maxBytes: 1 << 20)
        #expect(bench.contents.count == 4)
        let (selections, seconds) = bench.runKeywordPass(detector, rounds: 3)
        #expect(selections == 4)
        #expect(seconds.count == 3)
        // The same count, file by file, from the worker a scan uses.
        let worker = detector.makeWorker()
        var perFile: [String: Int] = [:]
        for (path, bytes) in bench.contents { perFile[path] = bytes.withUnsafeBytes { worker.selectRules(in: $0) } }
        #expect(perFile == ["one.txt": 1, "two.txt": 1, "three.txt": 2, "four.txt": 0])
        // A scan after the pass starts from a clear selection: it finds what a fresh worker finds.
        let text = Array("bravo\nalpha=845120\n".utf8)
        let after = text.withUnsafeBytes { worker.scan($0, path: "x.txt") }.findings
        let fresh = text.withUnsafeBytes { detector.makeWorker().scan($0, path: "x.txt") }.findings
        #expect(after.map { "\($0.ruleID) \($0.location.line):\($0.location.column)" } == ["a 2:7"])
        #expect(after == fresh)
    }
}

/// `bench-engine --base64-only [--portable]` measures the base64 run search alone: both searches
/// find the same decoded segments, file after file, as a scan's decoding does.
@Suite struct Base64SearchBenchmarkTests {
    @Test func bothSearchesCountTheSameSegmentsEachRound() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secretscan-b64-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Base64 of plain text (decoded) in two files, of random bytes (not decoded) in a third.
        let text = Base64Text.encode(Array("the quick brown fox jumps over the lazy dog, twice over".utf8))
        let noise = Base64Text.encode((0..<48).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 200) })
        let files: [String: [UInt8]] = [
            "one.txt": Array("value = \"".utf8) + text + Array("\"\n".utf8),
            "two.txt": Array("a\nb = ".utf8) + text + Array("\nc = ".utf8) + text + Array("\n".utf8),
            "three.txt": Array("blob: ".utf8) + noise + Array("\n".utf8),
        ]
        for (name, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
        let bench = EngineBenchmark(directory: dir.path, maxBytes: 1 << 20)
        #expect(bench.contents.count == 3)
        let wide = bench.runBase64Search(rounds: 2, portable: false)
        let portable = bench.runBase64Search(rounds: 2, portable: true)
        #expect(wide.segments == 3)
        #expect(portable.segments == 3)
        #expect(wide.seconds.count == 2 && portable.seconds.count == 2)
    }
}
