import ArgumentParser
import Foundation
import PDEKit

/// Recovers a conductivity κ(x, y) > 0 in −∇·(κ∇u) = f on the unit square (u = 0 on the boundary)
/// from noisy nodal observations of u, through the differentiable finite-element solve.
///
/// κ is a small network through a positive map, κ(x) = exp(N(x)), evaluated at cell centroids
/// (piecewise constant on the mesh). The loss is the relative data misfit
/// ‖u(κ) − u_obs‖² / ‖u_obs‖², minimised by L-BFGS; each evaluation is one forward solve and one
/// adjoint solve with the same Cholesky factor.
public struct ConductivityInversion {
    /// The conductivity to recover: a bump of height 1 on a background of 1.
    public static func trueConductivity(_ x: [Double]) -> Double {
        1 + exp(-20 * ((x[0] - 0.6) * (x[0] - 0.6) + (x[1] - 0.4) * (x[1] - 0.4)))
    }

    public let space: FunctionSpace
    public let observations: [Double]
    let centroids: Tensor
    let load: Tensor
    let solve: DifferentiableSolve

    /// Builds the problem on the n × n P1 mesh, with source f = 10 and observations of the true
    /// solution perturbed by Gaussian noise of standard deviation `noise · max|u|`.
    public init(n: Int, noise: Double, seed: UInt64) throws {
        guard n >= 2 else { throw ValidationError("--n must be at least 2, got \(n)") }
        guard noise >= 0, noise.isFinite else { throw ValidationError("--noise must be non-negative, got \(noise)") }
        let mesh = try Mesh.rectangle(nx: n, ny: n)
        space = try FunctionSpace(mesh: mesh, element: LagrangeP1(.triangle))
        solve = try DifferentiableSolve(space: space, form: .laplace, dirichlet: DirichletCondition(space: space) { _ in 0 })
        load = Tensor(try space.assemble(.source { _ in 10 }))
        var centres = [Double]()
        for c in 0..<mesh.cellCount {
            let v = mesh.cell(c).map(Int.init)
            for k in 0..<2 { centres.append(v.reduce(0.0) { $0 + mesh.points[$1 * 2 + k] } / 3) }
        }
        centroids = Tensor(shape: [mesh.cellCount, 2], scalars: centres)
        let kappa = (0..<mesh.cellCount).map { Self.trueConductivity([centres[2 * $0], centres[2 * $0 + 1]]) }
        let clean = try solve(coefficients: Variable(Tensor(kappa)), load: Variable(load)).value.scalars
        let scale = clean.map(abs).max() ?? 1
        let perturbation = RandomKey(seed: seed).fold(in: 7).normal([clean.count]).scalars
        observations = zip(clean, perturbation).map { $0 + noise * scale * $1 }
    }

    /// κ at the cell centroids for the network `model`.
    public func conductivity(_ model: MLP) -> Variable {
        model(Variable(centroids)).exp().reshaped(to: [space.mesh.cellCount])
    }

    /// The relative misfit and its gradient with respect to the network's parameters.
    public func lossAndGradient(_ model: MLP) throws -> (value: Double, gradient: [Double]) {
        let u = try solve(coefficients: conductivity(model), load: Variable(load))
        let residual = u - Variable(Tensor(observations))
        let norm = observations.reduce(0) { $0 + $1 * $1 }
        let loss = residual.squared().sum() * (1 / norm)
        let grads = gradients(of: loss, wrt: model.parameters)
        return (loss.value.scalars[0], ParameterVector.flatten(grads.map(\.value)))
    }

    /// The area-weighted relative L2 error of κ over the cells.
    public func relativeError(_ model: MLP) -> Double {
        let kappa = conductivity(model).value.scalars
        let areas = space.mesh.cellMeasures()
        var error = 0.0, norm = 0.0
        for c in 0..<kappa.count {
            let exact = Self.trueConductivity([centroids.scalars[2 * c], centroids.scalars[2 * c + 1]])
            error += areas[c] * (kappa[c] - exact) * (kappa[c] - exact)
            norm += areas[c] * exact * exact
        }
        return (error / norm).squareRoot()
    }
}
