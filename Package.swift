// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "replay",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "replay", targets: ["replay"]),
        .executable(name: "replay-bench", targets: ["ReplayBench"]),
        // For Fuzz/ (libFuzzer targets in their own package): the libraries that read outside input.
        .library(
            name: "ReplayCore",
            targets: ["CanonicalJSON", "Scenarios", "EventLog", "Projections", "StressRunner", "Replayer"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // CSV for `scenario import --csv` (quoted fields, embedded newlines, a BOM, `;`): docs/decisions.md.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2")
    ],
    targets: [
        // MARK: System library
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        // MARK: Core (dependencies point one way: Allocation <- Projections <- StressRunner <- Replayer)
        // SIGINT/SIGTERM's flag (read by the searches and the runner), spawning, the subreaper.
        .target(name: "CProcessControl"),
        // Starting a child (engines, a sweep's runs, the solver, the bench's children), its signals and exit.
        .target(name: "ChildProcesses", dependencies: ["CProcessControl"]),
        .target(name: "Allocation", dependencies: ["CProcessControl"]),
        .target(name: "CanonicalJSON"),
        .target(name: "Scenarios", dependencies: ["Allocation", "CanonicalJSON"]),
        .target(name: "CSHA256"),
        .target(name: "EventLog", dependencies: ["CSQLite", "CSHA256", "CanonicalJSON", "CProcessControl"]),
        .target(name: "Projections", dependencies: ["Allocation", "CanonicalJSON", "EventLog"]),
        .target(
            name: "StressRunner",
            dependencies: ["Allocation", "Scenarios", "EventLog", "Projections", "CProcessControl", "ChildProcesses"]),
        .target(
            name: "Replayer", dependencies: ["Allocation", "CanonicalJSON", "EventLog", "Projections", "StressRunner"]),
        .target(name: "Reports", dependencies: ["Allocation", "CanonicalJSON", "EventLog", "Projections", "Replayer"]),
        .target(name: "Optimum", dependencies: ["Allocation", "Projections", "ChildProcesses"]),
        // A day from the booking database (PostgreSQL) or from CSV files, as a scenario.
        .target(
            name: "DayImport",
            dependencies: [
                "Allocation", "Scenarios", "CanonicalJSON", "EventLog", "CLibPQ",
                .product(name: "CSV", package: "CSV.swift")
            ]),

        // MARK: CLI
        // What every command shares: exit codes and one-line failures, the terminal, output files,
        // opening a capture, the build's identity, CI output, the optimum for the reports.
        .target(
            name: "CommandSupport",
            dependencies: [
                "CanonicalJSON", "EventLog", "Projections", "StressRunner", "Replayer", "Reports", "Optimum"
            ]),
        // Sweeps and shrinks: the grid, its runs and database, the shards, the report; delta
        // debugging and the properties a shrink keeps. Tested in process (SweepsTests).
        .target(
            name: "Sweeps",
            dependencies: [
                "Allocation", "Scenarios", "EventLog", "Projections", "StressRunner", "Replayer", "Reports",
                "CanonicalJSON", "Optimum", "ChildProcesses", "CommandSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]),
        // The command line itself: parsing, and each command calling the libraries.
        .executableTarget(
            name: "replay",
            dependencies: [
                "Allocation", "Scenarios", "EventLog", "Projections", "StressRunner", "Replayer", "Reports",
                "CanonicalJSON", "Optimum", "DayImport", "ChildProcesses", "CommandSupport", "Sweeps",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]
        ),

        // MARK: Benchmark (scripts/bench)
        .executableTarget(
            name: "ReplayBench",
            dependencies: [
                "Allocation", "ChildProcesses", "CSQLite", "DayImport", "EventLog", "Optimum", "Projections",
                "Replayer", "Scenarios", "StressRunner"
            ]
        ),

        // MARK: Tests
        .testTarget(name: "AllocationTests", dependencies: ["Allocation"]),
        .testTarget(name: "ChildProcessesTests", dependencies: ["ChildProcesses"]),
        .testTarget(name: "CanonicalJSONTests", dependencies: ["CanonicalJSON"]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "Allocation"]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog"]),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: ["Projections", "Allocation", "CanonicalJSON", "EventLog", "StressRunner", "Scenarios"]),
        .testTarget(
            name: "StressRunnerTests",
            dependencies: ["StressRunner", "Scenarios", "Projections", "EventLog", "Allocation"]),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "Reports", "CanonicalJSON", "Replayer", "StressRunner", "Scenarios", "EventLog", "Projections",
                "Allocation"
            ]),
        .testTarget(
            name: "ReplayerTests",
            dependencies: [
                "Allocation", "CanonicalJSON", "Replayer", "Reports", "StressRunner", "Scenarios", "EventLog",
                "Projections"
            ], exclude: ["Fixtures"]),
        .testTarget(name: "DayImportTests", dependencies: ["DayImport", "Scenarios", "Allocation"]),
        .testTarget(name: "SweepsTests", dependencies: ["Sweeps", "Scenarios", "StressRunner"]),
        .testTarget(
            name: "OptimumTests",
            dependencies: ["Optimum", "Projections", "Allocation", "StressRunner", "Scenarios", "EventLog"]),
        .testTarget(
            name: "CLITests", dependencies: ["EventLog", "Projections", "CanonicalJSON"],
            exclude: ["Engines", "Solvers", "Import"])
    ]
)
