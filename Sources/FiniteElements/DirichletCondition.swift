import SparseLinearAlgebra

/// Prescribed values on degrees of freedom, applied to an assembled system so that it stays
/// symmetric: constrained rows and columns are zeroed except the diagonal, and the columns'
/// contributions move to the right-hand side.
///
/// ```swift
/// let wall = DirichletCondition(space: space, tags: [1, 2, 3, 4]) { x in 0 }
/// let (k, f) = try wall.apply(to: stiffness, rightHandSide: load)
/// ```
/// The solution of the modified system has `u[dof] = value` exactly on the constrained dofs and
/// solves the original equations on the others; a symmetric positive-definite matrix stays so.
public struct DirichletCondition: Sendable {
    /// Constrained degrees of freedom, sorted and distinct.
    public let dofs: [Int32]
    /// The prescribed value of each constrained dof.
    public let values: [Double]

    /// Constrains `dofs` (any order, no repeats) to `values`.
    /// - Throws: `FiniteElementError.dimensionMismatch` when the counts differ.
    public init(dofs: [Int32], values: [Double]) throws {
        guard dofs.count == values.count else {
            throw FiniteElementError.dimensionMismatch(expected: dofs.count, found: values.count, what: "Dirichlet values")
        }
        let order = dofs.indices.sorted { dofs[$0] < dofs[$1] }
        self.dofs = order.map { dofs[$0] }
        self.values = order.map { values[$0] }
    }

    /// Constrains the nodes of the boundary facets tagged `tags` (all tagged facets when `nil`)
    /// to `g(x)`, for component `component` of the space (every component when `nil`).
    public init(space: FunctionSpace, tags: Set<Int32>? = nil, component: Int? = nil, value g: ([Double]) -> Double) {
        let dofs = space.boundaryDofs(tags: tags, component: component)
        self.dofs = dofs
        self.values = dofs.map { g(Array(space.nodeCoordinate(Int($0) / space.components))) }
    }

    /// The system with the condition applied (see the type's discussion). The constrained rows
    /// keep their diagonal entry `a_dd` and get the right-hand side `a_dd g_d`.
    /// - Throws: `FiniteElementError` when sizes disagree or a constrained dof is out of range.
    public func apply(to matrix: CSRMatrix, rightHandSide b: [Double]) throws -> (matrix: CSRMatrix, rightHandSide: [Double]) {
        let n = matrix.rowCount
        guard matrix.columnCount == n, b.count == n else {
            throw FiniteElementError.dimensionMismatch(expected: n, found: b.count, what: "right-hand side")
        }
        var prescribed = [Double](repeating: .nan, count: n)
        for (dof, value) in zip(dofs, values) {
            guard dof >= 0, Int(dof) < n else { throw FiniteElementError.invalidArgument("Dirichlet dof \(dof) outside 0..<\(n)") }
            prescribed[Int(dof)] = value
        }
        var values = matrix.values
        var rhs = b
        for row in 0..<n {
            let start = Int(matrix.rowPointers[row]), end = Int(matrix.rowPointers[row + 1])
            if !prescribed[row].isNaN {
                var diagonal = 0.0
                for k in start..<end {
                    if Int(matrix.columnIndices[k]) == row { diagonal = values[k] } else { values[k] = 0 }
                }
                if diagonal == 0 {
                    for k in start..<end where Int(matrix.columnIndices[k]) == row { values[k] = 1 }
                    diagonal = 1
                }
                rhs[row] = diagonal * prescribed[row]
            } else {
                for k in start..<end {
                    let g = prescribed[Int(matrix.columnIndices[k])]
                    if !g.isNaN {
                        rhs[row] -= values[k] * g
                        values[k] = 0
                    }
                }
            }
        }
        return (try matrix.withValues(values), rhs)
    }
}
