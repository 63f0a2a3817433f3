#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds base64- and percent-encoded text in content and decodes it, so that secrets hidden by an
/// encoding can be scanned. Only decodings that are mostly printable text are kept.
enum EncodedSegments {
    struct Segment {
        var range: Range<Int>
        var encoding: String
        var decoded: [UInt8]
    }

    /// Base64 runs shorter than this (padding excluded) are not decoded.
    static let minBase64Length = 32
    /// Decoded text must be at least this share printable ASCII.
    static let minPrintable = 0.9

    private static let base64Value: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8.enumerated() { t[Int(c)] = Int8(i) }
        t[Int(UInt8(ascii: "+"))] = 62
        t[Int(UInt8(ascii: "/"))] = 63
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63  // base64url
        return t
    }()

    /// Encoded segments of `content`, in order, decoding at most `budget` bytes in all.
    static func find(in content: UnsafeRawBufferPointer, budget: inout Int) -> [Segment] {
        var out = base64Segments(in: content, budget: &budget)
        if budget > 0 { out += percentSegments(in: content, budget: &budget) }
        return out.count > 1 ? out.sorted { $0.range.lowerBound < $1.range.lowerBound } : out
    }

    /// Runs of at least `minBase64Length` base64 characters, in order, decoded when they decode to
    /// text (see `judgeRun`): with SSE2 on x86-64, else `base64SegmentsPortable`. Both find exactly
    /// the same runs (a test holds them to each other and to the plain definition).
    static func base64Segments(in content: UnsafeRawBufferPointer, budget: inout Int) -> [Segment] {
        #if arch(x86_64)
            base64SegmentsWide(in: content, budget: &budget)
        #else
            base64SegmentsPortable(in: content, budget: &budget)
        #endif
    }

    #if arch(x86_64)
        /// `base64Segments` with SSE2. A run of 32 or more (`minBase64Length`) holds a whole block
        /// of any grid of 16-byte blocks laid from before it, so the search steps through the
        /// content 16 bytes at a time and looks closer only at blocks that are base64 throughout.
        /// The step is fixed, so the next block's load never waits for this block's result, and most
        /// blocks of source text are ruled out by a cheap separator test alone. Around a block that
        /// is all base64, the run is followed back (to the last non-base64 byte, or to where the
        /// search resumed after the previous run) and forward, and judged when it is long enough.
        static func base64SegmentsWide(in content: UnsafeRawBufferPointer, budget: inout Int) -> [Segment] {
            var out: [Segment] = []
            let n = content.count
            guard minBase64Length == 32, n >= 32, let raw = content.baseAddress else {
                return base64SegmentsPortable(in: content, budget: &budget)
            }
            return base64Value.withUnsafeBufferPointer { table -> [Segment] in
                let value = table.baseAddress!
                @inline(__always) func isB64(_ k: Int) -> Bool { value[Int(raw.load(fromByteOffset: k, as: UInt8.self))] >= 0 }
                // Bytes before `resume` belong to a run already handled (or its padding).
                var resume = 0
                var i = 0
                while i &+ 16 <= n && budget > 0 {
                    if Base64Classifier.commonSeparators16(raw + i) != 0 || Base64Classifier.mask16(raw + i) != 0xFFFF {
                        i &+= 16
                        continue
                    }
                    var start = i
                    while start > resume && isB64(start &- 1) { start &-= 1 }
                    var end = i &+ 16
                    while end &+ 16 <= n {
                        let block = Base64Classifier.mask16(raw + end)
                        if block != 0xFFFF {
                            end &+= (~block).trailingZeroBitCount
                            break
                        }
                        end &+= 16
                    }
                    // The last bytes (under 16), one at a time; stops at once after a block that ended the run.
                    while end < n && isB64(end) { end &+= 1 }
                    resume = end &- start >= minBase64Length ? judgeRun(content, value, start..<end, budget: &budget, into: &out) : end
                    i = resume
                }
                return out
            }
        }
    #endif

    /// `base64Segments` for any CPU: probes the last eight bytes of each `minBase64Length` window
    /// through a table; a non-base64 byte at k rules out every run that starts at or before k, so
    /// the search skips ahead (Boyer-Moore style).
    static func base64SegmentsPortable(in content: UnsafeRawBufferPointer, budget: inout Int) -> [Segment] {
        var out: [Segment] = []
        let n = content.count
        let m = minBase64Length
        guard n >= m, let base = content.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return out }
        return base64Value.withUnsafeBufferPointer { table -> [Segment] in
            let value = table.baseAddress!
            @inline(__always) func isB64(_ k: Int) -> Bool { value[Int(base[k])] >= 0 }
            /// Bit j set when `base[at + j]` is not base64, for j in 0..<8; no branch per byte: in
            /// source text one of eight bytes is almost always a space or punctuation.
            @inline(__always) func nonBase64(at: Int) -> UInt32 {
                var mask: UInt32 = 0
                for j in 0..<8 { mask |= UInt32(UInt8(bitPattern: value[Int(base[at &+ j])]) >> 7) << j }
                return mask
            }
            var i = 0
            search: while i &+ m <= n && budget > 0 {
                // Invariant: no run of length m starts before i (other than one already handled).
                // When the window's last eight bytes hold a non-base64 byte at tail + k, a run that
                // starts in i...tail + k ends before it, shorter than m: the search moves on to
                // tail + 1. A fixed step, not one past that byte: the next probe's address then
                // does not wait for this probe's bytes, and the CPU runs probes ahead.
                let tail = i &+ m &- 8
                if nonBase64(at: tail) != 0 {
                    i = tail &+ 1
                    continue search
                }
                // Else the window's last non-base64 byte, eight bytes at a time back from the tail
                // (the chunks overlap when m is not a multiple of 8); past it exactly.
                var chunk = tail
                while chunk != i {
                    chunk = max(i, chunk &- 8)
                    let mask = nonBase64(at: chunk)
                    if mask != 0 {
                        i = chunk &+ (32 &- mask.leadingZeroBitCount)
                        continue search
                    }
                }
                // The window is all base64: by the invariant, a run of at least m starts at i.
                var runEnd = i &+ m
                while runEnd < n && isB64(runEnd) { runEnd &+= 1 }
                i = judgeRun(content, value, i..<runEnd, budget: &budget, into: &out)
            }
            return out
        }
    }

    /// Judges the run `run` (all base64, at least `minBase64Length`, starting after a non-base64
    /// byte or at 0): appends it, with up to two `=` of padding, when it decodes to text, and
    /// returns where the search goes on (past the padding). Random bytes (keys, hashes, images) fail
    /// the text test within the first 24 decoded bytes: those are judged before the whole run is
    /// decoded.
    @inline(__always)
    private static func judgeRun(
        _ content: UnsafeRawBufferPointer, _ value: UnsafePointer<Int8>, _ run: Range<Int>, budget: inout Int,
        into out: inout [Segment]
    ) -> Int {
        let base = content.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let n = content.count
        var j = run.upperBound
        while j < n && j &- run.upperBound < 2 && base[j] == UInt8(ascii: "=") { j &+= 1 }
        if decodesToText(value, base, run.lowerBound..<(run.lowerBound &+ minBase64Length)),
            let decoded = decodeBase64(content, run), isText(decoded)
        {
            budget -= decoded.count
            out.append(Segment(range: run.lowerBound..<j, encoding: "base64", decoded: decoded))
        }
        return j
    }

    /// Whether the base64 text `base[r]` (all base64 characters) decodes to mostly printable text;
    /// decodes without storing. The decoded length is known before decoding (6 bits a character), so
    /// it gives up at the first byte that leaves too few printable ones possible: random bytes (long
    /// identifiers, keys, hashes) fail within a few bytes instead of all 24.
    @inline(__always)
    private static func decodesToText(_ value: UnsafePointer<Int8>, _ base: UnsafePointer<UInt8>, _ r: Range<Int>) -> Bool {
        let total = r.count * 6 / 8
        guard total >= 8 else { return false }
        let needed = Double(total) * minPrintable
        var acc: UInt32 = 0
        var bits = 0
        var notText = 0
        for k in r {
            acc = acc << 6 | UInt32(UInt8(bitPattern: value[Int(base[k])]))
            bits += 6
            if bits >= 8 {
                bits -= 8
                if !isTextByte(UInt8(truncatingIfNeeded: acc >> UInt32(bits))) {
                    notText += 1
                    if Double(total - notText) < needed { return false }
                }
            }
        }
        return true
    }

    /// Text around `%XX` escapes, decoded.
    static func percentSegments(in content: UnsafeRawBufferPointer, budget: inout Int) -> [Segment] {
        var out: [Segment] = []
        guard let base = content.baseAddress else { return out }
        let n = content.count
        var i = 0
        while i < n && budget > 0 {
            guard let hit = memchr(base + i, Int32(UInt8(ascii: "%")), n - i) else { break }
            let at = base.distance(to: UnsafeRawPointer(hit))
            guard at + 2 < n, isHex(content[at + 1]), isHex(content[at + 2]) else {
                i = at + 1
                continue
            }
            var lo = at
            while lo > 0 && isURLByte(content[lo - 1]) { lo -= 1 }
            var hi = at
            while hi < n && isURLByte(content[hi]) { hi += 1 }
            let decoded = decodePercent(content, lo..<hi)
            if decoded.count < hi - lo, isText(decoded) {
                budget -= decoded.count
                out.append(Segment(range: lo..<hi, encoding: "percent", decoded: decoded))
            }
            i = max(hi, at + 1)
        }
        return out
    }

    static func decodeBase64(_ c: UnsafeRawBufferPointer, _ r: Range<Int>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(r.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for k in r {
            let v = base64Value[Int(c[k])]
            if v < 0 { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        return out
    }

    static func decodePercent(_ c: UnsafeRawBufferPointer, _ r: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var k = r.lowerBound
        while k < r.upperBound {
            let b = c[k]
            if b == UInt8(ascii: "%"), k + 2 < r.upperBound, let h = hexValue(c[k + 1]), let l = hexValue(c[k + 2]) {
                out.append(h << 4 | l)
                k += 3
            } else {
                out.append(b)
                k += 1
            }
        }
        return out
    }

    static func isText(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8 else { return false }
        var printable = 0
        for b in bytes where isTextByte(b) { printable += 1 }
        return Double(printable) >= Double(bytes.count) * minPrintable
    }

    /// Printable ASCII, tab, line feed or carriage return.
    @inline(__always) static func isTextByte(_ b: UInt8) -> Bool {
        (b >= 0x20 && b < 0x7F) || b == 0x09 || b == 0x0A || b == 0x0D
    }

    @inline(__always) static func isHex(_ b: UInt8) -> Bool { hexValue(b) != nil }

    @inline(__always) static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: b - 48
        case 65...70: b - 55
        case 97...102: b - 87
        default: nil
        }
    }

    /// Bytes that can be part of a URL or form-encoded value.
    @inline(__always) static func isURLByte(_ b: UInt8) -> Bool {
        b > 0x20 && b < 0x7F && b != UInt8(ascii: "\"") && b != UInt8(ascii: "'") && b != UInt8(ascii: "<")
            && b != UInt8(ascii: ">") && b != UInt8(ascii: "`") && b != UInt8(ascii: "(") && b != UInt8(ascii: ")")
    }
}
