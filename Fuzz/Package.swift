// swift-tools-version:6.0
// libFuzzer targets over what reads outside input: the scenario loader, the capture reader and
// the engine protocol's messages (both sides).
// Built and run by scripts/fuzz (release, -sanitize=fuzzer,address); not part of `swift test`.
import PackageDescription

let package = Package(
    name: "replay-fuzz",
    dependencies: [.package(name: "replay", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzScenario",
            dependencies: [.product(name: "ReplayCore", package: "replay")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzEngine",
            dependencies: [.product(name: "ReplayCore", package: "replay")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "FuzzCapture",
            dependencies: [.product(name: "ReplayCore", package: "replay")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
