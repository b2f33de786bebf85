// swift-tools-version: 6.1
// gdpfit: fits constant-growth, exponential and hyperbolic models to long-run population and GDP
// series and compares them, to test the Hyperbolic Growth Hypothesis.
//
// Dependencies point one way: gdpfit -> GrowthModels -> Fitting -> CGSL / CLAPACKE.
import PackageDescription

let package = Package(
    name: "gdpfit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gdpfit", targets: ["gdpfit"]),
        .executable(name: "gdpfit-bench", targets: ["gdpfit-bench"]),
        .library(name: "Fitting", targets: ["Fitting"]),
        .library(name: "GrowthModels", targets: ["GrowthModels"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        // Thin C shims: a module map and a header each, nothing else.
        .systemLibrary(
            name: "CGSL",
            path: "Sources/CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .systemLibrary(
            name: "CLAPACKE",
            path: "Sources/CLAPACKE",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]
        ),
        // Generic numerics: least squares, likelihoods, information criteria, tests, bootstrap,
        // formula models. Never mentions years, population or GDP.
        .target(
            name: "Fitting",
            dependencies: ["CGSL", "CLAPACKE"],
            exclude: ["README.md"]
        ),
        // The domain: series, datasets, growth models, eras, breaks and the hypothesis test.
        .target(
            name: "GrowthModels",
            dependencies: ["Fitting"],
            exclude: ["README.md"]
        ),
        // The command line: parsing and rendering only.
        .executableTarget(
            name: "gdpfit",
            dependencies: [
                "GrowthModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"]
        ),
        // The benchmark of issue 5 (scripts/bench.sh runs it beside scipy and lmfit).
        .executableTarget(
            name: "gdpfit-bench",
            dependencies: ["GrowthModels", "Fitting"]
        ),
        // Shared test helpers (locating ../shared, the NIST StRD reader, tolerance helpers).
        .target(
            name: "TestSupport",
            dependencies: ["Fitting"],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "FittingTests",
            dependencies: [
                "Fitting", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["reference"]
        ),
        .testTarget(
            name: "GrowthModelsTests",
            dependencies: [
                "GrowthModels", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["reference"]
        ),
        .testTarget(
            name: "gdpfitTests",
            dependencies: ["gdpfit", "GrowthModels", "TestSupport"],
            exclude: ["reference"]
        ),
    ]
)
