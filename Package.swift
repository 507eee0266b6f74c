// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Svod",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "svod", targets: ["svod"]),
        .library(name: "SvodCore", targets: ["SvodModel", "SvodChecks", "SvodConsolidation", "SvodRun"]),
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
        // The domain, in four targets along the flow; each may use only the ones above it, so the
        // compiler rejects a cycle. (docs/architecture.md says why the cut is here.)
        // 1. What a region declares: configuration, roadmap, schedules, calendars, schema,
        //    reporters, and the text/file helpers every stage shares.
        .target(
            name: "SvodModel",
            dependencies: ["Spreadsheet", .product(name: "Yams", package: "Yams")]),
        // 2. One file against the model: reading a submission, the checks and their diagnostics,
        //    the annotated copy, the blank form.
        .target(
            name: "SvodChecks",
            dependencies: ["Spreadsheet", "SvodModel"]),
        // 3. Many checked files into the regional workbook and JSON.
        .target(
            name: "SvodConsolidation",
            dependencies: ["Spreadsheet", "SvodModel", "SvodChecks"]),
        // 4. The scheduled job: the ledger, the stages, the runner, the status.
        .target(
            name: "SvodRun",
            dependencies: [
                "Spreadsheet", "SvodModel", "SvodChecks", "SvodConsolidation",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "svod",
            dependencies: [
                "Spreadsheet", "SvodModel", "SvodChecks", "SvodConsolidation", "SvodRun",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(name: "svod-bench", dependencies: ["Spreadsheet", "SvodModel", "SvodChecks", "SvodConsolidation"],
                         path: "Sources/svod-bench"),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet"], exclude: ["Fixtures"]),
        // The domain's tests; `svod` is a dependency so the binary the tests run is always built.
        .testTarget(name: "SvodCoreTests", dependencies: [
            "SvodModel", "SvodChecks", "SvodConsolidation", "SvodRun", "svod",
            // The ledger tests read the SQLite file directly, as a damaged or older ledger is made.
            .product(name: "GRDB", package: "GRDB.swift"),
        ], exclude: ["Fixtures"]),
    ]
)
