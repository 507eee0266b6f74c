// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Svod",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "svod", targets: ["svod"]),
        .library(name: "SvodCore", targets: ["SvodCore"]),
        .library(name: "Spreadsheet", targets: ["Spreadsheet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        // Debian's libxlsxwriter-dev and libzip-dev, found through pkg-config.
        .systemLibrary(
            name: "CXlsxWriter", pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(
            name: "CZip", pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]),
        // Format I/O with no domain words: the only target that imports the C modules.
        .target(
            name: "Spreadsheet",
            dependencies: ["CXlsxWriter", "CZip"]),
        // The domain: roadmaps, schedules, submissions, validation, consolidation.
        .target(
            name: "SvodCore",
            dependencies: [
                "Spreadsheet",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "svod",
            dependencies: [
                "SvodCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(name: "svod-bench", dependencies: ["Spreadsheet", "SvodCore"], path: "Sources/svod-bench"),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet"], exclude: ["Fixtures"]),
        .testTarget(name: "SvodCoreTests", dependencies: ["SvodCore"]),
    ]
)
