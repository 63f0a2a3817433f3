/// Checks the checksums some token formats embed.
enum ChecksumValidator {
    static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    static func check(_ kind: TokenChecksum, secret: [UInt8]) -> ChecksumStatus {
        switch kind {
        case .jwt:
            return JWTStructure.isToken(secret) ? .valid : .invalid
        case .crc32Base62:
            // prefix_ + body + 6 base62 digits of CRC32(body)
            let start = (secret.lastIndex(of: UInt8(ascii: "_")).map { $0 + 1 }) ?? 0
            guard secret.count - start > 6 else { return .invalid }
            let body = secret[start..<(secret.count - 6)]
            let expected = encode(CRC32.checksum(body), width: 6)
            return Array(secret.suffix(6)) == expected ? .valid : .invalid
        case .bech32:
            return Bech32.isValid(secret) ? .valid : .invalid
        case .pem:
            return PEMStructure.isValid(secret) ? .valid : .invalid
        }
    }

    /// Kinds whose failure means the match is not a token at all (dropped, not just downgraded).
    static func dropsOnFailure(_ kind: TokenChecksum) -> Bool { kind == .jwt }

    /// Base62 digits of `value`, left-padded with `0` to `width`.
    static func encode(_ value: UInt32, width: Int) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        repeat {
            out.append(base62[Int(v % 62)])
            v /= 62
        } while v > 0
        while out.count < width { out.append(base62[0]) }
        return out.reversed()
    }
}
