import Testing

@testable import SecretScan

/// The base64 run search's word-wide paths (SSE2 on x86-64) against the portable one and against
/// the definition of a base64 character, byte by byte.
@Suite struct Base64SearchTests {
    static let base64Alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_".utf8)
    #if arch(x86_64)
        static let wide = true
    #else
        static let wide = false
    #endif

    @Test(.enabled(if: wide, "the SSE2 classifier exists on x86-64 only"))
    func classifierAgreesWithTheDefinitionOnEveryByte() {
        #if arch(x86_64)
            let all = (0...255).map { UInt8($0) }
            for block in stride(from: 0, to: 256, by: 16) {
                let bytes = Array(all[block..<(block + 16)])
                let (base64, separators) = bytes.withUnsafeBytes {
                    (Base64Classifier.mask16($0.baseAddress!), Base64Classifier.commonSeparators16($0.baseAddress!))
                }
                for (j, b) in bytes.enumerated() {
                    #expect((base64 >> j) & 1 == (Self.base64Alphabet.contains(b) ? 1 : 0), "byte \(b)")
                    // A separator is never base64; these are: below `+`, `.`, and 0x80 and above.
                    let separator = b < 0x2B || b == 0x2E || b >= 0x80
                    #expect((separators >> j) & 1 == (separator ? 1 : 0), "byte \(b)")
                }
            }
        #endif
    }

    /// Content of base64 runs (of decodable text and of random characters, 20 to 60 long) between
    /// separators drawn from every non-base64 byte, with `=` padding now and then: the runs start
    /// and end at every offset of a 16-byte block and of the content's last bytes.
    private func content(_ rng: inout SplitMix64) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_".utf8)
        let separators = (0...255).map { UInt8($0) }.filter { !Self.base64Alphabet.contains($0) }
        var bytes: [UInt8] = []
        let target = 40 + Int(rng.next() % 400)
        while bytes.count < target {
            switch rng.next() % 3 {
            case 0:
                let plain = (0..<(15 + Int(rng.next() % 30))).map { _ in UInt8(0x20 + rng.next() % 0x5F) }
                bytes += Base64Text.encode(plain)
            case 1:
                bytes += (0..<(20 + Int(rng.next() % 40))).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            default:
                bytes += (0..<(1 + Int(rng.next() % 10))).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            }
            if rng.next() % 4 == 0 { bytes += Array(repeating: UInt8(ascii: "="), count: 1 + Int(rng.next() % 3)) }
            bytes += (0..<(1 + Int(rng.next() % 3))).map { _ in separators[Int(rng.next() % UInt64(separators.count))] }
        }
        return bytes
    }

    @Test func wideAndPortableSearchesFindTheSameSegments() {
        var rng = SplitMix64(seed: 23)
        var decodedRuns = 0
        for _ in 0..<2000 {
            let bytes = content(&rng)
            var wideBudget = 1 << 20
            var portableBudget = 1 << 20
            let (wide, portable) = bytes.withUnsafeBytes {
                (
                    EncodedSegments.base64Segments(in: $0, budget: &wideBudget),
                    EncodedSegments.base64SegmentsPortable(in: $0, budget: &portableBudget)
                )
            }
            #expect(wide.map(\.range) == portable.map(\.range))
            #expect(wide.map(\.decoded) == portable.map(\.decoded))
            #expect(wideBudget == portableBudget)
            decodedRuns += wide.count
        }
        // The content did hold runs that decode to text (the comparison is not of empty lists).
        #expect(decodedRuns > 1000)
    }
}

/// Standard base64 with padding, for building test content.
enum Base64Text {
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let chunk = Array(bytes[i..<min(i + 3, bytes.count)])
            let v = (UInt32(chunk[0]) << 16) | (UInt32(chunk.count > 1 ? chunk[1] : 0) << 8) | UInt32(chunk.count > 2 ? chunk[2] : 0)
            for k in 0..<(chunk.count + 1) { out.append(table[Int((v >> (18 - 6 * UInt32(k))) & 63)]) }
            if chunk.count < 3 { out += Array(repeating: UInt8(ascii: "="), count: 3 - chunk.count) }
            i += 3
        }
        return out
    }
}
