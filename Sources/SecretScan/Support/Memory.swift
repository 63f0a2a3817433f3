#if canImport(Glibc)
    import Glibc
#endif

/// Process memory housekeeping.
enum Memory {
    /// Gives the allocator's free pages back to the system, between phases that free a lot (the
    /// history walk's caches on several threads) and phases that allocate anew: glibc keeps the
    /// freed memory of its per-thread arenas otherwise, and it counts in peak resident memory.
    /// Looked up at run time (`malloc.h` is not in the Glibc module; other C libraries lack it).
    static func returnFreedPages() {
        #if canImport(Glibc)
            typealias Trim = @convention(c) (Int) -> Int32
            if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
                _ = unsafeBitCast(symbol, to: Trim.self)(0)
            }
        #endif
    }
}
