// swift-tools-version:6.0
// libFuzzer targets for sitegen (issue 6). A package of its own, so the main
// package's manifest stays free of sanitizer flags. Build and run with
// `make fuzz` from the repository root (see docs/RELIABILITY.md), or by hand:
//   swift build -c release --scratch-path ../.build-fuzz -Xswiftc -enable-testing \
//     -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address
//   ../.build-fuzz/release/FuzzSlugger corpus-copy/ -max_total_time=600
import Foundation
import PackageDescription

/// The main package's identity is the name of its folder (a path dependency).
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let fuzzers = ["FuzzFrontMatter", "FuzzSlugger", "FuzzDate", "FuzzMarkdown", "FuzzTemplate"]

let package = Package(
    name: "sitegen-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [.target(name: "CFuzzerDriver"), .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"])]
        + fuzzers.map { name in
            .executableTarget(name: name, dependencies: ["FuzzSupport", .product(name: "SitegenKit", package: mainPackage)])
        },
    swiftLanguageModes: [.v6]
)
