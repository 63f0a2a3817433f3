/// A 1-based range in a file: first character and last character (inclusive), columns in
/// characters (UTF-8 sequences), as in `Location`.
struct IaCSpan: Hashable, Sendable {
    var line: Int
    var column: Int
    var endLine: Int
    var endColumn: Int

    static let start = IaCSpan(line: 1, column: 1, endLine: 1, endColumn: 1)

    /// A span covering one point.
    static func point(line: Int, column: Int) -> IaCSpan {
        IaCSpan(line: line, column: column, endLine: line, endColumn: column)
    }
}

/// The bytes of one infrastructure file and where its lines start, for exact positions.
struct IaCSource {
    let bytes: [UInt8]
    /// Byte offset at which each line starts.
    let lineStarts: [Int]

    /// Characters (UTF-8 lead bytes) before offset `k * checkpointStride`; empty when the file is
    /// ASCII, where characters and bytes coincide. Keeps columns O(1)-ish on minified one-line files.
    private let checkpoints: [Int]
    private static let checkpointStride = 64

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        var ascii = true
        for (i, b) in bytes.enumerated() {
            if b == 0x0A { starts.append(i + 1) }
            if b >= 0x80 { ascii = false }
        }
        lineStarts = starts
        var marks: [Int] = []
        if !ascii {
            marks.reserveCapacity(bytes.count / Self.checkpointStride + 1)
            var leads = 0
            for (i, b) in bytes.enumerated() {
                if i % Self.checkpointStride == 0 { marks.append(leads) }
                if b & 0xC0 != 0x80 { leads += 1 }
            }
            marks.append(leads)
        }
        checkpoints = marks
    }

    /// Characters (UTF-8 lead bytes) in `0..<offset`.
    private func leads(upTo offset: Int) -> Int {
        let x = min(max(offset, 0), bytes.count)
        guard !checkpoints.isEmpty else { return x }
        let k = x / Self.checkpointStride
        var n = checkpoints[k]
        var i = k * Self.checkpointStride
        while i < x {
            if bytes[i] & 0xC0 != 0x80 { n += 1 }
            i += 1
        }
        return n
    }

    var lineCount: Int { lineStarts.count }

    /// 1-based line holding byte `offset`.
    func line(of offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    /// Byte range of 1-based `line` without its terminator (`\n`, `\r\n`).
    func lineRange(_ line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return bytes.count..<bytes.count }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return start..<max(start, end)
    }

    /// 1-based character column of byte `offset` on `line`.
    func column(of offset: Int, line: Int) -> Int {
        1 + characters(from: lineStarts[line - 1], to: offset)
    }

    /// Characters (UTF-8 lead bytes) in `from..<to`.
    private func characters(from: Int, to: Int) -> Int {
        max(0, leads(upTo: to) - leads(upTo: from))
    }

    /// Byte offset of 1-based (`line`, `column`), clamped to the line.
    func offset(line: Int, column: Int) -> Int {
        let r = lineRange(min(max(line, 1), lineStarts.count))
        guard !checkpoints.isEmpty else { return min(r.lowerBound + max(column - 1, 0), r.upperBound) }
        let target = leads(upTo: r.lowerBound) + max(column - 1, 0)
        // The last checkpoint on the line at or before the target, then a short walk.
        var lo = r.lowerBound / Self.checkpointStride
        var hi = r.upperBound / Self.checkpointStride
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if checkpoints[mid] <= target { lo = mid } else { hi = mid - 1 }
        }
        var i = max(r.lowerBound, lo * Self.checkpointStride)
        var n = leads(upTo: i)
        while i < r.upperBound {
            if bytes[i] & 0xC0 != 0x80 {
                if n == target { return i }
                n += 1
            }
            i += 1
        }
        return r.upperBound
    }

    /// The span of bytes `range` (a point span when empty).
    func span(_ range: Range<Int>) -> IaCSpan {
        let lo = min(max(range.lowerBound, 0), bytes.count)
        let hi = min(max(range.upperBound, lo), bytes.count)
        let line = self.line(of: lo)
        let column = self.column(of: lo, line: line)
        guard hi > lo else { return .point(line: line, column: column) }
        let endLine = self.line(of: hi - 1)
        let endColumn = max(1, characters(from: lineStarts[endLine - 1], to: hi))
        return IaCSpan(line: line, column: column, endLine: endLine, endColumn: endColumn)
    }

    /// The text of `range` (invalid UTF-8 repaired).
    func text(_ range: Range<Int>) -> String {
        let lo = min(max(range.lowerBound, 0), bytes.count)
        let hi = min(max(range.upperBound, lo), bytes.count)
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    /// Whether an inline marker (`secretscan:allow`, …) suppresses findings on `line`.
    func isSuppressed(line: Int) -> Bool {
        guard line >= 1, line <= lineStarts.count else { return false }
        let current = lineRange(line)
        let previous = line > 1 ? lineRange(line - 1) : nil
        return bytes.withUnsafeBytes { raw -> Bool in
            let cur = UnsafeRawBufferPointer(rebasing: raw[current])
            let prev = previous.map { UnsafeRawBufferPointer(rebasing: raw[$0]) }
            return InlineMarkers.marker(line: cur, previous: prev) != nil
        }
    }
}
