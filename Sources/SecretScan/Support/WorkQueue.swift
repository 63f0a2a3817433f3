import Foundation

/// Work handed from a producer (a lister, a history walk) to workers as it is found.
/// Items are numbered in push order; taken ones are dropped as the queue goes, so a long history
/// walk does not keep every job it has handed out.
/// `@unchecked Sendable`: `items`, `next`, `dropped` and `finished` are only touched under `condition`.
final class WorkQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Items not yet dropped; `items[0]` is item number `dropped`.
    private var items: [Element] = []
    /// Index in `items` of the next item to hand out.
    private var next = 0
    private var dropped = 0
    private var finished = false

    func push<S: Sequence>(_ batch: S) where S.Element == Element {
        condition.lock()
        if next >= 4096 && next * 2 >= items.count {
            items.removeFirst(next)
            dropped += next
            next = 0
        }
        let before = items.count
        items.append(contentsOf: batch)
        if items.count != before { condition.broadcast() }
        condition.unlock()
    }

    /// No more items will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Up to `count` next items (consecutive ones, so that a worker keeps what they share in its
    /// caches), waiting for the producer if needed; empty when all are taken and the producer is done.
    func pop(upTo count: Int) -> [Element] {
        condition.lock()
        defer { condition.unlock() }
        while next >= items.count && !finished { condition.wait() }
        let end = min(items.count, next + max(1, count))
        defer { next = end }
        return Array(items[next..<end])
    }

    /// The next item and its index, waiting for the producer if needed; nil when all are taken and
    /// the producer is done.
    func pop() -> (index: Int, item: Element)? {
        condition.lock()
        defer { condition.unlock() }
        while next >= items.count && !finished { condition.wait() }
        guard next < items.count else { return nil }
        next += 1
        return (dropped + next - 1, items[next - 1])
    }
}
