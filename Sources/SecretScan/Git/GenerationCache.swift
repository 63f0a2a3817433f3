/// A byte-bounded cache in two generations, a cheap approximation of least-recently-used: entries go
/// into the current generation; when it holds half the budget it becomes the previous one (dropping
/// the old previous), and an entry found there moves back into the current one.
struct GenerationCache<Key: Hashable, Value> {
    private var current: [Key: (value: Value, cost: Int)] = [:]
    private var previous: [Key: (value: Value, cost: Int)] = [:]
    private var currentCost = 0
    private let generationBudget: Int

    /// - Parameter budget: total cost (bytes) both generations may hold.
    init(budget: Int) { generationBudget = max(budget / 2, 1) }

    mutating func get(_ key: Key) -> Value? {
        if let entry = current[key] { return entry.value }
        guard let entry = previous.removeValue(forKey: key) else { return nil }
        insert(key, entry.value, cost: entry.cost)
        return entry.value
    }

    mutating func removeAll() {
        current = [:]
        previous = [:]
        currentCost = 0
    }

    /// Keeps `value`, which costs `cost` bytes; a value larger than a generation is not kept.
    mutating func insert(_ key: Key, _ value: Value, cost: Int) {
        guard cost <= generationBudget else { return }
        if currentCost + cost > generationBudget {
            previous = current
            current = [:]
            currentCost = 0
        }
        current[key] = (value, cost)
        currentCost += cost
    }
}
