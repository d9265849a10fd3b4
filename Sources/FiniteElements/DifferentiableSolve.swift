import Autodiff
import SparseLinearAlgebra

/// A linear finite-element solve as a primitive of the autodiff core:
/// `u = solve(K(κ) u = f, u = g on the Dirichlet dofs)` with `K(κ) = Σ_c κ_c K_c`, the form's
/// element matrices weighted by a per-cell coefficient `κ`.
///
/// Its pullback is one adjoint solve with the same Cholesky factor (never a differentiation
/// through solver iterations): for a cotangent `ū`, `λ = K⁻¹ ū` on the free dofs (zero on the
/// constrained ones), then `f̄ = λ`, `κ̄_c = −λ_cᵀ K_c u_c` and, when the Dirichlet values are an
/// input, `ḡ = ū_D − (K λ)_D`. Gradients are first order (the
/// returned cotangents are constants, not recorded). CHOLMOD's symbolic analysis is done once and
/// reused for every solve.
///
/// ```swift
/// let solve = try DifferentiableSolve(space: space, form: .laplace, dirichlet: wall)
/// let u = try solve(coefficients: kappa, load: f)       // kappa: [cellCount], f: [dofCount]
/// let loss = ((u - observed) * (u - observed)).sum()
/// let grads = gradients(of: loss, wrt: [kappa])
/// ```
public final class DifferentiableSolve: @unchecked Sendable {
    /// The space of the solution.
    public let space: FunctionSpace
    /// The form whose element matrices the coefficients weight.
    public let form: BilinearForm
    /// The Dirichlet condition: its dofs, and its values unless others are passed to the solve.
    public let dirichlet: DirichletCondition
    private let cholesky: SparseCholesky
    private let pattern: SparsityPattern
    private let isConstrained: [Bool]

    /// Prepares the solve: the sparsity pattern and CHOLMOD's symbolic analysis.
    /// - Throws: `FiniteElementError` when the form cannot be assembled or analysed.
    public init(space: FunctionSpace, form: BilinearForm, dirichlet: DirichletCondition) throws {
        self.space = space
        self.form = form
        self.dirichlet = dirichlet
        let k = try space.assemble(form)
        pattern = space.sparsityPattern
        var constrained = [Bool](repeating: false, count: space.dofCount)
        for dof in dirichlet.dofs { constrained[Int(dof)] = true }
        isConstrained = constrained
        let (system, _) = try dirichlet.apply(to: k, rightHandSide: [Double](repeating: 0, count: space.dofCount))
        do { cholesky = try SparseCholesky(analyzing: system) } catch { throw FiniteElementError.solveFailed("\(error)") }
    }

    /// Solves with per-cell coefficients `coefficients` (shape `[cellCount]`) and load vector
    /// `load` (shape `[dofCount]`, e.g. from `assemble(_: LinearForm)`); returns `u`, shape `[dofCount]`.
    /// - Parameter dirichletValues: values on `dirichlet.dofs` (in its sorted order) to use and
    ///   differentiate instead of `dirichlet.values`; `nil` keeps the condition's own, constant.
    /// - Throws: `FiniteElementError` for wrong shapes, or `.solveFailed` when `K(κ)` is not
    ///   positive definite (e.g. a non-positive coefficient).
    public func callAsFunction(coefficients: Variable, load: Variable, dirichletValues: Variable? = nil) throws -> Variable {
        let cells = space.mesh.cellCount, n = space.dofCount
        guard coefficients.value.count == cells else {
            throw FiniteElementError.dimensionMismatch(expected: cells, found: coefficients.value.count, what: "coefficients")
        }
        guard load.value.count == n else { throw FiniteElementError.dimensionMismatch(expected: n, found: load.value.count, what: "load") }
        var condition = dirichlet
        if let dirichletValues {
            guard dirichletValues.value.count == dirichlet.dofs.count else {
                throw FiniteElementError.dimensionMismatch(expected: dirichlet.dofs.count, found: dirichletValues.value.count, what: "dirichletValues")
            }
            condition = try DirichletCondition(dofs: dirichlet.dofs, values: dirichletValues.value.scalars)
        }
        let kappa = coefficients.value.scalars
        let u = try solve(kappa: kappa, load: load.value.scalars, condition: condition)
        let operation = AdjointSolveOperation(owner: self, kappa: kappa, solution: u, hasDirichletInput: dirichletValues != nil)
        return Variable.apply(operation, to: [coefficients, load] + (dirichletValues.map { [$0] } ?? []))
    }

    /// The forward solve on plain arrays.
    private func solve(kappa: [Double], load: [Double], condition: DirichletCondition) throws -> [Double] {
        let k = try matrix(kappa)
        let (system, rhs) = try condition.apply(to: k, rightHandSide: load)
        do {
            try cholesky.factor(system)
            lastFactored = kappa
            return try cholesky.solve(rhs)
        } catch {
            throw FiniteElementError.solveFailed("\(error)")
        }
    }

    private func matrix(_ kappa: [Double]) throws -> CSRMatrix {
        let rule = try QuadratureRule.gauss(space.mesh.cellType, degree: space.defaultQuadratureDegree(for: form))
        let values: [Double]
        switch form.kernel {
        case .laplace: values = try space.assembleValues(LaplaceKernel(), rule: rule, pattern: pattern, cellWeights: kappa)
        case .mass: values = try space.assembleValues(MassKernel(), rule: rule, pattern: pattern, cellWeights: kappa)
        case let .elasticity(lambda, mu):
            values = try space.assembleValues(ElasticityKernel(lambda: lambda, mu: mu), rule: rule, pattern: pattern, cellWeights: kappa)
        case let .closure(body, usesCoordinates):
            values = try space.assembleValues(ClosureKernel(body: body, usesCoordinates: usesCoordinates), rule: rule, pattern: pattern, cellWeights: kappa)
        }
        return try CSRMatrix(rowCount: space.dofCount, columnCount: space.dofCount, rowPointers: pattern.rowPointers,
                             columnIndices: pattern.columnIndices, values: values)
    }

    /// `(f̄, κ̄, ḡ)` for the cotangent `ū` at the solution `u` of the coefficients `kappa`. The
    /// factor held by the solver must be that of `kappa`: it is refactored when another solve
    /// intervened. `ḡ` is computed only when `dirichletCotangent`.
    fileprivate func pullback(
        _ cotangent: [Double], kappa: [Double], solution u: [Double], dirichletCotangent: Bool
    ) throws -> (load: [Double], kappa: [Double], dirichlet: [Double]) {
        var k: CSRMatrix?
        if lastFactored != kappa {
            k = try matrix(kappa)
            let (system, _) = try dirichlet.apply(to: k!, rightHandSide: [Double](repeating: 0, count: space.dofCount))
            try cholesky.factor(system)
            lastFactored = kappa
        }
        var masked = cotangent
        for i in masked.indices where isConstrained[i] { masked[i] = 0 }
        var lambda = try cholesky.solve(masked)
        for i in lambda.indices where isConstrained[i] { lambda[i] = 0 }
        let energies = try space.cellEnergies(form, u: u, w: lambda)
        var gBar: [Double] = []
        if dirichletCotangent {
            // ḡ = ū_D − (K λ)_D, with λ zero on the constrained dofs.
            let kLambda = try (k ?? matrix(kappa)).multiplied(by: lambda)
            gBar = dirichlet.dofs.map { cotangent[Int($0)] - kLambda[Int($0)] }
        }
        return (lambda, energies.map { -$0 }, gBar)
    }

    /// The coefficients of the latest factorisation, to know when the pullback must refactor.
    private var lastFactored: [Double]?
}

/// The recorded node of one solve: its forward returns the solution already computed; its
/// pullback is the adjoint solve.
private struct AdjointSolveOperation: DifferentiableOperation, @unchecked Sendable {
    let owner: DifferentiableSolve
    let kappa: [Double]
    let solution: [Double]
    let hasDirichletInput: Bool
    var name: String { "finite_element_solve" }

    func forward(_ inputs: [Tensor]) -> Tensor { Tensor(solution) }

    func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        do {
            let (load, kappaBar, gBar) = try owner.pullback(cotangent.value.scalars, kappa: kappa, solution: solution,
                                                            dirichletCotangent: hasDirichletInput)
            return [Variable(Tensor(kappaBar)), Variable(Tensor(load))] + (hasDirichletInput ? [Variable(Tensor(gBar))] : [])
        } catch {
            // The forward solve succeeded with this factor, so the adjoint cannot fail for
            // structural reasons; report NaN gradients rather than crash.
            return inputs.map { Variable(Tensor([Double](repeating: .nan, count: $0.value.count))) }
        }
    }
}
