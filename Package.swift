// swift-tools-version:6.1
// immunopipe: flow-cytometry and cytokine exports → validated, provenance-tracked HDF5 study stores,
// change-from-baseline reports, and cluster reprocessing.
//
// One target per layer; dependencies point one way only:
//   CHDF5 → HDF5 → Store → Ingest / Analysis → Report → Server (web portal) → immunopipe (CLI)
//   Domain (immunology vocabulary) is used by Readers and everything above the binding.
//   Portal (the portal's HTML pages) knows Domain and Report's text escaping; Server puts it on HTTP.
//   Readers (instrument file formats) know nothing of HDF5 or the store.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]
/// The streaming hot path (one call per value on the writer and parse threads): release builds
/// skip the runtime exclusivity checks on class properties, which cost ~5 % of ingest time.
/// Debug builds (and so `make test`) keep them.
let hotPath: [SwiftSetting] = strict + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "immunopipe",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "immunopipe", targets: ["immunopipe"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The web portal (issue 13). No swift-configuration: the CLI parses its own options.
        .package(
            url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1",
            traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        // Layer 1: the C library and its safe Swift binding. No immunology here.
        .systemLibrary(
            name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev", "libdeflate-dev"])]),
        .systemLibrary(
            name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .target(name: "HDF5", dependencies: ["CHDF5"], swiftSettings: strict),

        // Plain POSIX file reading shared by the readers and the store (no immunology, no HDF5).
        .target(name: "FileIO", swiftSettings: strict),

        // Numerical building blocks shared by every layer that computes (distribution functions,
        // quantiles, the logistic curve model): one implementation each, no immunology.
        .target(name: "Numerical", swiftSettings: strict),

        // Layer 2: the immunology vocabulary (populations, cytokines, statistics, qualifiers).
        .target(name: "Domain", swiftSettings: strict),
        // The YAML schema checker every configuration file goes through (panels, linkage rules,
        // study definitions): errors with file, line, column and key path. The only user of Yams.
        .target(name: "YAMLSchema", dependencies: ["Domain", "Yams"], swiftSettings: strict),

        // Layer 3: the study store (segments, catalog, raw archive, generations, export).
        .target(
            name: "Store",
            dependencies: [
                "HDF5", "Domain", "CCrypto", "FileIO",
                .product(name: "GRDB", package: "GRDB.swift"),
            ], swiftSettings: hotPath),

        // Legacy Excel (.xls): our own OLE2 compound file + BIFF reader, since Debian has no C
        // library for it. Knows nothing of instruments; Foundation only; fuzzed.
        .target(name: "LegacyExcel", swiftSettings: strict),

        // Layer 4a: instrument file readers. Streaming, format-only, no HDF5, no store.
        .target(
            name: "Readers",
            dependencies: [
                "Domain", "FileIO", "LegacyExcel", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ], swiftSettings: hotPath),
        // Layer 4b: the ingest pipeline: panels, linkage, validation, Dispatch stages, one writer.
        .target(
            name: "Ingest", dependencies: ["Readers", "Store", "Domain", "Numerical", "YAMLSchema"],
            swiftSettings: hotPath),
        // Layer 4c: studies, windows, baseline, change, clinical response, statistics.
        .target(name: "Analysis", dependencies: ["Store", "Domain", "Numerical", "FileIO", "YAMLSchema"], swiftSettings: strict),

        // Deterministic, seeded generator of realistic exports (FlowJo, xPONENT, clinical data,
        // manifests) for the seeded trials' sample data and for benchmarks. Writes files only.
        .target(name: "Synth", dependencies: ["Domain", "Numerical"], swiftSettings: strict),

        // Layer 5: CSV / HTML / SVG report writers.
        .target(name: "Report", dependencies: ["Analysis", "Store", "Domain", "Numerical", "FileIO", "Readers"], swiftSettings: strict),

        // Layer 6a: the portal's HTML pages, pure functions of data (no HTTP, no Hummingbird).
        .target(name: "Portal", dependencies: ["Domain", "Report"], swiftSettings: strict),
        // Layer 6b: the web server: routes, accounts, sessions, uploads; calls Ingest and Report.
        .target(
            name: "Server",
            dependencies: [
                "Portal", "Ingest", "Analysis", "Report", "Store", "Domain", "FileIO",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ], swiftSettings: strict),

        // Layer 7: the command-line interface.
        .executableTarget(
            name: "immunopipe",
            dependencies: [
                "Ingest", "Analysis", "Report", "Store", "Domain", "Readers", "Synth", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ], swiftSettings: strict),

        // Test support shared by the test targets: package paths and the shared corpus locator.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),

        .testTarget(name: "HDF5Tests", dependencies: ["HDF5"], swiftSettings: strict),
        .testTarget(name: "NumericalTests", dependencies: ["Numerical", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "HDF5", "Domain"], swiftSettings: strict),
        .testTarget(name: "LegacyExcelTests", dependencies: ["LegacyExcel", "TestSupport"], swiftSettings: strict),
        // Fixtures are read in the source tree (GoldenFixtureTests rewrites their expected outputs there).
        .testTarget(
            name: "ReadersTests", dependencies: ["Readers", "Domain", "LegacyExcel", "TestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "IngestTests", dependencies: ["Ingest", "Readers", "Store", "Domain", "Numerical", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "AnalysisTests", dependencies: ["Analysis", "Domain", "Numerical", "Store", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ReportTests",
            dependencies: [
                "Report", "Analysis", "Domain", "Ingest", "Readers", "Store", "Numerical",
                "TestSupport",
            ],
            swiftSettings: strict),
        .testTarget(name: "SynthTests", dependencies: ["Synth", "Readers", "Domain", "Numerical", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PortalTests", dependencies: ["Portal", "Domain"], swiftSettings: strict),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Portal", "Store", "Domain", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["Store", "HDF5", "Domain", "TestSupport"], swiftSettings: strict),
    ]
)
