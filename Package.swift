// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "sitegen",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sitegen", targets: ["sitegen"]),
        .library(name: "SitegenKit", targets: ["SitegenKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        // libcmark, the CommonMark reference implementation, from the system.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // A per-thread bump allocator handed to libcmark: a document's nodes and
        // buffers are freed all at once instead of one by one.
        .target(name: "CCmarkArena", dependencies: ["CCmark"]),
        // Linux calls Swift cannot reach directly: renameat2(RENAME_EXCHANGE), which
        // swaps the staged site and the published one in one step, inotify, and
        // libcurl loaded on first use for `check --external` (dlopen: older glibc
        // keeps it in libdl).
        .target(name: "CSitegenSystem", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // Turns the top-level templates/ folder into Swift string literals at build
        // time, so the default theme ships inside the binary with one source of truth.
        .executableTarget(name: "ThemeEmbedder"),
        .plugin(
            name: "EmbedTheme",
            capability: .buildTool(),
            dependencies: ["ThemeEmbedder"]
        ),
        .target(
            name: "SitegenKit",
            dependencies: [
                "CCmark",
                "CCmarkArena",
                "CSitegenSystem",
                .product(name: "Yams", package: "Yams"),
            ],
            plugins: ["EmbedTheme"]
        ),
        // The preview server (`sitegen serve`): kept out of SitegenKit so the build
        // engine does not carry an HTTP stack.
        .target(
            name: "SitegenServe",
            dependencies: [
                "SitegenKit",
                "CSitegenSystem",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "sitegen",
            dependencies: [
                "SitegenKit",
                "SitegenServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SitegenKitTests", dependencies: ["SitegenKit"]),
        // The command line itself: `build`'s quick argument reader against ArgumentParser's.
        .testTarget(
            name: "SitegenCLITests",
            dependencies: ["sitegen", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "SitegenServeTests",
            dependencies: [
                "SitegenServe",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
