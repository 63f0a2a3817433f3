#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads whole files into one buffer that it owns and reuses (one reader per worker).
final class FileReader {
    enum Outcome {
        case content(UnsafeRawBufferPointer)
        case symlink
        case special
        case tooLarge(Int)
        case missing
        case unreadable(String)
    }

    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int

    init(initialCapacity: Int = 1 << 20) {
        capacity = initialCapacity
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The returned content is valid until the next call.
    func read(_ path: String, maxSize: Int) -> Outcome {
        // O_NOFOLLOW: a symlink is never followed (ELOOP says it is one); O_NONBLOCK: never hang on a
        // FIFO; fstat then tells regular files from the rest, with no separate lstat.
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            switch errno {
            case ENOENT, ENOTDIR: return .missing
            case ELOOP: return .symlink
            case ENXIO: return .special  // a socket
            default: return .unreadable(String(cString: strerror(errno)))
            }
        }
        defer { close(fd) }
        var fst = stat()
        guard fstat(fd, &fst) == 0 else { return .unreadable(String(cString: strerror(errno))) }
        guard (fst.st_mode & S_IFMT) == S_IFREG else { return .special }
        let expected = Int(fst.st_size)
        if expected > maxSize { return .tooLarge(expected) }
        reserve(expected + 1)
        var total = 0
        while true {
            if total == capacity {
                if total > maxSize { return .tooLarge(total) }  // grew while being read
                reserve(capacity * 2)
            }
            let n = Glibc.read(fd, buffer + total, capacity - total)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .unreadable(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            total += n
        }
        if total > maxSize { return .tooLarge(total) }
        return .content(UnsafeRawBufferPointer(start: buffer, count: total))
    }

    private func reserve(_ size: Int) {
        guard size > capacity else { return }
        buffer.deallocate()
        capacity = max(size, capacity * 2)
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }
}
