@testable import SecretScan

/// The literals a pattern's matches must contain (`RequiredLiterals`), read from arbitrary pattern
/// text, and the gate built from them.
enum LiteralGateTarget {
    /// Input: a pattern, a NUL byte, then subjects separated by NUL bytes.
    static let target = FuzzTarget(
        name: "literal-gate",
        invariant: """
            reading any pattern's required literals ends without a crash; when the pattern compiles and has a gate, every \
            subject PCRE2 matches is admitted by the gate, and a gated search finds exactly what an ungated one finds
            """,
        maxLength: 512
    ) { data in
        let parts = Array(data).split(separator: 0, omittingEmptySubsequences: false)
        let pattern = String(decoding: parts.first ?? [], as: UTF8.self)
        _ = RequiredLiterals.of(pattern)
        guard let gate = LiteralGate(pattern: pattern), let plain = try? CompiledRegex(pattern),
            let gated = try? CompiledRegex(pattern, gated: true)
        else { return }
        for part in parts.dropFirst() {
            var subject = Array(part)
            subject.withUnsafeMutableBytes { b in
                let s = UnsafeRawBufferPointer(b)
                let direct = scratch.matches(plain, in: s)
                var triples = [UInt64](repeating: 0, count: TrigramSet.words)
                let admitted = triples.withUnsafeMutableBufferPointer { p in
                    TrigramSet.fill(p.baseAddress!, from: s)
                    return gate.admits(s, triples: p.baseAddress!)
                }
                require(admitted || !direct, "the gate of \(pattern) turns away \(Array(s)), which it matches")
                let throughGate = scratch.withPath(s) { scratch.matches(gated, in: s) }
                require(throughGate == direct, "gated and plain searches of \(pattern) differ on \(Array(s))")
            }
        }
    }

    /// One per process (libFuzzer runs inputs one after another on one thread).
    nonisolated(unsafe) static let scratch = MatchScratch()
}
