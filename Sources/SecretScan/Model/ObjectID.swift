/// A git object id (SHA-1), as a hashable Swift value.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 20 raw bytes, big-endian in three words.
    let a: UInt64, b: UInt64, c: UInt32

    init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= 20)
        a = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        b = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        c = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    /// Parses 40 hexadecimal digits.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var raw = [UInt8](repeating: 0, count: 20)
        for i in 0..<20 {
            guard let hi = ObjectID.nibble(digits[2 * i]), let lo = ObjectID.nibble(digits[2 * i + 1]) else { return nil }
            raw[i] = hi << 4 | lo
        }
        self = raw.withUnsafeBytes { ObjectID(bytes: $0) }
    }

    var rawBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(20)
        for i in (0..<8).reversed() { out.append(UInt8(truncatingIfNeeded: a >> (UInt64(i) * 8))) }
        for i in (0..<8).reversed() { out.append(UInt8(truncatingIfNeeded: b >> (UInt64(i) * 8))) }
        for i in (0..<4).reversed() { out.append(UInt8(truncatingIfNeeded: c >> (UInt32(i) * 8))) }
        return out
    }

    /// 40 lower-case hexadecimal digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(40)
        for byte in rawBytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    public static func < (l: ObjectID, r: ObjectID) -> Bool { (l.a, l.b, l.c) < (r.a, r.b, r.c) }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}
