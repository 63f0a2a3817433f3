#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether content is binary, decided as git decides it: a NUL byte in the first 8 KiB.
enum BinaryContent {
    /// Bytes inspected for a NUL.
    static let probeLength = 8192

    static func isBinary(_ content: UnsafeRawBufferPointer) -> Bool {
        guard let base = content.baseAddress else { return false }
        return memchr(base, 0, min(content.count, probeLength)) != nil
    }
}
