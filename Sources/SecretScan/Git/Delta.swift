/// git's binary delta format: the base's size and the result's size (base-128 varints), then
/// instructions: copy a range of the base (top bit set: which offset and size bytes follow), or
/// insert the next 1-127 literal bytes.
enum Delta {
    /// The two sizes at the start of `delta`, and where the instructions begin.
    static func header(_ delta: UnsafeRawBufferPointer) -> (baseSize: Int, resultSize: Int, start: Int)? {
        var i = 0
        func varint() -> Int? {
            var value = 0
            var shift = 0
            while i < delta.count {
                let b = delta[i]
                i += 1
                value |= Int(b & 0x7F) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
                if shift > 56 { return nil }
            }
            return nil
        }
        guard let base = varint(), let result = varint() else { return nil }
        return (base, result, i)
    }

    /// A stretch of a delta's result: copied from the base (at `baseStart`) or inserted (nil).
    struct Segment: Equatable {
        var start: Int
        var length: Int
        var baseStart: Int?
    }

    /// The result of `delta` as copied and inserted stretches, in order, with consecutive copies of
    /// consecutive base bytes joined (git cuts long copies into 64 KiB instructions); nil when the
    /// delta is malformed or reaches past a base of `baseSize` bytes.
    static func segments(_ delta: UnsafeRawBufferPointer, baseSize: Int) -> [Segment]? {
        guard let (declaredBase, resultSize, start) = header(delta), declaredBase == baseSize else { return nil }
        var segments: [Segment] = []
        let ok = forEachInstruction(delta, from: start, baseSize: baseSize, resultSize: resultSize) { at, instruction in
            let segment: Segment
            switch instruction {
            case .copy(let from, let size): segment = Segment(start: at, length: size, baseStart: from)
            case .insert(_, let size): segment = Segment(start: at, length: size, baseStart: nil)
            }
            if let last = segments.last, (last.baseStart == nil) == (segment.baseStart == nil),
                last.baseStart.map({ $0 + last.length }) == segment.baseStart
            {
                segments[segments.count - 1].length += segment.length
            } else {
                segments.append(segment)
            }
        }
        return ok ? segments : nil
    }

    /// Applies `delta` to `base`; nil when the delta is malformed or does not fit the base.
    static func apply(_ delta: UnsafeRawBufferPointer, to base: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let (baseSize, resultSize, start) = header(delta), baseSize == base.count else { return nil }
        // Not zero-filled first: a delta that checks out writes every byte (it builds exactly
        // `resultSize` of them), and a failed one is thrown away.
        var ok = false
        let out = [UInt8](unsafeUninitializedCapacity: resultSize) { buffer, initialized in
            let dst = UnsafeMutableRawBufferPointer(buffer)
            ok = forEachInstruction(delta, from: start, baseSize: base.count, resultSize: resultSize) { at, instruction in
                switch instruction {
                case .copy(let from, let size):
                    dst.baseAddress!.advanced(by: at).copyMemory(from: base.baseAddress!.advanced(by: from), byteCount: size)
                case .insert(let from, let size):
                    dst.baseAddress!.advanced(by: at).copyMemory(from: delta.baseAddress!.advanced(by: from), byteCount: size)
                }
            }
            initialized = ok ? resultSize : 0
        }
        return ok ? out : nil
    }

    /// A delta instruction: copy `size` bytes of the base from offset `from`, or insert the `size`
    /// bytes that follow in the delta (at offset `from` of the delta).
    private enum Instruction {
        case copy(from: Int, size: Int)
        case insert(from: Int, size: Int)
    }

    /// Hands each instruction after `start` to `body` with the result offset it writes at, after
    /// checking it: false when one is malformed, reaches past the base or the announced result, or
    /// the instructions do not build exactly `resultSize` bytes.
    @inline(__always)
    private static func forEachInstruction(
        _ delta: UnsafeRawBufferPointer, from start: Int, baseSize: Int, resultSize: Int, _ body: (Int, Instruction) -> Void
    ) -> Bool {
        var i = start
        var o = 0
        let n = delta.count
        while i < n {
            let op = delta[i]
            i += 1
            if op & 0x80 != 0 {
                var offset = 0
                var size = 0
                for bit in 0..<4 where op & (1 << bit) != 0 {
                    guard i < n else { return false }
                    offset |= Int(delta[i]) << (8 * bit)
                    i += 1
                }
                for bit in 0..<3 where op & (16 << bit) != 0 {
                    guard i < n else { return false }
                    size |= Int(delta[i]) << (8 * bit)
                    i += 1
                }
                if size == 0 { size = 0x10000 }
                guard offset + size <= baseSize, o + size <= resultSize else { return false }
                body(o, .copy(from: offset, size: size))
                o += size
            } else if op != 0 {
                let size = Int(op)
                guard i + size <= n, o + size <= resultSize else { return false }
                body(o, .insert(from: i, size: size))
                i += size
                o += size
            } else {
                return false  // reserved instruction
            }
        }
        return o == resultSize
    }
}
