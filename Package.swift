// swift-tools-version:6.0
import PackageDescription

/// Example executables: product name and folder under Examples/.
let examples: [(product: String, folder: String)] = [
    ("poisson-1d", "Poisson1D"),
    ("poisson-2d", "Poisson2D"),
    ("diffusion-1d", "Diffusion1D"),
    ("burgers", "Burgers"),
    ("helmholtz-2d", "Helmholtz2D"),
    ("wave-1d", "Wave1D"),
    ("kovasznay", "Kovasznay"),
    ("quantum-well", "QuantumWell"),
    ("inverse-diffusion", "InverseDiffusion"),
    ("poisson-fem", "PoissonFEM"),
    ("poisson-3d-fem", "Poisson3DFEM"),
    ("elasticity-fem", "ElasticityFEM"),
    ("heat-fem", "HeatFEM"),
    ("inverse-conductivity", "InverseConductivity"),
    ("fem-vs-pinn", "FEMvsPINN"),
    ("dcdm", "DCDM"),
    ("allen-cahn", "AllenCahn"),
    ("lorenz", "Lorenz"),
    ("kuramoto-sivashinsky", "KuramotoSivashinsky"),
    ("convection", "Convection"),
    ("convection-diffusion", "ConvectionDiffusion"),
    ("burgers-lagrangian", "BurgersLagrangian"),
    ("mpm", "MPM"),
    ("nclaw", "NCLaw"),
]

/// Swift code is compiled for the processor of the machine that builds it (AVX2 or AVX-512 and FMA
/// on current x86-64 servers, instead of the baseline's SSE2), which speeds up the SIMD kernels (Taylor
/// jets, activations, MPM transfers). `PDEKIT_PORTABLE=1 swift build` builds for the generic target
/// instead, for binaries that must run on other machines and for valgrind (callgrind stops with an
/// illegal instruction on AVX-512 code).
let processorSettings: [SwiftSetting] = Context.environment["PDEKIT_PORTABLE"] == "1"
    ? [] : [.unsafeFlags(["-target-cpu", "native"])]

let package = Package(
    name: "PDEKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PDEKit", targets: ["PDEKit"]),
        .executable(name: "bench", targets: ["Bench"]),
        .executable(name: "make-reference", targets: ["MakeReference"]),
    ] + examples.map { .executable(name: $0.product, targets: [$0.folder]) },
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
        .target(name: "SystemResources", dependencies: ["CBLAS"]),
        .target(name: "Autodiff", dependencies: ["CBLAS", "SystemResources"]),
        .target(name: "NeuralNetworks", dependencies: ["Autodiff"]),
        .target(name: "PhysicsInformed", dependencies: ["Autodiff", "NeuralNetworks"]),
        .target(name: "Visualization"),
        .target(name: "SparseLinearAlgebra", dependencies: ["CBLAS", "CCHOLMOD", "SystemResources"]),
        .target(name: "Meshes"),
        .target(name: "FiniteElements", dependencies: ["Meshes", "SparseLinearAlgebra", "Autodiff"]),
        .target(name: "LearnedSolvers", dependencies: ["Autodiff", "NeuralNetworks", "SparseLinearAlgebra"]),
        .target(name: "ReferenceSolvers"),
        .target(name: "MaterialPoint", dependencies: ["Autodiff", "NeuralNetworks"],
                // The kernels write disjoint memory through unsafe buffers; skip the dynamic exclusivity checks.
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(
            name: "PDEKit",
            dependencies: [
                "Autodiff", "NeuralNetworks", "PhysicsInformed", "SparseLinearAlgebra", "Meshes", "FiniteElements",
                "LearnedSolvers", "Visualization", "ReferenceSolvers", "MaterialPoint",
            ]),

        // Examples: one executable per PDE, sharing the gallery definitions and the output writer.
        .target(
            name: "ExampleSupport",
            dependencies: ["PDEKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/Support"),
    ] + examples.map { name, folder in
        .executableTarget(
            name: folder,
            dependencies: ["ExampleSupport", "PDEKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/\(folder)")
    } + [

        // Generators of the reference data in Data/.
        .executableTarget(
            name: "MakeReference",
            dependencies: ["PDEKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Scripts/MakeReference"),

        // Benchmarks.
        .executableTarget(
            name: "Bench",
            dependencies: ["PDEKit", "ExampleSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/Bench"),

        // Tests.
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff"]),
        .testTarget(name: "NeuralNetworksTests", dependencies: ["NeuralNetworks", "SparseLinearAlgebra"]),
        .testTarget(name: "PhysicsInformedTests", dependencies: ["PhysicsInformed", "Autodiff", "NeuralNetworks"]),
        .testTarget(name: "VisualizationTests", dependencies: ["Visualization"]),
        .testTarget(name: "CCHOLMODTests", dependencies: ["CCHOLMOD"]),
        .testTarget(name: "SystemResourcesTests", dependencies: ["SystemResources", "CBLAS"]),
        .testTarget(name: "SparseLinearAlgebraTests", dependencies: ["SparseLinearAlgebra"]),
        .testTarget(name: "MeshesTests", dependencies: ["Meshes"]),
        .testTarget(name: "FiniteElementsTests", dependencies: ["FiniteElements", "Meshes", "SparseLinearAlgebra", "Autodiff"]),
        .testTarget(name: "ReferenceSolversTests", dependencies: ["ReferenceSolvers"]),
        .testTarget(name: "LearnedSolversTests", dependencies: ["LearnedSolvers", "NeuralNetworks", "SparseLinearAlgebra", "Autodiff"]),
        .testTarget(name: "MaterialPointTests", dependencies: ["MaterialPoint", "Autodiff", "NeuralNetworks"]),
        .testTarget(name: "RegressionTests", dependencies: ["PDEKit", "ExampleSupport"]),
    ]
)

// Every Swift target of the package is built for the processor (see `processorSettings`).
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + processorSettings
}
