import ArgumentParser
import Foundation

/// A size such as `10MB`, `512KiB`, `1G` or `1048576` (bytes). K/M/G are powers of 1024.
struct ByteSize: ExpressibleByArgument {
    var bytes: Int

    init?(argument: String) {
        let s = argument.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = s.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(digits), value >= 0 else { return nil }
        let unit = s.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        let multiplier: Double
        switch unit {
        case "", "b": multiplier = 1
        case "k", "kb", "kib": multiplier = 1024
        case "m", "mb", "mib": multiplier = 1024 * 1024
        case "g", "gb", "gib": multiplier = 1024 * 1024 * 1024
        default: return nil
        }
        let total = value * multiplier
        guard total.isFinite, total < Double(Int.max / 2) else { return nil }
        bytes = Int(total)
    }

    var defaultValueDescription: String { "\(bytes) bytes" }
}
