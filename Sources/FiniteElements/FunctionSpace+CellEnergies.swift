/// Per-cell bilinear forms of two fields: the derivative of an assembled matrix's action with
/// respect to per-cell weights.
extension FunctionSpace {
    /// `e_c = w_cᵀ K_c u_c` for every cell, with `K_c` the element matrix of `form` (unweighted).
    ///
    /// Since `K(κ) = Σ_c κ_c K_c`, this is `∂(wᵀ K(κ) u)/∂κ_c`, the adjoint sensitivity of a
    /// solve with respect to a piecewise-constant coefficient.
    func cellEnergies(_ form: BilinearForm, u: [Double], w: [Double], quadratureDegree: Int? = nil) throws -> [Double] {
        let rule = try QuadratureRule.gauss(mesh.cellType, degree: quadratureDegree ?? defaultQuadratureDegree(for: form))
        switch form.kernel {
        case .laplace: return try cellEnergies(LaplaceKernel(), rule: rule, u: u, w: w)
        case .mass: return try cellEnergies(MassKernel(), rule: rule, u: u, w: w)
        case let .elasticity(lambda, mu): return try cellEnergies(ElasticityKernel(lambda: lambda, mu: mu), rule: rule, u: u, w: w)
        case let .closure(body, usesCoordinates):
            return try cellEnergies(ClosureKernel(body: body, usesCoordinates: usesCoordinates), rule: rule, u: u, w: w)
        }
    }

    private func cellEnergies<K: BilinearKernel>(_ kernel: K, rule: QuadratureRule, u: [Double], w: [Double]) throws -> [Double] {
        let integrator = CellIntegrator(element: element, rule: rule)
        let n = element.localCount, m = localDofCount, d = dimension, comps = components
        let work = integrator.makeWorkspace()
        var energies = [Double](repeating: 0, count: mesh.cellCount)
        var dofs = [Int](repeating: 0, count: m)
        for c in 0..<mesh.cellCount {
            guard integrator.map(cell: c, of: mesh, coordinates: kernel.usesCoordinates, into: work) else {
                throw FiniteElementError.invalidArgument("cell \(c) is degenerate (zero Jacobian determinant)")
            }
            for i in 0..<m { dofs[i] = Int(cellNodes[c * n + i / comps]) * comps + i % comps }
            var energy = 0.0
            for q in 0..<rule.count {
                var x = SIMD3<Double>.zero
                if kernel.usesCoordinates { for k in 0..<d { x[k] = work.coordinates[q * d + k] } }
                let point = QuadraturePoint(x: x, cell: c)
                for i in 0..<m where w[dofs[i]] != 0 {
                    let v = shape(integrator, work, q: q, a: i / comps, component: i % comps, n: n, d: d)
                    var row = 0.0
                    for j in 0..<m {
                        let trial = shape(integrator, work, q: q, a: j / comps, component: j % comps, n: n, d: d)
                        row += kernel(trial, v, point) * u[dofs[j]]
                    }
                    energy += work.weights[q] * w[dofs[i]] * row
                }
            }
            energies[c] = energy
        }
        return energies
    }
}
