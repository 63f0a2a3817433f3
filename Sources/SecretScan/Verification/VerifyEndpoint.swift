import Foundation

/// Base URLs verifiers may be pointed at: HTTPS anywhere, plain HTTP only on loopback (a local
/// fake or proxy), so a credential never crosses a network unencrypted.
public enum VerifyEndpoint {
    /// Why `url` cannot be a verifier's endpoint, or nil when it can.
    public static func problem(with url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { return "'\(url)' is not an absolute URL (write e.g. https://api.example.com)" }
        if components.query != nil || components.fragment != nil { return "'\(url)' must not have a query or fragment" }
        switch scheme {
        case "https": return nil
        case "http":
            return isLoopback(host)
                ? nil : "'\(url)' uses plain http; that is allowed only for loopback addresses (127.0.0.1, ::1, localhost): use https"
        default: return "'\(url)' must use https (or http on loopback)"
        }
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
