import Foundation
import TestSupport
import Testing

/// `--verify` against loopback fakes of STS (which checks the SigV4 signature itself), GitHub,
/// Slack, Stripe and OpenAI; and no socket at all without it.
@Suite(.serialized) struct VerifyCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Verification: Decodable, Equatable {
        var status: String
        var detail: String
    }

    struct Finding: Decodable {
        var rule_id: String
        var path: String
        var line: Int
        var column: Int
        var verification: Verification?
    }

    struct Report: Decodable { var findings: [Finding] }

    struct LoggedRequest: Decodable, Hashable {
        var method: String
        var path: String
        var agent: String
        var credential: String
    }

    /// The fakes, running on a free loopback port until the value is released.
    final class Fakes {
        let process = Process()
        let port: Int
        let log: URL
        let dir: URL

        init(config: [String: Any]) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("secretscan-fakes-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let configURL = dir.appendingPathComponent("config.json")
            try JSONSerialization.data(withJSONObject: config).write(to: configURL)
            log = dir.appendingPathComponent("requests.jsonl")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", VerifyCommandTests.packageRoot.appendingPathComponent("Tests/Fixtures/fake-providers.py").path,
                configURL.path, log.path,
            ]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line += chunk
            }
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let port = Int(text) else { throw Run.Failure(message: "the fake server did not start: '\(text)'") }
            self.port = port
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: dir)
        }

        var url: String { "http://127.0.0.1:\(port)" }

        /// `--verify-endpoint` for every verifier the fakes answer for.
        var endpointArgs: [String] {
            ["aws-sts", "github", "slack", "stripe", "openai"].flatMap { ["--verify-endpoint", "\($0)=\(url)"] }
        }

        var requests: [LoggedRequest] {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(LoggedRequest.self, from: Data($0.utf8)) }
        }
    }

    static func sha256(_ s: String) throws -> String {
        let r = try Run.process(
            "/usr/bin/env", ["python3", "-c", "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())", s])
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Credentials of each kind: live ones the fakes accept, and dead ones.
    struct Credentials {
        var liveKeyID = "", liveSecretKey = "", deadSecretKey = "", unknownKeyID = "", unknownSecretKey = "", loneKeyID = ""
        var liveGitHub = "", deadGitHub = "", liveSlack = "", deadSlack = "", liveStripe = "", deadOpenAI = ""

        init() {
            var g = TestSecrets(seed: 1717)
            liveKeyID = g.awsKeyID()
            liveSecretKey = g.body(40, from: TestSecrets.base64)
            deadSecretKey = g.body(40, from: TestSecrets.base64)
            unknownKeyID = g.awsKeyID()
            unknownSecretKey = g.body(40, from: TestSecrets.base64)
            loneKeyID = g.awsKeyID()
            liveGitHub = g.githubPAT()
            deadGitHub = g.githubPAT()
            liveSlack =
                "xo" + "xb-" + g.body(12, from: Array("0123456789")) + "-" + g.body(12, from: Array("0123456789")) + "-" + g.body(24)
            deadSlack =
                "xo" + "xb-" + g.body(12, from: Array("0123456789")) + "-" + g.body(12, from: Array("0123456789")) + "-" + g.body(24)
            liveStripe = "sk" + "_test_" + g.body(32)
            deadOpenAI = "sk-" + "proj-" + g.body(48)
        }

        var fakeConfig: [String: Any] {
            [
                "sts": [liveKeyID: liveSecretKey], "github": [liveGitHub], "slack": [liveSlack], "stripe": [liveStripe],
                "openai": [String](),
            ]
        }
    }

    /// A repository holding every credential; the live GitHub token three times in two files.
    static func repository(_ c: Credentials) throws -> TestRepo {
        let repo = try TestRepo()
        try repo.write(
            "deploy/aws.ini",
            """
            [live]
            aws_access_key_id = \(c.liveKeyID)
            aws_secret_access_key = \(c.liveSecretKey)

            """)
        try repo.write(
            "deploy/old-aws.ini",
            """
            [revoked]
            aws_access_key_id = \(c.liveKeyID)
            aws_secret_access_key = \(c.deadSecretKey)

            [stranger]
            aws_access_key_id = \(c.unknownKeyID)
            aws_secret_access_key = \(c.unknownSecretKey)

            """)
        // The same live pair as an IAM console CSV: another rule, the same credential (no second request).
        try repo.write(
            "deploy/credentials.csv",
            "User name,Password,Access key ID,Secret access key,Console login link\nci-deployer,,\(c.liveKeyID),\(c.liveSecretKey),\n")
        try repo.write("notes/lone.txt", "billing key id \(c.loneKeyID) (secret kept elsewhere)\n")
        try repo.write("app/github.env", "GITHUB_TOKEN=\(c.liveGitHub)\nOLD_GITHUB_TOKEN=\(c.deadGitHub)\n")
        try repo.write(
            "ci/release.sh", "curl -H \"Authorization: token \(c.liveGitHub)\" https://api.github.invalid\n# again: \(c.liveGitHub)\n")
        try repo.write("app/slack.yml", "bot: \(c.liveSlack)\nold_bot: \(c.deadSlack)\n")
        try repo.write("app/pay.py", "stripe.api_key = \"\(c.liveStripe)\"\nOPENAI = \"\(c.deadOpenAI)\"\n")
        _ = try repo.commitAll()
        return repo
    }

    @Test func verifiesEachDistinctCredentialOnceAgainstLoopbackFakes() throws {
        let c = Credentials()
        let fakes = try Fakes(config: c.fakeConfig)
        let repo = try Self.repository(c)
        let r = try CLI.run(["scan", repo.path, "--format", "json", "--verify"] + fakes.endpointArgs)
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: r.stdoutData)
        func status(_ path: String, _ line: Int, _ rule: String) -> Verification? {
            report.findings.first { $0.path == path && $0.line == line && $0.rule_id == rule }?.verification
        }
        #expect(
            status("deploy/aws.ini", 3, "aws-credentials")
                == Verification(
                    status: "valid",
                    detail: "account 111122223333, arn arn:aws:iam::111122223333:user/ci-deployer, user id AIDAFAKEUSERID0000000"))
        #expect(status("deploy/credentials.csv", 2, "aws-access-key-pair") == status("deploy/aws.ini", 3, "aws-credentials"))
        #expect(status("deploy/old-aws.ini", 3, "aws-credentials")?.status == "invalid")
        #expect(status("deploy/old-aws.ini", 3, "aws-credentials")?.detail.hasSuffix("SignatureDoesNotMatch") == true)
        #expect(status("deploy/old-aws.ini", 7, "aws-credentials")?.detail.hasSuffix("InvalidClientTokenId") == true)
        #expect(status("notes/lone.txt", 1, "aws-access-key-id")?.status == "unsupported")
        #expect(status("notes/lone.txt", 1, "aws-access-key-id")?.detail.contains("secret access key was not found near it") == true)
        #expect(status("app/github.env", 1, "github-pat-classic") == Verification(status: "valid", detail: "login=fake-octocat, id=4242"))
        #expect(status("ci/release.sh", 1, "github-pat-classic")?.status == "valid")
        #expect(status("ci/release.sh", 2, "github-pat-classic")?.status == "valid")
        #expect(status("app/github.env", 2, "github-pat-classic")?.status == "invalid")
        #expect(
            status("app/slack.yml", 1, "slack-bot-token")
                == Verification(status: "valid", detail: "team=Fake Team, user=deploy-bot, url=https://fake.example/"))
        #expect(status("app/slack.yml", 2, "slack-bot-token")?.detail == "127.0.0.1 answered ok=false: invalid_auth")
        #expect(status("app/pay.py", 1, "stripe-test-key") == Verification(status: "valid", detail: "livemode=0"))
        #expect(status("app/pay.py", 2, "openai-project-api-key")?.status == "invalid")
        // No detail ever carries a secret.
        let all = [c.liveSecretKey, c.deadSecretKey, c.liveGitHub, c.liveSlack, c.liveStripe, c.deadOpenAI]
        #expect(!all.contains { r.stdout.contains($0) })

        // One request per distinct credential, read-only methods, SecretScan's user agent.
        let requests = fakes.requests
        var perCredential: [String: Int] = [:]
        for q in requests { perCredential["\(q.path) \(q.credential)", default: 0] += 1 }
        #expect(perCredential["/user \(try Self.sha256(c.liveGitHub))"] == 1)
        // The STS fake logs the key id: the live key id comes with two secrets (two credentials).
        #expect(perCredential["/ \(try Self.sha256(c.liveKeyID))"] == 2)
        #expect(perCredential.filter { !$0.key.hasPrefix("/ ") }.values.allSatisfy { $0 == 1 }, "\(perCredential)")
        // 3 STS (live pair, wrong secret, unknown key id), 2 GitHub, 2 Slack, 1 Stripe, 1 OpenAI.
        #expect(requests.count == 9)
        #expect(Set(requests.map(\.method)).isSubset(of: ["GET", "POST"]))
        #expect(requests.allSatisfy { $0.agent.hasPrefix("SecretScan/") })
    }

    @Test func onlyVerifiedKeepsTheLiveFindings() throws {
        let c = Credentials()
        let fakes = try Fakes(config: c.fakeConfig)
        let repo = try Self.repository(c)
        let r = try CLI.run(["scan", repo.path, "--format", "json", "--verify", "--only-verified"] + fakes.endpointArgs)
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: r.stdoutData)
        let kept = report.findings.map { "\($0.path):\($0.line) \($0.rule_id)" }.sorted()
        #expect(
            kept == [
                "app/github.env:1 github-pat-classic", "app/pay.py:1 stripe-test-key", "app/slack.yml:1 slack-bot-token",
                "ci/release.sh:1 github-pat-classic", "ci/release.sh:2 github-pat-classic", "deploy/aws.ini:3 aws-credentials",
                "deploy/credentials.csv:2 aws-access-key-pair",
            ])
        #expect(report.findings.allSatisfy { $0.verification?.status == "valid" })
        // Text output marks them live.
        let text = try CLI.run(["scan", repo.path, "--verify", "--only-verified"] + fakes.endpointArgs)
        #expect(text.stdout.contains("deploy/aws.ini:3:25  aws-credentials"))
        #expect(text.stdout.contains("✓ live (account 111122223333"))
    }

    @Test func historyAndStagedVerifyToo() throws {
        let c = Credentials()
        let fakes = try Fakes(config: c.fakeConfig)
        let repo = try TestRepo()
        try repo.write("a.env", "GITHUB_TOKEN=\(c.liveGitHub)\n")
        _ = try repo.commitAll()
        let history = try CLI.run(["history", repo.path, "--format", "json", "--verify"] + fakes.endpointArgs)
        let h = try JSONDecoder().decode(Report.self, from: history.stdoutData)
        #expect(h.findings.map(\.verification?.status) == ["valid"])
        try repo.write("b.env", "OLD_GITHUB_TOKEN=\(c.deadGitHub)\n")
        _ = try repo.git("add", "b.env")
        let staged = try CLI.run(["staged", repo.path, "--format", "json", "--verify"] + fakes.endpointArgs)
        let s = try JSONDecoder().decode(Report.self, from: staged.stdoutData)
        #expect(s.findings.map { "\($0.path) \($0.verification?.status ?? "-")" } == ["b.env invalid"])
        #expect(fakes.requests.count == 2)
    }

    @Test func unreachableProvidersAreErrorsAndTheScanStillReports() throws {
        let c = Credentials()
        // A loopback port nothing listens on: connection refused, as without a network.
        let closed = "http://127.0.0.1:9"
        let repo = try Self.repository(c)
        let args = ["aws-sts", "github", "slack", "stripe", "openai"].flatMap { ["--verify-endpoint", "\($0)=\(closed)"] }
        let r = try CLI.run(["scan", repo.path, "--format", "json", "--verify"] + args)
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: r.stdoutData)
        let github = report.findings.first { $0.rule_id == "github-pat-classic" }
        #expect(github?.verification?.status == "error")
        #expect(github?.verification?.detail == "network: no answer from 127.0.0.1: connection refused")
        #expect(report.findings.filter { $0.verification?.status == "error" }.count == 12)
    }

    @Test func endpointsAreCheckedBeforeAnythingIsSent() throws {
        let repo = try TestRepo()
        try repo.write("a.txt", "nothing\n")
        let plain = try CLI.run(["scan", repo.path, "--verify", "--verify-endpoint", "github=http://ghe.example.com/api/v3"])
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("uses plain http; that is allowed only for loopback addresses"))
        let unknown = try CLI.run(["scan", repo.path, "--verify", "--verify-endpoint", "gihtub=https://ghe.example.com/api/v3"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown verifier 'gihtub'"))
        let without = try CLI.run(["scan", repo.path, "--only-verified"])
        #expect(without.status == 2)
        #expect(without.stderr.contains("go with --verify"))
    }

    @Test func aScannedRepositorysOwnEndpointsAreNotTrusted() throws {
        let c = Credentials()
        let fakes = try Fakes(config: c.fakeConfig)
        let repo = try TestRepo()
        try repo.write("a.env", "GITHUB_TOKEN=\(c.liveGitHub)\nACME=acme_\(String(repeating: "k7", count: 12))\n")
        try repo.write(
            ".secretscan.toml",
            """
            [extend]
            useDefault = true

            [verify]
            endpoints = { github = "\(fakes.url)" }

            [[rules]]
            id = "acme-token"
            regex = '''\\b(acme_[a-z0-9]{24})\\b'''
            keywords = ["acme_"]
            verify = "acme"

            [[verifiers]]
            name = "acme"
            endpoint = "\(fakes.url)"
            path = "/acme"
            headers = { Authorization = "Bearer {secret}" }

            """)
        // Found by itself (auto-discovered), the file may not send credentials anywhere: its [verify]
        // endpoints are ignored (github goes to the endpoint given here, a closed port) and its own
        // verifier is refused.
        let found = try CLI.run(["scan", repo.path, "--format", "json", "--verify", "--verify-endpoint", "github=http://127.0.0.1:9"])
        #expect(found.status == 1, "\(found.stderr)")
        #expect(found.stderr.contains("[verify] endpoints in the scanned directory's .secretscan.toml are ignored"))
        let report = try JSONDecoder().decode(Report.self, from: found.stdoutData)
        #expect(report.findings.first { $0.rule_id == "github-pat-classic" }?.verification?.status == "error")
        let acme = report.findings.first { $0.rule_id == "acme-token" }?.verification
        #expect(acme?.status == "unsupported")
        #expect(acme?.detail.hasPrefix("verifier 'acme' is defined by ") == true)
        #expect(fakes.requests.isEmpty)
        // Named with --config, it is the user's own choice.
        let named = try CLI.run(
            ["scan", repo.path, "--format", "json", "--verify", "--config", repo.url.appendingPathComponent(".secretscan.toml").path])
        #expect(named.status == 1, "\(named.stderr)")
        let trusted = try JSONDecoder().decode(Report.self, from: named.stdoutData)
        #expect(trusted.findings.first { $0.rule_id == "github-pat-classic" }?.verification?.status == "valid")
        #expect(trusted.findings.first { $0.rule_id == "acme-token" }?.verification?.detail == "unexpected answer from 127.0.0.1: HTTP 404")
        #expect(Set(fakes.requests.map(\.path)) == ["/user", "/acme"])
    }

    static let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: strace != nil, "needs strace (apt-get install strace; CI installs it)"))
    func noSocketIsOpenedWithoutVerify() throws {
        let c = Credentials()
        let repo = try Self.repository(c)
        let trace = repo.url.appendingPathComponent("trace.txt")
        for command in [["scan", repo.path], ["history", repo.path], ["staged", repo.path]] {
            let r = try Run.process(Self.strace!, ["-f", "-e", "trace=connect,socket", "-o", trace.path, CLI.binary] + command)
            #expect(r.status == 1 || r.status == 0, "\(r.stderr)")
            let text = try String(contentsOf: trace, encoding: .utf8)
            #expect(!text.contains("AF_INET"), "\(command[0]) opened a network socket:\n\(text)")
            #expect(!text.contains("connect("), "\(command[0]) connected:\n\(text)")
        }
        // The same trace shows the connection when asked to verify (the check can fail).
        let fakes = try Fakes(config: c.fakeConfig)
        _ = try Run.process(
            Self.strace!, ["-f", "-e", "trace=connect", "-o", trace.path, CLI.binary, "scan", repo.path, "--verify"] + fakes.endpointArgs)
        #expect(try String(contentsOf: trace, encoding: .utf8).contains("sin_port=htons(\(fakes.port))"))
    }
}
