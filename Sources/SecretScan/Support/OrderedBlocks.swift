import Dispatch
import Foundation

/// Work cut into numbered blocks, computed on several threads and consumed in block order on the
/// calling thread (a history walk: tree diffs in parallel, introductions recorded in commit order).
///
/// The calling thread computes blocks too whenever the next one it needs is not ready, so the work
/// finishes even when no helper could start. Helpers stay at most `window` blocks ahead of the
/// consumer, which bounds the results held.
enum OrderedBlocks {
    /// - Parameters:
    ///   - count: number of blocks.
    ///   - helpers: threads besides the calling one.
    ///   - local: the calling thread's worker state.
    ///   - makeWorker: a helper's worker state, made on the helper's thread; nil: that helper stays out.
    ///   - work: computes one block with a worker's state.
    ///   - consume: receives each block's result in order, on the calling thread.
    static func run<Worker, Result: Sendable>(
        count: Int, helpers: Int, window: Int = 8, local: Worker,
        makeWorker: @escaping @Sendable () -> Worker?,
        work: @escaping @Sendable (Worker, Int) -> Result,
        consume: (Int, Result) -> Void
    ) {
        let state = State<Result>()
        let group = DispatchGroup()
        for _ in 0..<max(0, min(helpers, count - 1)) {
            DispatchQueue.global().async(group: group) {
                guard let worker = makeWorker() else { return }
                while let block = state.claim(count: count, window: window, waiting: true) {
                    state.store(block, work(worker, block))
                }
            }
        }
        for block in 0..<count {
            while true {
                if let result = state.take(block) {
                    consume(block, result)
                    break
                }
                // Not ready: compute the next unclaimed block here (perhaps this one), or wait for a helper.
                if let mine = state.claim(count: count, window: window, waiting: false) {
                    state.store(mine, work(local, mine))
                } else {
                    state.waitForResult(block)
                }
            }
        }
        group.wait()
    }

    /// `@unchecked Sendable`: every field is only touched under `condition`.
    private final class State<Result: Sendable>: @unchecked Sendable {
        let condition = NSCondition()
        var results: [Int: Result] = [:]
        var nextToClaim = 0
        var consumed = 0

        /// The next block to compute, nil when none is left (or, not `waiting`, none within the window).
        func claim(count: Int, window: Int, waiting: Bool) -> Int? {
            condition.lock()
            defer { condition.unlock() }
            while waiting && nextToClaim < count && nextToClaim - consumed >= window { condition.wait() }
            guard nextToClaim < count, nextToClaim - consumed < window || nextToClaim == consumed else { return nil }
            nextToClaim += 1
            return nextToClaim - 1
        }

        func store(_ block: Int, _ result: Result) {
            condition.lock()
            results[block] = result
            condition.broadcast()
            condition.unlock()
        }

        func take(_ block: Int) -> Result? {
            condition.lock()
            defer { condition.unlock() }
            guard let result = results.removeValue(forKey: block) else { return nil }
            consumed = block + 1
            condition.broadcast()
            return result
        }

        func waitForResult(_ block: Int) {
            condition.lock()
            while results[block] == nil { condition.wait() }
            condition.unlock()
        }
    }
}
