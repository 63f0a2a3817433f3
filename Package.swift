// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SecretScan",
    products: [
        .executable(name: "secretscan", targets: ["secretscan"]),
        .library(name: "SecretScan", targets: ["SecretScan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // Opt-in live verification (`--verify`) only: an HTTPS client.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // C libraries from Debian's libpcre2-dev and libgit2-dev (which brings zlib1g-dev: history
        // scans read pack files themselves).
        .systemLibrary(name: "CPCRE2", path: "Sources/CPCRE2", pkgConfig: "libpcre2-8",
                       providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CGit2", path: "Sources/CGit2", pkgConfig: "libgit2",
                       providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),

        // Build-time embedding of rules/*.toml into the core library.
        .executableTarget(name: "EmbedRulesTool", path: "Sources/EmbedRulesTool"),
        .plugin(name: "EmbedRulesPlugin", capability: .buildTool(),
                dependencies: ["EmbedRulesTool"], path: "Sources/EmbedRulesPlugin"),

        // Core: sources of content -> matching engine -> findings. Never prints, never exits.
        .target(
            name: "SecretScan",
            dependencies: ["CPCRE2", "CGit2", "CZlib", .product(name: "TOMLKit", package: "TOMLKit"), .product(name: "Yams", package: "Yams")],
            path: "Sources/SecretScan",
            plugins: [.plugin(name: "EmbedRulesPlugin")]
        ),
        // Live verification over HTTPS: the verifiers the rules describe, AWS SigV4 (on the core's SHA-256). Only the CLI links
        // it, and it opens no socket unless asked to verify.
        .target(
            name: "SecretScanVerify",
            dependencies: [
                "SecretScan", .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Sources/SecretScanVerify"
        ),
        // Thin CLI.
        .executableTarget(
            name: "secretscan",
            dependencies: ["SecretScan", "SecretScanVerify", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/secretscan"
        ),

        // Tests: fake secrets are generated at run time by TestSupport, never written as literals.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SecretScanTests", dependencies: ["SecretScan", "TestSupport"], path: "Tests/SecretScanTests"),
        // End-to-end: runs the built `secretscan` binary on real temporary git repositories.
        .testTarget(name: "secretscanTests", dependencies: ["secretscan", "TestSupport"], path: "Tests/secretscanTests"),
        .testTarget(
            name: "SecretScanVerifyTests", dependencies: ["SecretScanVerify", "SecretScan", "TestSupport"],
            path: "Tests/SecretScanVerifyTests"),
    ]
)
