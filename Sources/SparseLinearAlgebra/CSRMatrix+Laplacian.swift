/// Finite-difference Laplacians with homogeneous Dirichlet boundary conditions: model SPD problems
/// for tests and benchmarks.
extension CSRMatrix {
    /// The 5-point Laplacian on the `n × n` interior points of a uniform grid on the unit square,
    /// Dirichlet boundary values eliminated: `4` on the diagonal, `−1` for each of the up to four
    /// neighbours.
    ///
    /// This is `h² (−Δₕ)` with `h = 1 / (n + 1)`: divide by `h²` for the discrete operator itself.
    /// Unknown `(i, j)`, `0 ≤ i, j < n`, is row `i + n j` (x fastest). Symmetric positive definite
    /// with eigenvalues `4 − 2 cos(πk/(n+1)) − 2 cos(πl/(n+1))`, `1 ≤ k, l ≤ n`, so the condition
    /// number grows like `(4/π²) (n + 1)²`. `n²` rows, `5n² − 4n` stored entries.
    /// - Throws: `SparseMatrixError.invalidArgument` for `n < 1` or when the entries would exceed 32-bit indices.
    public static func laplacian2D(n: Int) throws -> CSRMatrix {
        guard n >= 1, n <= 20_000 else {
            throw SparseMatrixError.invalidArgument("laplacian2D needs 1 ≤ n ≤ 20000 (32-bit indices), got n = \(n)")
        }
        let size = n * n
        let count = 5 * size - 4 * n
        var pointers = [Int32](repeating: 0, count: size + 1)
        var columns = [Int32](repeating: 0, count: count)
        var values = [Double](repeating: -1, count: count)
        var k = 0
        for j in 0..<n {
            for i in 0..<n {
                let row = i + n * j
                if j > 0 { columns[k] = Int32(row - n); k += 1 }
                if i > 0 { columns[k] = Int32(row - 1); k += 1 }
                columns[k] = Int32(row); values[k] = 4; k += 1
                if i < n - 1 { columns[k] = Int32(row + 1); k += 1 }
                if j < n - 1 { columns[k] = Int32(row + n); k += 1 }
                pointers[row + 1] = Int32(k)
            }
        }
        return CSRMatrix(uncheckedRowCount: size, columnCount: size, rowPointers: pointers, columnIndices: columns, values: values)
    }

    /// The 7-point Laplacian on the `n × n × n` interior points of a uniform grid on the unit cube,
    /// Dirichlet boundary values eliminated: `6` on the diagonal, `−1` for each of the up to six
    /// neighbours.
    ///
    /// This is `h² (−Δₕ)` with `h = 1 / (n + 1)`. Unknown `(i, j, k)` is row `i + n j + n² k`
    /// (x fastest). Symmetric positive definite, eigenvalues
    /// `Σ_{d=1}^{3} (2 − 2 cos(π k_d/(n+1)))`. `n³` rows, `7n³ − 6n²` stored entries.
    /// - Throws: `SparseMatrixError.invalidArgument` for `n < 1` or when the entries would exceed 32-bit indices.
    public static func laplacian3D(n: Int) throws -> CSRMatrix {
        guard n >= 1, n <= 660 else {
            throw SparseMatrixError.invalidArgument("laplacian3D needs 1 ≤ n ≤ 660 (32-bit indices), got n = \(n)")
        }
        let plane = n * n
        let size = plane * n
        let count = 7 * size - 6 * plane
        var pointers = [Int32](repeating: 0, count: size + 1)
        var columns = [Int32](repeating: 0, count: count)
        var values = [Double](repeating: -1, count: count)
        var e = 0
        for k in 0..<n {
            for j in 0..<n {
                for i in 0..<n {
                    let row = i + n * j + plane * k
                    if k > 0 { columns[e] = Int32(row - plane); e += 1 }
                    if j > 0 { columns[e] = Int32(row - n); e += 1 }
                    if i > 0 { columns[e] = Int32(row - 1); e += 1 }
                    columns[e] = Int32(row); values[e] = 6; e += 1
                    if i < n - 1 { columns[e] = Int32(row + 1); e += 1 }
                    if j < n - 1 { columns[e] = Int32(row + n); e += 1 }
                    if k < n - 1 { columns[e] = Int32(row + plane); e += 1 }
                    pointers[row + 1] = Int32(e)
                }
            }
        }
        return CSRMatrix(uncheckedRowCount: size, columnCount: size, rowPointers: pointers, columnIndices: columns, values: values)
    }
}
