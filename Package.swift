// swift-tools-version:6.1
// Kakehashi: mixed English / Japanese / romanized-Korean news articles in, a translation memory out.
// `ls Sources` shows the pipeline, one module per stage, data flowing one way:
//   CICU (C/C++ bridge to system ICU 72) → ICUKit (Swift API over it) → KakehashiText (read, normalize,
//   segment) → KakehashiHTML (HTML pages read into the same article model, through CHTML, a C bridge to
//   libxml2's HTML parser) → KakehashiLexicon (dictionaries, anchors) → KakehashiAlign (pairing, sentence alignment)
//   → KakehashiMemory (store, lookup, TMX; SQLite) → KakehashiPostgres (the same memory in PostgreSQL)
//   → KakehashiPipeline (corpus reading, ingest, lookup with phrases)
//   → kakehashi (the thin CLI) and KakehashiServer (the thin HTTP server).
import PackageDescription

// The upcoming features Hummingbird turns on in its own manifest: imports are internal unless
// said otherwise, members come only from modules this file imports, and existentials say `any`.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Kakehashi",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kakehashi", targets: ["kakehashi"]),
        .library(name: "KakehashiText", targets: ["KakehashiText"]),
        .library(name: "KakehashiHTML", targets: ["KakehashiHTML"]),
        .library(name: "ICUKit", targets: ["ICUKit"]),
        .library(name: "KakehashiLexicon", targets: ["KakehashiLexicon"]),
        .library(name: "KakehashiAlign", targets: ["KakehashiAlign"]),
        .library(name: "KakehashiMemory", targets: ["KakehashiMemory"]),
        .library(name: "KakehashiSQLite", targets: ["KakehashiSQLite"]),
        .library(name: "KakehashiPostgres", targets: ["KakehashiPostgres"]),
        .library(name: "KakehashiPipeline", targets: ["KakehashiPipeline"]),
        .library(name: "KakehashiServer", targets: ["KakehashiServer"]),
    ],
    // PostgreSQL memories (`--memory postgres://…`) are a trait, off by default, so that the main
    // job's build compiles neither postgres-nio nor the TLS stack under it: build with
    // `--traits PostgreSQL` to open shared memories; the tests turn it on (`.ci/run`).
    traits: [
        .trait(name: "PostgreSQL", description: "Shared translation memories in PostgreSQL, through postgres-nio."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    ],
    targets: [
        // The only target that includes ICU headers; its public header (include/cicu.h) does not,
        // so Foundation's own ICU module never meets the system one (see README, "ICU wiring").
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        .target(name: "ICUKit", dependencies: ["CICU"]),
        .target(name: "KakehashiText", dependencies: ["ICUKit"]),
        // libxml2 (Debian's libxml2-dev, found through pkg-config), seen only by the CHTML bridge.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // The only target that includes libxml2 headers; its public header (include/chtml.h) does not.
        .target(name: "CHTML", dependencies: ["CLibXML2"]),
        // HTML news pages: charset, main content, metadata, language blocks (the article model of KakehashiText).
        .target(name: "KakehashiHTML", dependencies: ["CHTML", "KakehashiText"]),
        // The bilingual lexicon and cross-lingual anchors (numbers, dates, names, terms).
        .target(name: "KakehashiLexicon", dependencies: ["KakehashiText", "ICUKit"]),
        // Sentence alignment of English and Japanese documents (anchors + length prior).
        .target(name: "KakehashiAlign", dependencies: ["KakehashiLexicon", "KakehashiText"]),
        // The translation memory: SQLite through GRDB, lookup, TMX 1.4b reading and writing.
        .target(name: "KakehashiMemory", dependencies: ["KakehashiText", "ICUKit", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]),
        .target(name: "KakehashiSQLite", dependencies: ["KakehashiMemory", "KakehashiText", .product(name: "GRDB", package: "GRDB.swift"),
                                                     .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        // The same memory in PostgreSQL, for teams (postgres-nio, through a pool of connections).
        .target(name: "KakehashiPostgres", dependencies: ["KakehashiMemory",
                                                          .product(name: "PostgresNIO", package: "postgres-nio"),
                                                          .product(name: "NIOCore", package: "swift-nio"),
                                                          .product(name: "NIOPosix", package: "swift-nio"),
                                                          .product(name: "NIOSSL", package: "swift-nio-ssl"),
                                                          .product(name: "Logging", package: "swift-log")]),
        // The pipeline as a library, for the CLI and the server: corpus reading, ingest, lookup with
        // counterpart phrases. Values in, values out, no printing.
        .target(name: "KakehashiPipeline", dependencies: ["KakehashiText", "KakehashiHTML", "KakehashiLexicon", "KakehashiAlign",
                                                          "KakehashiMemory", "KakehashiSQLite",
                                                          .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                                          .target(name: "KakehashiPostgres", condition: .when(traits: ["PostgreSQL"]))]),
        // The memory over HTTP (Hummingbird 2): JSON API, amaGama, TMX feed, concordance page.
        // A thin layer over the pipeline library, as the CLI is.
        .target(name: "KakehashiServer", dependencies: ["KakehashiPipeline", "KakehashiMemory", "KakehashiLexicon", "KakehashiText",
                                                        .product(name: "Hummingbird", package: "hummingbird"),
                                                        .product(name: "HummingbirdCore", package: "hummingbird"),
                                                        .product(name: "HTTPTypes", package: "swift-http-types"),
                                                        .product(name: "NIOCore", package: "swift-nio"),
                                                        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                                                        .product(name: "Logging", package: "swift-log"),
                                                        .product(name: "Prometheus", package: "swift-prometheus")],
                resources: [.copy("Page")]),
        // Benchmarks and evaluation runners behind `kakehashi bench` and `kakehashi eval`; not part
        // of the libraries' API. Reads the data in Evaluation/.
        .target(name: "KakehashiBench", dependencies: ["ICUKit", "KakehashiText", "KakehashiHTML", "KakehashiLexicon", "KakehashiAlign",
                                                       "KakehashiMemory", "KakehashiSQLite", "KakehashiPipeline"]),
        .executableTarget(
            name: "kakehashi",
            dependencies: ["KakehashiText", "KakehashiLexicon", "KakehashiAlign", "KakehashiMemory", "KakehashiPipeline", "KakehashiBench",
                           "KakehashiServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // Coverage-guided fuzz target for reading + segmenting; built only by `.ci/fuzz` with
        // -sanitize=fuzzer. In an ordinary build it is a replay tool: `kakehashi-fuzz FILE...`.
        .executableTarget(name: "kakehashi-fuzz", dependencies: ["KakehashiText"], path: "Fuzz/ReadSegment"),
        // Fuzz target for the TMX reader (same arrangement: `.ci/fuzz tmx`).
        .executableTarget(name: "kakehashi-fuzz-tmx", dependencies: ["KakehashiMemory"], path: "Fuzz/TMXReader"),
        // Fuzz target for HTML reading and extraction (`.ci/fuzz html`).
        .executableTarget(name: "kakehashi-fuzz-html", dependencies: ["KakehashiHTML"], path: "Fuzz/HTMLReader"),
        .testTarget(name: "ICUKitTests", dependencies: ["ICUKit"]),
        .testTarget(name: "KakehashiTextTests", dependencies: ["KakehashiText"], resources: [.copy("Fixtures")]),
        .testTarget(name: "KakehashiHTMLTests", dependencies: ["KakehashiHTML"], resources: [.copy("Fixtures")]),
        .testTarget(name: "KakehashiLexiconTests", dependencies: ["KakehashiLexicon"]),
        .testTarget(name: "KakehashiAlignTests", dependencies: ["KakehashiAlign", "KakehashiLexicon"]),
        .testTarget(name: "KakehashiMemoryTests", dependencies: ["KakehashiMemory", "KakehashiSQLite", "KakehashiText", "KakehashiTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "KakehashiPipelineTests", dependencies: ["KakehashiPipeline", "KakehashiHTML",
                                                               .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "KakehashiPostgresTests", dependencies: [.target(name: "KakehashiPostgres", condition: .when(traits: ["PostgreSQL"])),
                                                             "KakehashiMemory", "KakehashiSQLite", "KakehashiPipeline", "KakehashiBench",
                                                             "KakehashiLexicon", "kakehashi", "KakehashiTestSupport"]),
        .testTarget(name: "KakehashiBenchTests", dependencies: ["KakehashiBench", "KakehashiLexicon"]),
        .testTarget(name: "KakehashiServerTests", dependencies: ["KakehashiServer", "KakehashiMemory", "KakehashiSQLite",
                                                              "KakehashiTestSupport",
                                                              .product(name: "HTTPTypes", package: "swift-http-types"),
                                                              .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "KakehashiCLITests", dependencies: ["kakehashi", "KakehashiTestSupport"], exclude: ["Peers"]),
        // Helpers every test target that runs the command line shares.
        .target(name: "KakehashiTestSupport", path: "Tests/KakehashiTestSupport"),
    ],
    cxxLanguageStandard: .cxx17
)

for target in package.targets where target.type != .system && !["CICU", "CHTML"].contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSettings
}
