// swift-tools-version: 6.1
// gdpfit: fits constant-growth, exponential and hyperbolic models to long-run population and GDP
// series and compares them, to test the Hyperbolic Growth Hypothesis.
//
// Dependencies point one way: gdpfit -> GrowthModels -> Fitting -> _GSLShims / _LAPACKEShims.
// The command line alone also imports _RSVGShims, to render its SVG figures as PNG and PDF.
// Every target declares each module it imports (a target may not lean on a module that only
// reaches it through another target's dependencies).
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
        // INTERNAL C shims (the leading underscore, as swift-numerics' `_NumericsShims`): a module map
        // and a header each, nothing else. Only Fitting imports them; no product exports them.
        .systemLibrary(
            name: "_GSLShims",
            path: "Sources/_GSLShims",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .systemLibrary(
            name: "_LAPACKEShims",
            path: "Sources/_LAPACKEShims",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]
        ),
        // librsvg (SVG parsing and drawing) with cairo (PNG and PDF surfaces), for `gdpfit plot
        // --out fig.png|fig.pdf`. Only the command line imports it: rendering a figure is its job, and
        // no numerical target links a graphics library. librsvg-2.0's pkg-config entry brings
        // cairo's flags with its own.
        .systemLibrary(
            name: "_RSVGShims",
            path: "Sources/_RSVGShims",
            pkgConfig: "librsvg-2.0",
            providers: [.apt(["librsvg2-dev", "libcairo2-dev"])]
        ),
        // Generic numerics: least squares, likelihoods, information criteria, tests, bootstrap,
        // formula models. Never mentions years, population or GDP.
        .target(
            name: "Fitting",
            dependencies: ["_GSLShims", "_LAPACKEShims"],
            exclude: ["README.md"]
        ),
        // The domain: series, datasets, growth models, eras, breaks and the hypothesis test.
        .target(
            name: "GrowthModels",
            dependencies: ["Fitting"],
            exclude: ["README.md"]
        ),
        // The command line: parsing and rendering only (figures as SVG, and as PNG and PDF through
        // _RSVGShims).
        .executableTarget(
            name: "gdpfit",
            dependencies: [
                "GrowthModels", "Fitting", "_RSVGShims",
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
                "GrowthModels", "Fitting", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["reference"]
        ),
        .testTarget(
            name: "gdpfitTests",
            dependencies: ["gdpfit", "GrowthModels", "Fitting", "TestSupport"],
            exclude: ["reference"]
        ),
    ]
)
