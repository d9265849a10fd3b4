import Foundation
import PDEKit

/// One of the benchmark PINN problems: a network, its points and its loss.
struct PINNStepProblem {
    enum Kind: String, CaseIterable { case burgers, poisson2d }

    let kind: Kind
    var network: MLP
    let interior: Tensor
    let boundary: Tensor
    let boundaryValues: Tensor
    let nu = 0.01 / Double.pi

    /// The problems of the benchmark: Burgers 2→[20]×8→1 with 10 000 + 100 points; Poisson 2→[50]×4→1
    /// with 4 096 + 256 points. Weights are Glorot-normal, biases zero.
    /// `width` and `depth` replace the hidden layers' width and count (for timing other networks).
    /// `activation` that of the hidden layers; `precision` that of the network's jets (see `MLP.precision`).
    init(kind: Kind, seed: UInt64, width: Int? = nil, depth: Int? = nil, activation: Activation = .tanh,
         precision: NetworkPrecision = .float64) {
        self.kind = kind
        let key = RandomKey(seed: seed)
        let (hidden, layers, nInterior, nBoundary) = kind == .burgers ? (20, 8, 10_000, 100) : (50, 4, 4_096, 256)
        let sizes = [2] + Array(repeating: width ?? hidden, count: depth ?? layers) + [1]
        network = MLP(sizes: sizes, activation: activation, initializer: .glorotNormal, key: key.fold(in: 0))
        network.precision = precision
        let u = key.fold(in: 1).uniform([nInterior, 2])
        let s = key.fold(in: 2).uniform([nBoundary])
        switch kind {
        case .burgers:
            // x ∈ [−1, 1], t ∈ [0, 1]; half the boundary points at t = 0, half on x = ±1.
            interior = u * Tensor(shape: [1, 2], scalars: [2, 1]) + Tensor(shape: [1, 2], scalars: [-1, 0])
            var b: [Double] = [], v: [Double] = []
            for i in 0..<nBoundary {
                if i < nBoundary / 2 {
                    let x = -1 + 2 * s.scalars[i]
                    b += [x, 0]; v.append(-Foundation.sin(.pi * x))
                } else {
                    b += [i % 2 == 0 ? -1 : 1, s.scalars[i]]; v.append(0)
                }
            }
            boundary = Tensor(shape: [nBoundary, 2], scalars: b)
            boundaryValues = Tensor(shape: [nBoundary, 1], scalars: v)
        case .poisson2d:
            interior = u
            var b: [Double] = []
            for i in 0..<nBoundary {
                let r = s.scalars[i]
                switch i % 4 {
                case 0: b += [r, 0]
                case 1: b += [1, r]
                case 2: b += [r, 1]
                default: b += [0, r]
                }
            }
            boundary = Tensor(shape: [nBoundary, 2], scalars: b)
            boundaryValues = Tensor.zeros([nBoundary, 1])
        }
    }

    var plan: DerivativePlan {
        kind == .burgers
            ? DerivativePlan(dimension: 2, partials: [[1, 0], [2, 0], [0, 1]])
            : DerivativePlan(dimension: 2, partials: [[2, 0], [0, 2]])
    }

    /// The PINN loss: mean squared residual plus mean squared boundary misfit.
    func loss(_ net: MLP) -> Variable {
        let d = plan.evaluate({ net($0) }, at: Variable(interior))
        let residual: Variable
        switch kind {
        case .burgers:
            residual = d[[0, 1]] + d.value * d[[1, 0]] - d[[2, 0]] * nu
        case .poisson2d:
            let x = interior.slice(0..<1, alongAxis: 1), y = interior.slice(1..<2, alongAxis: 1)
            let f = Tensor.zip(x, y) { 2 * .pi * .pi * Foundation.sin(.pi * $0) * Foundation.sin(.pi * $1) }
            residual = -(d[[2, 0]] + d[[0, 2]]) - Variable(f)
        }
        let misfit = net(Variable(boundary)) - Variable(boundaryValues)
        if ProcessInfo.processInfo.environment["PDEKIT_BENCH_TERMS"] != nil {
            print("residual term", residual.squared().mean().scalar, "boundary term", misfit.squared().mean().scalar)
        }
        return residual.squared().mean() + misfit.squared().mean()
    }

    /// One training step's work: the loss and its gradient with respect to every parameter.
    func step() -> (loss: Double, gradients: [Tensor]) {
        let l = loss(network)
        return (l.scalar, gradients(of: l, wrt: network.parameters).map(\.value))
    }

    /// Writes the problem folder read by the peer scripts (Benchmarks/Peers/README.md).
    func export(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (k, layer) in network.layers.enumerated() {
            try layer.weight.value.writeNumpy(to: folder.appendingPathComponent("W\(k).npy"))
            try layer.bias.value.writeNumpy(to: folder.appendingPathComponent("b\(k).npy"))
        }
        try interior.writeNumpy(to: folder.appendingPathComponent("interior.npy"))
        try boundary.writeNumpy(to: folder.appendingPathComponent("boundary.npy"))
        try boundaryValues.reshaped(to: [boundaryValues.count]).writeNumpy(to: folder.appendingPathComponent("boundary_values.npy"))
        let meta = kind == .burgers ? "{\"problem\": \"burgers\", \"nu\": \(nu)}" : "{\"problem\": \"poisson2d\"}"
        try Data(meta.utf8).write(to: folder.appendingPathComponent("problem.json"), options: .atomic)
    }
}
