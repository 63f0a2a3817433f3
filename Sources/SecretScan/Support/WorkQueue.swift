import Foundation

/// Work handed from a producer (a lister, a history walk) to workers as it is found.
/// `@unchecked Sendable`: `items`, `next` and `finished` are only touched under `condition`.
final class WorkQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var next = 0
    private var finished = false

    func push<S: Sequence>(_ batch: S) where S.Element == Element {
        condition.lock()
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

    /// The next item and its index, waiting for the producer if needed; nil when all are taken and
    /// the producer is done.
    func pop() -> (index: Int, item: Element)? {
        condition.lock()
        defer { condition.unlock() }
        while next >= items.count && !finished { condition.wait() }
        guard next < items.count else { return nil }
        next += 1
        return (next - 1, items[next - 1])
    }
}
