import Foundation
import Meshes
import FiniteElements
import SparseLinearAlgebra

/// Solves −Δu = f with u = g on every tagged boundary facet, by CHOLMOD.
func solvePoisson(
    _ space: FunctionSpace, source f: @escaping @Sendable ([Double]) -> Double, boundary g: ([Double]) -> Double
) throws -> [Double] {
    let stiffness = try space.assemble(.laplace)
    let d = space.dimension
    let load = try space.assemble(LinearForm { v, p in f((0..<d).map { p.x[$0] }) * v.value })
    let (k, b) = try DirichletCondition(space: space, value: g).apply(to: stiffness, rightHandSide: load)
    return try SparseCholesky(factoring: k).solve(b)
}

/// The observed order log(e₁/e₂) / log(h₁/h₂) of consecutive errors, meshes halving h.
func observedOrders(_ errors: [Double]) -> [Double] {
    zip(errors, errors.dropFirst()).map { log($0 / $1) / log(2) }
}
