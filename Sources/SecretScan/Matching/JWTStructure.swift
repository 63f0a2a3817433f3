import Foundation

/// The shape of a JSON Web Token (RFC 7519): three base64url segments, a header that is a JSON
/// object naming a signing algorithm other than `none`, and a payload that is a JSON object (`{}`
/// included). The header is parsed; the payload, which can be long, is only checked to be an object.
enum JWTStructure {
    static func isToken(_ token: [UInt8]) -> Bool {
        let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[2].isEmpty,
            let headerBytes = Base64.decode(parts[0]), let payload = Base64.decode(parts[1]), isObject(payload),
            let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any],
            let alg = header["alg"] as? String, !alg.isEmpty, alg.lowercased() != "none"
        else { return false }
        return true
    }

    /// Bytes that begin with `{` and end with `}`, whitespace aside.
    static func isObject(_ bytes: [UInt8]) -> Bool {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let first = bytes.first(where: { !isSpace($0) }), let last = bytes.last(where: { !isSpace($0) }) else { return false }
        return first == UInt8(ascii: "{") && last == UInt8(ascii: "}")
    }
}
