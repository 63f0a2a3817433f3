#if SECRETSCAN_TSAN
    import Foundation

    /// A stand-in for `Synchronization.Mutex` (`init`, `withLock`) in ThreadSanitizer builds only:
    /// `scripts/sanitize thread` compiles with `-DSECRETSCAN_TSAN`, and then this declaration is the
    /// `Mutex` every file of the module uses. Normal builds never see it and use the standard one.
    ///
    /// Why: on Linux `Synchronization.Mutex` locks with futexes inside the Swift runtime, which
    /// ThreadSanitizer does not see, so every access made under its lock was reported as a data
    /// race (a 15-line program with two threads and one `Mutex` shows it with Swift 6.3.1).
    /// `NSLock` is a pthread mutex, which ThreadSanitizer understands.
    ///
    /// `@unchecked Sendable`: the value is only read or written inside `withLock`, under `lock`, and
    /// is itself `Sendable`.
    final class Mutex<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        /// In its own allocation: a zero-sized value (`Mutex<Void>`) stored in the object would sit at
        /// the address just past it, and ThreadSanitizer then took another object's accesses for ones
        /// to the value.
        private let value: UnsafeMutablePointer<Value>

        init(_ initialValue: Value) {
            value = .allocate(capacity: 1)
            value.initialize(to: initialValue)
        }

        deinit {
            value.deinitialize(count: 1)
            value.deallocate()
        }

        /// Runs `body` with exclusive access to the value.
        func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
            lock.lock()
            defer { lock.unlock() }
            return try body(&value.pointee)
        }
    }
#endif
