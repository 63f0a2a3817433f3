import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SecretScan

/// Checks credentials against the providers' read-only "who am I" calls over HTTPS. It owns one
/// HTTP client (created when the first check runs, so a scan without `--verify` never builds one)
/// and shuts it down when released. Redirects are not followed: a credential goes only to the
/// verifier's endpoint.
public final class LiveChecker: CredentialChecker {
    /// Each request's limit (connect, read and overall).
    public static let timeout = TimeAmount.seconds(5)
    /// Answers are read up to this size.
    static let maxAnswer = 256 * 1024

    private let client: HTTPClient
    private let userAgent: String

    public init(version: String) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: LiveChecker.timeout, read: LiveChecker.timeout))
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        userAgent = "SecretScan/\(version) (secret verification; +https://github.com/secretscan)"
    }

    deinit { try? client.syncShutdown() }

    public func check(_ credential: Credential) -> Verification {
        let request: VerifierRequest
        switch VerifierRequest.make(for: credential, date: Date()) {
        case .outcome(let known): return known
        case .request(let made): request = made
        }
        var http: HTTPClient.Request
        do {
            http = try HTTPClient.Request(
                url: request.url, method: HTTPMethod(rawValue: request.method), body: request.body.map { .bytes($0) })
        } catch {
            return Verification(status: .error, detail: "cannot build the request to \(request.url): \(error)")
        }
        http.headers.add(name: "User-Agent", value: userAgent)
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        let response: HTTPClient.Response
        do {
            response = try client.execute(request: http, deadline: .now() + LiveChecker.timeout).wait()
        } catch {
            return Verification(status: .error, detail: "network: no answer from \(request.host): \(LiveChecker.describe(error))")
        }
        var body = [UInt8]()
        if var buffer = response.body {
            body = buffer.readBytes(length: min(buffer.readableBytes, LiveChecker.maxAnswer)) ?? []
        }
        return VerifierAnswer.judge(
            status: Int(response.status.code), body: body, credential: credential, host: request.host)
    }

    private static func describe(_ error: Error) -> String {
        if let e = error as? HTTPClientError {
            if e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout { return "timed out after 5 s" }
            return "\(e)"
        }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text
    }
}
