import SystemResources

/// A symmetric matrix stored as its diagonal and its strict upper triangle (CSR), for products that
/// read about half the bytes of the full `CSRMatrix`.
///
/// `y = A x` is `y = D x + U x + Uᵀ x`: each stored upper entry `(i, j)` is read once and used twice,
/// gathered into `y[i]` and scattered into `y[j]`. Rows are processed in order, so a scatter lands at
/// most `bandwidth` rows ahead, in memory still in cache. The 7-point Laplacian needs 48 bytes per row
/// instead of the full matrix's 88; on a 2-core AMD EPYC machine (`Documentation/Benchmarks.md`) a
/// product at 128³ takes 0.63–0.69 of the full matrix's time.
///
/// Threads work on fixed blocks of rows (at least four bandwidths long). A block's first
/// `bandwidth` rows start from the contributions of the previous block's rows (`Uᵀ` restricted to
/// the boundary, stored apart as a small CSR "strip"), and a block's scatters never leave it, so
/// blocks are independent. The blocks depend only on the matrix, so results are bitwise identical
/// for every thread count. They differ from the full matrix's products by round-off only (each row is
/// summed in a different order).
///
/// `ConjugateGradient` builds this form by itself for a `CSRMatrix` it is given
/// (`automaticallyFrom(_:)`); build it once with `init(_:)` and pass it instead when the same matrix
/// is solved many times.
public struct SymmetricCSRMatrix: Sendable {
    /// Number of rows (and columns).
    public let rowCount: Int
    /// The largest `j − i` over the stored upper entries (0 for a diagonal matrix).
    public let bandwidth: Int
    /// Rows per block (the last block may be shorter).
    let blockRows: Int
    let diagonal: [Double]
    let upperRowPointers: [Int32]
    let upperColumns: [Int32]
    let upperValues: [Double]
    /// Block `b`'s strip rows are `b · bandwidth ..< (b + 1) · bandwidth` (empty for block 0): row
    /// `r` holds the entries `(k, U[k, s + r])` with `k < s`, `s` the block's first row.
    let stripRowPointers: [Int32]
    let stripColumns: [Int32]
    let stripValues: [Double]

    /// Number of blocks the rows are cut into.
    public var blockCount: Int { rowCount == 0 ? 0 : (rowCount + blockRows - 1) / blockRows }

    /// Stored entries (diagonal, strict upper triangle and strips).
    public var storedEntryCount: Int { rowCount + upperValues.count + stripValues.count }

    /// The symmetric form of `a`.
    /// - Throws: `SparseMatrixError.invalidArgument` when `a` is not square or not exactly symmetric
    ///   (`a.isSymmetric()`; an entry whose mirror is not stored must be 0).
    public init(_ a: CSRMatrix) throws {
        guard a.rowCount == a.columnCount else {
            throw SparseMatrixError.invalidArgument("a symmetric matrix must be square, got \(a.rowCount) × \(a.columnCount)")
        }
        guard a.isSymmetric() else {
            throw SparseMatrixError.invalidArgument("the matrix is not symmetric (A[i, j] ≠ A[j, i] for some stored entry)")
        }
        self.init(uncheckedSymmetric: a)
    }

    /// The symmetric form of `a` where it is symmetric and its products can use more than one block
    /// (or it is small enough to run on one thread anyway); nil otherwise, and nil when the form
    /// (about 6 bytes per stored entry of `a` plus 12 per row) would take more than half the memory
    /// still available. The choice depends on the matrix and that memory, never on the thread count.
    public static func automaticallyFrom(_ a: CSRMatrix) -> SymmetricCSRMatrix? {
        guard a.rowCount == a.columnCount, a.rowCount > 0 else { return nil }
        let formBytes = 6 * a.nonzeroCount + 12 * a.rowCount
        if let available = ProcessResources.availableMemoryBytes(), formBytes > available / 2 { return nil }
        let rows = Self.blockRows(bandwidth: a.bandwidth)
        guard a.rowCount > rows || a.rowCount <= SparseParallelism.chunkSize else { return nil }
        guard a.isSymmetric() else { return nil }
        return SymmetricCSRMatrix(uncheckedSymmetric: a)
    }

    /// Rows per block for a bandwidth: four bandwidths, and at least one parallel chunk.
    static func blockRows(bandwidth: Int) -> Int { max(4 * bandwidth, SparseParallelism.chunkSize) }

    /// Builds the form from a matrix known to be square and symmetric.
    init(uncheckedSymmetric a: CSRMatrix) {
        let n = a.rowCount
        var diagonal = [Double](repeating: 0, count: n)
        var pointers = [Int32](repeating: 0, count: n + 1)
        var upperCount = 0
        for i in 0..<n {
            for k in Int(a.rowPointers[i])..<Int(a.rowPointers[i + 1]) where Int(a.columnIndices[k]) > i { upperCount += 1 }
        }
        var columns = [Int32](repeating: 0, count: upperCount)
        var values = [Double](repeating: 0, count: upperCount)
        var bandwidth = 0
        var e = 0
        for i in 0..<n {
            for k in Int(a.rowPointers[i])..<Int(a.rowPointers[i + 1]) {
                let j = Int(a.columnIndices[k])
                if j == i {
                    diagonal[i] = a.values[k]
                } else if j > i {
                    columns[e] = Int32(j)
                    values[e] = a.values[k]
                    bandwidth = max(bandwidth, j - i)
                    e += 1
                }
            }
            pointers[i + 1] = Int32(e)
        }
        self.rowCount = n
        self.bandwidth = bandwidth
        self.blockRows = Self.blockRows(bandwidth: bandwidth)
        self.diagonal = diagonal
        self.upperRowPointers = pointers
        self.upperColumns = columns
        self.upperValues = values
        (stripRowPointers, stripColumns, stripValues) = Self.strips(
            rowCount: n, bandwidth: bandwidth, blockRows: blockRows, pointers: pointers, columns: columns, values: values)
    }

    /// For every block after the first, the contributions of the rows before it to its first
    /// `bandwidth` rows, as CSR rows ordered by the contributing row.
    private static func strips(
        rowCount n: Int, bandwidth: Int, blockRows: Int, pointers: [Int32], columns: [Int32], values: [Double]
    ) -> ([Int32], [Int32], [Double]) {
        let blocks = n == 0 ? 0 : (n + blockRows - 1) / blockRows
        var counts = [Int32](repeating: 0, count: blocks * bandwidth + 1)
        var stripColumns = [Int32](), stripValues = [Double]()
        guard bandwidth > 0, blocks > 1 else { return (counts, stripColumns, stripValues) }
        // Pass 1 counts each strip row's entries, pass 2 fills them in increasing k.
        for pass in 0..<2 {
            var fill = [Int32]()
            if pass == 1 {
                for r in 0..<(blocks * bandwidth) { counts[r + 1] += counts[r] }
                fill = Array(counts.dropLast())
                stripColumns = [Int32](repeating: 0, count: Int(counts[blocks * bandwidth]))
                stripValues = [Double](repeating: 0, count: stripColumns.count)
            }
            for b in 1..<blocks {
                let s = b * blockRows
                for k in max(0, s - bandwidth)..<s {
                    for e in Int(pointers[k])..<Int(pointers[k + 1]) {
                        let j = Int(columns[e])
                        guard j >= s else { continue }
                        let row = b * bandwidth + (j - s)
                        if pass == 0 {
                            counts[row + 1] += 1
                        } else {
                            let slot = Int(fill[row])
                            stripColumns[slot] = Int32(k)
                            stripValues[slot] = values[e]
                            fill[row] += 1
                        }
                    }
                }
            }
        }
        return (counts, stripColumns, stripValues)
    }
}
