// swift-tools-version:6.0
// The fuzz targets: one libFuzzer executable whose target is chosen by SECRETSCAN_FUZZ_TARGET.
// Built only by scripts/fuzz, with `-sanitize=fuzzer,address`; never part of the main build.
import Foundation
import PackageDescription

// A path dependency is named after its folder, which is whatever the clone was called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "SecretScanFuzz",
    dependencies: [.package(path: root.path)],
    targets: [
        .executableTarget(
            name: "SecretScanFuzz",
            dependencies: [.product(name: "SecretScan", package: root.lastPathComponent)],
            path: "Sources/SecretScanFuzz"
        )
    ]
)
