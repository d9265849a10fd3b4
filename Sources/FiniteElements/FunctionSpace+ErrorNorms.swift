/// Error norms of a finite-element function against exact functions, by quadrature.
extension FunctionSpace {
    /// ‖u_h − u‖_L2 for a scalar space, with a quadrature rule exact to `quadratureDegree`
    /// (default `2p + 3`, p the element degree).
    /// - Throws: `FiniteElementError` for a wrong-length `u` or a non-scalar space.
    public func l2Error(_ u: [Double], exact: ([Double]) -> Double, quadratureDegree: Int? = nil) throws -> Double {
        try integrateError(u, quadratureDegree: quadratureDegree) { x, value, _ in
            let e = value - exact(x)
            return e * e
        }.squareRoot()
    }

    /// |u_h − u|_H1 = ‖∇u_h − ∇u‖_L2 for a scalar space (default quadrature degree `2p + 3`).
    /// - Throws: `FiniteElementError` for a wrong-length `u` or a non-scalar space.
    public func h1SeminormError(_ u: [Double], exactGradient: ([Double]) -> [Double], quadratureDegree: Int? = nil) throws -> Double {
        try integrateError(u, quadratureDegree: quadratureDegree) { x, _, gradient in
            let g = exactGradient(x)
            var sum = 0.0
            for k in 0..<gradient.count { sum += (gradient[k] - g[k]) * (gradient[k] - g[k]) }
            return sum
        }.squareRoot()
    }

    /// ∫ integrand(x, u_h(x), ∇u_h(x)) dx over the mesh.
    public func integrate(
        _ u: [Double], quadratureDegree: Int? = nil, _ integrand: ([Double], Double, [Double]) -> Double
    ) throws -> Double {
        try integrateError(u, quadratureDegree: quadratureDegree, integrand)
    }

    private func integrateError(
        _ u: [Double], quadratureDegree: Int?, _ integrand: ([Double], Double, [Double]) -> Double
    ) throws -> Double {
        guard components == 1 else { throw FiniteElementError.invalidArgument("error norms need a scalar space, this one has \(components) components") }
        guard u.count == dofCount else { throw FiniteElementError.dimensionMismatch(expected: dofCount, found: u.count, what: "solution") }
        let rule = try QuadratureRule.gauss(mesh.cellType, degree: quadratureDegree ?? 2 * element.degree + 3)
        let integrator = CellIntegrator(element: element, rule: rule)
        let n = element.localCount, d = dimension
        let work = integrator.makeWorkspace()
        var x = [Double](repeating: 0, count: d)
        var gradient = [Double](repeating: 0, count: d)
        var total = 0.0
        for c in 0..<mesh.cellCount {
            guard integrator.map(cell: c, of: mesh, coordinates: true, into: work) else {
                throw FiniteElementError.invalidArgument("cell \(c) is degenerate (zero Jacobian determinant)")
            }
            for q in 0..<rule.count {
                var value = 0.0
                for k in 0..<d { gradient[k] = 0; x[k] = work.coordinates[q * d + k] }
                for a in 0..<n {
                    let coefficient = u[Int(cellNodes[c * n + a])]
                    value += coefficient * integrator.values[q * n + a]
                    for k in 0..<d { gradient[k] += coefficient * work.gradients[(q * n + a) * d + k] }
                }
                total += work.weights[q] * integrand(x, value, gradient)
            }
        }
        return total
    }
}
