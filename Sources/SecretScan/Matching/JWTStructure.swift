import Foundation

/// The shape of a JSON Web Token (RFC 7519): three base64url segments, a header that is a JSON
/// object naming a signing algorithm, a payload that is a JSON object (`{}` included).
enum JWTStructure {
    static func isToken(_ token: [UInt8]) -> Bool {
        let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[2].isEmpty,
            let header = json(parts[0]) as? [String: Any], let alg = header["alg"] as? String,
            !alg.isEmpty, alg.lowercased() != "none",
            json(parts[1]) is [String: Any]
        else { return false }
        return true
    }

    /// The JSON value a base64url segment encodes, or nil.
    static func json(_ segment: ArraySlice<UInt8>) -> Any? {
        var text = String(decoding: segment, as: UTF8.self).replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return nil }
        return try? JSONSerialization.jsonObject(with: data)
    }
}
