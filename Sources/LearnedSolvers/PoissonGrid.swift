import SparseLinearAlgebra

/// A cubic `n × n × n` cell grid for the pressure Poisson problem, some cells solid: the unknowns are
/// the fluid cells, the matrix the 7-point Laplacian on them.
///
/// Conventions: cell `(i, j, k)` has index `i + n j + n² k` (x fastest — the row-major order of a
/// `[n, n, n]` tensor and of `CSRMatrix.laplacian3D`) and centre `((i + ½)/n, (j + ½)/n, (k + ½)/n)`.
/// The outer box is a homogeneous Dirichlet boundary; the faces between fluid and solid cells are
/// homogeneous Neumann (no flux): a fluid row has `−1` for each fluid neighbour and on the diagonal
/// the number of its faces not shared with a solid cell. Without solid cells this is exactly
/// `CSRMatrix.laplacian3D(n:)`. The system is *reduced*: solid cells carry no unknowns (equivalently,
/// zero rows on the full grid); `embed` and `restrict` move vectors between the two. Symmetric positive
/// definite whenever every fluid region touches the box boundary.
public struct PoissonGrid: Sendable {
    /// Cells per side.
    public let n: Int
    /// Whether each cell (`n³`, x fastest) is solid.
    public let isSolid: [Bool]
    /// The grid indices of the fluid cells, ascending: unknown `u` lives in cell `fluidCells[u]`.
    public let fluidCells: [Int]

    /// A grid with the given solid cells (`n³` flags, x fastest).
    /// - Throws: `SparseMatrixError.invalidArgument` for `n < 2` or a flag count other than `n³`.
    public init(n: Int, isSolid: [Bool]) throws {
        guard n >= 2, n <= 660 else { throw SparseMatrixError.invalidArgument("PoissonGrid needs 2 ≤ n ≤ 660, got \(n)") }
        guard isSolid.count == n * n * n else {
            throw SparseMatrixError.invalidArgument("PoissonGrid needs \(n * n * n) solid flags, got \(isSolid.count)")
        }
        self.n = n
        self.isSolid = isSolid
        fluidCells = isSolid.indices.filter { !isSolid[$0] }
    }

    /// An empty box: every cell fluid.
    public static func box(n: Int) throws -> PoissonGrid {
        try PoissonGrid(n: n, isSolid: [Bool](repeating: false, count: max(n, 0) * max(n, 0) * max(n, 0)))
    }

    /// A box with a solid ball of `radius` (in units of the box side) centred at `center`.
    public static func sphereObstacle(n: Int, radius: Double = 0.25, center: (Double, Double, Double) = (0.5, 0.5, 0.5)) throws -> PoissonGrid {
        guard n >= 2 else { throw SparseMatrixError.invalidArgument("PoissonGrid needs 2 ≤ n ≤ 660, got \(n)") }
        var solid = [Bool](repeating: false, count: n * n * n)
        for k in 0..<n {
            for j in 0..<n {
                for i in 0..<n {
                    let x = (Double(i) + 0.5) / Double(n) - center.0
                    let y = (Double(j) + 0.5) / Double(n) - center.1
                    let z = (Double(k) + 0.5) / Double(n) - center.2
                    solid[i + n * j + n * n * k] = x * x + y * y + z * z < radius * radius
                }
            }
        }
        return try PoissonGrid(n: n, isSolid: solid)
    }

    /// The number of cells, `n³`.
    public var cellCount: Int { n * n * n }
    /// The number of unknowns (fluid cells).
    public var unknownCount: Int { fluidCells.count }

    /// The 7-point Laplacian (scaled by h², see above) on the fluid cells: `unknownCount` rows.
    public func laplacian() throws -> CSRMatrix {
        var unknown = [Int32](repeating: -1, count: cellCount)
        for (u, cell) in fluidCells.enumerated() { unknown[cell] = Int32(u) }
        var pointers: [Int32] = [0]
        var columns: [Int32] = []
        var values: [Double] = []
        pointers.reserveCapacity(unknownCount + 1)
        columns.reserveCapacity(7 * unknownCount)
        values.reserveCapacity(7 * unknownCount)
        let plane = n * n
        for cell in fluidCells {
            let i = cell % n, j = (cell / n) % n, k = cell / plane
            var diagonal = 0.0
            var entries: [(Int32, Double)] = []
            func neighbour(_ inside: Bool, _ other: Int) {
                if !inside { diagonal += 1; return }       // Dirichlet box face
                if isSolid[other] { return }                // Neumann solid face
                diagonal += 1
                entries.append((unknown[other], -1))
            }
            neighbour(k > 0, cell - plane)
            neighbour(j > 0, cell - n)
            neighbour(i > 0, cell - 1)
            neighbour(i < n - 1, cell + 1)
            neighbour(j < n - 1, cell + n)
            neighbour(k < n - 1, cell + plane)
            entries.append((unknown[cell], diagonal))
            entries.sort { $0.0 < $1.0 }
            for (c, v) in entries { columns.append(c); values.append(v) }
            pointers.append(Int32(columns.count))
        }
        return try CSRMatrix(rowCount: unknownCount, columnCount: unknownCount, rowPointers: pointers,
                             columnIndices: columns, values: values)
    }

    /// The same Laplacian on all `n³` cells in grid numbering, with empty rows and columns for the
    /// solid cells (the spec's "non-fluid cells are zero rows of A"): `cellLaplacian() · embed(x) =
    /// embed(laplacian() · x)`, and whatever a grid vector holds in solid cells has no effect.
    /// Positive semidefinite; definite only without solid cells.
    public func cellLaplacian() throws -> CSRMatrix {
        let reduced = try laplacian()
        var pointers = [Int32](repeating: 0, count: cellCount + 1)
        var row = 0
        for cell in 0..<cellCount {
            if row < fluidCells.count && fluidCells[row] == cell {
                pointers[cell + 1] = pointers[cell] + reduced.rowPointers[row + 1] - reduced.rowPointers[row]
                row += 1
            } else {
                pointers[cell + 1] = pointers[cell]
            }
        }
        let columns = reduced.columnIndices.map { Int32(fluidCells[Int($0)]) }   // still ascending: fluidCells is sorted
        return try CSRMatrix(rowCount: cellCount, columnCount: cellCount, rowPointers: pointers,
                             columnIndices: columns, values: reduced.values)
    }

    /// A vector on the unknowns placed on the grid (`n³` entries), zero in solid cells.
    public func embed(_ values: [Double]) -> [Double] {
        precondition(values.count == unknownCount, "embed needs \(unknownCount) values, got \(values.count)")
        var grid = [Double](repeating: 0, count: cellCount)
        for (u, cell) in fluidCells.enumerated() { grid[cell] = values[u] }
        return grid
    }

    /// The fluid-cell entries of a grid vector (`n³` entries).
    public func restrict(_ grid: [Double]) -> [Double] {
        precondition(grid.count == cellCount, "restrict needs \(cellCount) values, got \(grid.count)")
        return fluidCells.map { grid[$0] }
    }
}
