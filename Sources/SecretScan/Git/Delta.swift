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

    /// Applies `delta` to `base`; nil when the delta is malformed or does not fit the base.
    static func apply(_ delta: UnsafeRawBufferPointer, to base: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let (baseSize, resultSize, start) = header(delta), baseSize == base.count else { return nil }
        var out = [UInt8](repeating: 0, count: resultSize)
        let ok = out.withUnsafeMutableBytes { dst -> Bool in
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
                    guard offset + size <= base.count, o + size <= resultSize else { return false }
                    dst.baseAddress!.advanced(by: o).copyMemory(from: base.baseAddress!.advanced(by: offset), byteCount: size)
                    o += size
                } else if op != 0 {
                    let size = Int(op)
                    guard i + size <= n, o + size <= resultSize else { return false }
                    dst.baseAddress!.advanced(by: o).copyMemory(from: delta.baseAddress!.advanced(by: i), byteCount: size)
                    i += size
                    o += size
                } else {
                    return false  // reserved instruction
                }
            }
            return o == resultSize
        }
        return ok ? out : nil
    }
}
