import CPCRE2
import Synchronization

/// Why a pattern did not compile: PCRE2's message and the offset in the pattern.
struct RegexCompileFailure: Error, Sendable {
    var offset: Int
    var message: String
}

/// A compiled PCRE2 pattern, JIT-compiled on first use (most rules never run on a given scan, and
/// JIT-compiling all of them would cost more than a pre-commit scan itself). Owns its `pcre2_code`.
/// A pattern known to compile (a built-in rule's: the test suite and `rules test` compile them all)
/// may also be compiled on first use: a pre-commit run then compiles only the few it runs.
///
/// `@unchecked Sendable`: the code object is immutable after `pcre2_compile`, except for the one
/// `pcre2_jit_compile`. Both the first-use compile and the JIT compile run under `readyLock`, before
/// any thread matches with it: `ensureReady()` is called before every match, and publishes what it
/// set (`compiled`, `captureCount`, `failure`, `jitted`) through the `ready` atomic with release ordering;
/// readers load it with acquire ordering first. PCRE2 documents that a compiled pattern may then be
/// matched from many threads at once, each with its own match data (see `MatchScratch`). Nothing
/// mutates it after that until `deinit`.
final class CompiledRegex: @unchecked Sendable {
    private var compiled: OpaquePointer?
    /// The pattern, while it waits for its first use; nil when compiled at `init`.
    private let deferred: String?
    private let options: UInt32
    /// Why the deferred compile failed (its first match then fails with this message).
    private var failure: String?
    /// Whether the JIT compile made code (matches then go straight to it).
    fileprivate private(set) var jitted = false
    private let ready = Atomic<Bool>(false)
    private let readyLock = Mutex<Void>(())
    /// Capture groups in the pattern; for a deferred pattern, known once `ensureReady()` has run.
    private(set) var captureCount: Int

    /// Compiled with PCRE2_USE_OFFSET_LIMIT: matches may be limited to start before an offset.
    let allowsOffsetLimit: Bool

    /// - Parameter offsetLimit: compile so that `MatchScratch.match(_:in:from:startingBy:)` can bound
    ///   where a match starts (keyword windows).
    init(_ pattern: String, caseless: Bool = false, offsetLimit: Bool = false) throws(RegexCompileFailure) {
        options = CompiledRegex.options(caseless: caseless, offsetLimit: offsetLimit)
        allowsOffsetLimit = offsetLimit
        deferred = nil
        (compiled, captureCount) = try CompiledRegex.compile(pattern, options: options)
    }

    /// A pattern compiled at its first match; for patterns known to compile.
    init(deferred pattern: String, offsetLimit: Bool = false) {
        options = CompiledRegex.options(caseless: false, offsetLimit: offsetLimit)
        allowsOffsetLimit = offsetLimit
        deferred = pattern
        captureCount = 0
    }

    /// Whether the pattern waits for its first use to compile.
    var isDeferred: Bool { deferred != nil }

    private static func options(caseless: Bool, offsetLimit: Bool) -> UInt32 {
        // `$` matches only at the very end, as in Go's RE2 (gitleaks rules are written for it).
        var options: UInt32 = UInt32(PCRE2_DOLLAR_ENDONLY)
        if caseless { options |= UInt32(PCRE2_CASELESS) }
        if offsetLimit { options |= UInt32(PCRE2_USE_OFFSET_LIMIT) }
        return options
    }

    private static func compile(_ pattern: String, options: UInt32) throws(RegexCompileFailure) -> (OpaquePointer, Int) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let length = pattern.utf8.count
        let compiled = pattern.withCString { cString in
            cString.withMemoryRebound(to: UInt8.self, capacity: length + 1) { bytes in
                pcre2_compile_8(bytes, length, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw RegexCompileFailure(offset: errorOffset, message: CompiledRegex.message(for: errorCode))
        }
        var count: UInt32 = 0
        _ = pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        return (compiled, Int(count))
    }

    deinit { if let compiled { pcre2_code_free_8(compiled) } }

    /// The code object; only after `ensureReady()` returned nil.
    fileprivate var code: OpaquePointer { compiled! }

    /// Compiles and JIT-compiles the pattern now if its first use has not done so; returns whether
    /// this call did it (for `rules profile`, which times compiling apart from matching).
    func prepare() -> Bool {
        if ready.load(ordering: .acquiring) { return false }
        _ = ensureReady()
        return true
    }

    /// Compiles a deferred pattern and JIT-compiles the code, once, before the first match (if the
    /// JIT is unavailable the interpreter is used). Returns why the pattern cannot be matched, or nil.
    @inline(__always)
    fileprivate func ensureReady() -> String? {
        if ready.load(ordering: .acquiring) { return failure }
        return readyLock.withLock { _ in
            if !ready.load(ordering: .acquiring) {
                if compiled == nil, let deferred {
                    do throws(RegexCompileFailure) {
                        (compiled, captureCount) = try CompiledRegex.compile(deferred, options: options)
                    } catch {
                        failure = """
                            its pattern does not compile with this PCRE2 (offset \(error.offset): \(error.message)); \
                            `secretscan rules test` lists every such rule
                            """
                    }
                }
                if let compiled, pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0 {
                    // JIT code exists only if the compile made some: a pattern starting with `(*NO_JIT)`
                    // "succeeds" with none, and must go through `pcre2_match` (the interpreter).
                    var size = 0
                    jitted = pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_JITSIZE), &size) == 0 && size > 0
                }
                ready.store(true, ordering: .releasing)
            }
            return failure
        }
    }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBufferPointer { pcre2_get_error_message_8(errorCode, $0.baseAddress, $0.count) }
        return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "PCRE2 error \(errorCode)"
    }
}

/// Result of one match attempt.
enum MatchOutcome: Equatable {
    case matched
    case noMatch
    /// The match or depth/heap limit was hit: the pattern backtracks catastrophically on this input.
    case limitExceeded
    case failed(String)
}

/// Per-worker PCRE2 state: match data, a match context carrying the resource limits, and a JIT stack.
/// Owns all three handles. Not shared between threads: create one per worker and reuse it.
final class MatchScratch {
    /// Limits applied to every match call.
    struct Limits: Sendable {
        var matchLimit: UInt32 = 5_000_000
        var depthLimit: UInt32 = 250_000
        /// Heap limit in KiB for the interpreter's backtracking memory.
        var heapLimitKiB: UInt32 = 64 * 1024
        var jitStackMax: Int = 8 * 1024 * 1024
        static let standard = Limits()
    }

    static let maxPairs = 64
    private let matchData: OpaquePointer
    private let context: OpaquePointer
    private let jitStack: OpaquePointer?
    private let unset = secretscan_pcre2_unset()

    init(limits: Limits = .standard) {
        matchData = pcre2_match_data_create_8(UInt32(MatchScratch.maxPairs), nil)!
        context = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(context, limits.matchLimit)
        pcre2_set_depth_limit_8(context, limits.depthLimit)
        pcre2_set_heap_limit_8(context, limits.heapLimitKiB)
        jitStack = pcre2_jit_stack_create_8(64 * 1024, limits.jitStackMax, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
        offsetLimit = secretscan_pcre2_unset()
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// The offset limit currently set in `context`.
    private var offsetLimit: Int

    /// Searches `subject` from byte `start`. On `.matched`, read groups with `group(_:)`.
    /// - Parameter latestStart: when set, only a match that starts at or before this offset counts
    ///   (the whole subject stays visible to lookarounds); the regex must allow offset limits.
    func match(
        _ regex: CompiledRegex, in subject: UnsafeRawBufferPointer, from start: Int,
        startingBy latestStart: Int? = nil
    ) -> MatchOutcome {
        // An empty buffer may have no address; nothing a rule looks for can be found in it.
        guard let raw = subject.baseAddress else { return .noMatch }
        if let failure = regex.ensureReady() { return .failed(failure) }
        let limit = latestStart ?? unset
        if limit != offsetLimit {
            precondition(limit == unset || regex.allowsOffsetLimit, "offset limit on a regex compiled without PCRE2_USE_OFFSET_LIMIT")
            pcre2_set_offset_limit_8(context, limit)
            offsetLimit = limit
        }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        // The JIT's own entry skips `pcre2_match`'s checks, which hold here: the subject has a length,
        // `start` is within it, no option is passed, and the offset and match limits come from `context`.
        var rc =
            regex.jitted && start <= subject.count
            ? pcre2_jit_match_8(regex.code, base, subject.count, start, 0, matchData, context)
            : pcre2_match_8(regex.code, base, subject.count, start, 0, matchData, context)
        if rc == PCRE2_ERROR_JIT_STACKLIMIT {
            // The JIT stack was too small for this input: retry this one match in the interpreter.
            rc = pcre2_match_8(regex.code, base, subject.count, start, UInt32(PCRE2_NO_JIT), matchData, context)
        }
        if rc >= 0 { return .matched }
        switch rc {
        case PCRE2_ERROR_NOMATCH: return .noMatch
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_JIT_STACKLIMIT:
            return .limitExceeded
        default: return .failed(CompiledRegex.message(for: rc))
        }
    }

    /// Byte range of capture group `index` of the last match, nil when it did not participate.
    func group(_ index: Int) -> Range<Int>? {
        guard index < MatchScratch.maxPairs else { return nil }
        let count = Int(pcre2_get_ovector_count_8(matchData))
        guard index < count else { return nil }
        let ov = pcre2_get_ovector_pointer_8(matchData)!
        let s = ov[2 * index]
        let e = ov[2 * index + 1]
        if s == unset || e == unset || e < s { return nil }
        return s..<e
    }

    /// Whether `regex` matches anywhere in `subject` (limits exceeded count as no match).
    func matches(_ regex: CompiledRegex, in subject: UnsafeRawBufferPointer) -> Bool {
        match(regex, in: subject, from: 0) == .matched
    }
}
