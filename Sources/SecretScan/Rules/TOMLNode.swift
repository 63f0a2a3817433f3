import TOMLKit

/// A TOML value as the rule file parsers read it, whichever reader produced it: TOMLKit (rule
/// files users write) or `TOMLReader` (the built-in rules, read at every start).
///
/// The accessors are strict, as TOMLKit's are: `int` is nil for a float, `double` nil for an integer.
indirect enum TOMLNode: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLNode])
    case table(TOMLNodeTable)
    /// A date, time or date-time: valid TOML that no rule key accepts.
    case other(String)

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var int: Int? { if case .integer(let n) = self { n } else { nil } }
    var double: Double? { if case .float(let d) = self { d } else { nil } }
    var bool: Bool? { if case .boolean(let b) = self { b } else { nil } }
    var array: [TOMLNode]? { if case .array(let a) = self { a } else { nil } }
    var table: TOMLNodeTable? { if case .table(let t) = self { t } else { nil } }

    /// The same value read through TOMLKit.
    init(_ value: TOMLValueConvertible) {
        switch value.type {
        case .string: self = .string(value.string ?? "")
        case .int: self = .integer(value.int ?? 0)
        case .double: self = .float(value.double ?? 0)
        case .bool: self = .boolean(value.bool ?? false)
        case .array: self = .array((value.array ?? []).map { TOMLNode($0) })
        case .table: self = .table(value.table.map { TOMLNodeTable($0) } ?? TOMLNodeTable())
        case .date, .time, .dateTime: self = .other(value.debugDescription)
        }
    }
}

/// A TOML table: its keys in the order the reader gives them, and their values.
///
/// Kept as two arrays searched in order: rule tables have a few dozen keys at most, and building a
/// hash table for each of the built-in rules' tables cost more at start-up than all the lookups.
struct TOMLNodeTable: Sendable {
    private(set) var keys: [String] = []
    private var values: [TOMLNode] = []

    init() {}

    /// The same table read through TOMLKit (keys in TOMLKit's order).
    init(_ table: TOMLTable) {
        for key in table.keys {
            if let value = table[key] {
                keys.append(key)
                values.append(TOMLNode(value))
            }
        }
    }

    /// `text` read by TOMLKit; throws TOMLKit's parse error.
    static func readWithTOMLKit(_ text: String) throws -> TOMLNodeTable { TOMLNodeTable(try TOMLTable(string: text)) }

    /// The value of `key`, comparing keys by their bytes (as TOML does, not by Unicode equivalence).
    subscript(key: String) -> TOMLNode? { keys.firstIndex { $0.hasSameBytes(as: key) }.map { values[$0] } }

    /// Appends `key`, which the table must not have yet.
    mutating func append(_ key: String, _ value: TOMLNode) {
        keys.append(key)
        values.append(value)
    }
}

extension TOMLNodeTable: Equatable {
    /// Equal keys and values, in any order (TOMLKit gives keys sorted, `TOMLReader` as written).
    static func == (a: TOMLNodeTable, b: TOMLNodeTable) -> Bool {
        a.keys.count == b.keys.count && zip(a.keys, a.values).allSatisfy { b[$0.0] == $0.1 }
    }
}

extension String {
    /// Whether the two strings have the same UTF-8 bytes: how TOML compares keys (not by Unicode
    /// equivalence, as `==` does). The lengths first, then the bytes in place; the generic
    /// `utf8.elementsEqual` took a tenth of every start's instructions in key lookups.
    @inline(__always)
    func hasSameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var a = self
        var b = other
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                for k in 0..<pa.count where pa[k] != pb[k] { return false }
                return true
            }
        }
    }
}
