#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Maps byte offsets in a buffer to 1-based lines and character columns. Built on first use.
struct LineIndex {
    /// Offsets at which each line starts.
    private(set) var starts: [Int] = [0]
    /// Last column computed, so that increasing offsets on one long line cost linear time overall.
    private var cache: (line: Int, offset: Int, column: Int) = (0, 0, 1)

    init(_ content: UnsafeRawBufferPointer) {
        starts.reserveCapacity(content.count / 40 + 1)
        guard let base = content.baseAddress else { return }
        var offset = 0
        let n = content.count
        while offset < n {
            guard let hit = memchr(base + offset, 0x0A, n - offset) else { break }
            let at = base.distance(to: UnsafeRawPointer(hit))
            starts.append(at + 1)
            offset = at + 1
        }
    }

    /// 1-based line containing byte `offset`.
    func line(of offset: Int) -> Int {
        var lo = 0
        var hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    /// Byte range of 1-based `line`, without its line terminator.
    func range(ofLine line: Int, in content: UnsafeRawBufferPointer) -> Range<Int> {
        let start = starts[line - 1]
        var end = line < starts.count ? starts[line] - 1 : content.count
        if end > start, content[end - 1] == 0x0D { end -= 1 }
        return start..<max(start, end)
    }

    /// Byte range of the line holding `range`, clipped to `margin` bytes either side of it, so
    /// per-candidate work on a minified 100 MB line stays bounded.
    func window(around span: Range<Int>, margin: Int, in content: UnsafeRawBufferPointer) -> Range<Int> {
        let whole = range(ofLine: line(of: span.lowerBound), in: content)
        let lo = max(whole.lowerBound, span.lowerBound - margin)
        let hi = min(max(whole.upperBound, span.upperBound), span.upperBound + margin)
        return lo..<max(lo, hi)
    }

    /// 1-based character column of byte `offset` (UTF-8 continuation bytes do not start a character).
    mutating func column(of offset: Int, line: Int, in content: UnsafeRawBufferPointer) -> Int {
        var column = 1
        var i = starts[line - 1]
        if cache.line == line && cache.offset <= offset && cache.offset >= i {
            column = cache.column
            i = cache.offset
        }
        defer { cache = (line, offset, column) }
        while i < offset {
            if content[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }
}
