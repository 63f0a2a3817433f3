import CZlib

/// A reusable zlib inflate stream. Owns its `z_stream` (freed in `deinit`); resetting it between
/// objects avoids zlib's per-stream set-up, which dominated reading many small pack objects.
/// Not thread-safe: one per reader.
final class Inflater {
    /// On the heap: zlib checks that a stream never moves between calls.
    private let stream: UnsafeMutablePointer<z_stream>
    private let ready: Bool

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        ready = secretscan_inflate_init(stream) == Z_OK
    }

    deinit {
        if ready { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates the zlib stream at the start of `input` into exactly `size` bytes; nil when the data
    /// is corrupt or does not inflate to that size.
    func inflate(_ input: UnsafeRawBufferPointer, size: Int) -> [UInt8]? {
        // zlib counts output in 32 bits; larger objects are left to the caller's fallback.
        guard ready, size >= 0, size <= Int(UInt32.max) else { return nil }
        // Not zero-filled first: every byte is written, or the result is thrown away.
        var ok = false
        let out = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            ok = run(input, into: UnsafeMutableRawBufferPointer(buffer), wholeStream: true) == size
            initialized = ok ? size : 0
        }
        return ok ? out : nil
    }

    /// Inflates at most `into.count` bytes from the start of `input` (e.g. just a delta's header);
    /// returns the number of bytes produced, nil on corrupt data.
    func inflatePrefix(_ input: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard ready, buffer.count <= Int(UInt32.max) else { return nil }
        return run(input, into: buffer, wholeStream: false)
    }

    private func run(_ input: UnsafeRawBufferPointer, into dst: UnsafeMutableRawBufferPointer, wholeStream: Bool) -> Int? {
        guard inflateReset(stream) == Z_OK, let src = input.baseAddress else { return nil }
        // zlib's API takes a mutable pointer but never writes through next_in.
        stream.pointee.next_in = UnsafeMutablePointer(mutating: src.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(min(input.count, Int(UInt32.max)))
        // A zero-length output still needs a valid address for zlib to report the stream's end.
        var scratch: UInt8 = 0
        let produced: Int = withUnsafeMutablePointer(to: &scratch) { scratchPointer in
            stream.pointee.next_out = dst.baseAddress?.assumingMemoryBound(to: Bytef.self) ?? scratchPointer
            stream.pointee.avail_out = uInt(dst.count)
            let rc = CZlib.inflate(stream, Z_FINISH)
            let produced = dst.count - Int(stream.pointee.avail_out)
            if wholeStream {
                // The stream must end exactly where the expected bytes do.
                return rc == Z_STREAM_END ? produced : -1
            }
            return rc == Z_STREAM_END || rc == Z_OK || rc == Z_BUF_ERROR ? produced : -1
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        return produced >= 0 ? produced : nil
    }
}
