// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PDEKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PDEKit", targets: ["PDEKit"]),
        .executable(name: "poisson-1d", targets: ["Poisson1D"]),
        .executable(name: "bench", targets: ["Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, each wrapped exactly once.
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CCHOLMOD", path: "Sources/CCHOLMOD",
            providers: [.apt(["libsuitesparse-dev"])]),

        // Library modules, in dependency order.
        .target(name: "Autodiff", dependencies: ["CBLAS"]),
        .target(name: "NeuralNetworks", dependencies: ["Autodiff"]),
        .target(name: "PhysicsInformed", dependencies: ["Autodiff"]),
        .target(name: "Visualization"),
        .target(name: "SparseLinearAlgebra", dependencies: ["CBLAS", "CCHOLMOD"]),
        .target(
            name: "PDEKit",
            dependencies: ["Autodiff", "NeuralNetworks", "PhysicsInformed", "SparseLinearAlgebra", "Visualization"]),

        // Examples: one executable per PDE.
        .executableTarget(
            name: "Poisson1D",
            dependencies: ["PDEKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/Poisson1D"),

        // Benchmarks.
        .executableTarget(
            name: "Bench",
            dependencies: ["PDEKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/Bench"),

        // Tests.
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff"]),
        .testTarget(name: "NeuralNetworksTests", dependencies: ["NeuralNetworks"]),
        .testTarget(name: "PhysicsInformedTests", dependencies: ["PhysicsInformed", "Autodiff"]),
        .testTarget(name: "VisualizationTests", dependencies: ["Visualization"]),
        .testTarget(name: "CCHOLMODTests", dependencies: ["CCHOLMOD"]),
        .testTarget(name: "SparseLinearAlgebraTests", dependencies: ["SparseLinearAlgebra"]),
        .testTarget(name: "RegressionTests", dependencies: ["PDEKit"]),
    ]
)
