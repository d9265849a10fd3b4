/// A sparse matrix in compressed sparse row (CSR) form, `Double` values with 32-bit indices.
///
/// Row `i` holds the entries `values[k]` at columns `columnIndices[k]` for
/// `k` in `rowPointers[i] ..< rowPointers[i + 1]`. Indices are zero-based. Within a row the column
/// indices are strictly increasing (sorted, no duplicates); every initialiser checks or establishes
/// this, and the kernels rely on it. Explicitly stored zeros are allowed and kept.
///
/// Storage is `12 · nnz + 4 · (rows + 1)` bytes. The matrix is a value type (copy-on-write arrays).
/// Build one from triplets with `TripletBuilder`, from a Matrix Market file with
/// `init(matrixMarketFile:)`, with the generators `laplacian2D(n:)` / `laplacian3D(n:)`, or directly
/// from the three arrays with `init(rowCount:columnCount:rowPointers:columnIndices:values:)`.
public struct CSRMatrix: Sendable, Equatable {
    /// Number of rows.
    public let rowCount: Int
    /// Number of columns.
    public let columnCount: Int
    /// Offsets of the rows into `columnIndices` and `values`; `rowCount + 1` entries, `rowPointers[0] == 0`.
    public let rowPointers: [Int32]
    /// Column index of each stored entry, increasing within a row.
    public let columnIndices: [Int32]
    /// Value of each stored entry.
    public private(set) var values: [Double]

    /// Number of stored entries (explicit zeros included).
    public var nonzeroCount: Int { values.count }

    /// Creates a matrix from CSR arrays after checking them.
    ///
    /// Checks, in O(nnz): dimensions in `0...Int32.max`; `rowPointers` has `rowCount + 1` entries,
    /// starts at 0, never decreases and ends at `values.count == columnIndices.count`; column indices
    /// lie in `0..<columnCount` and strictly increase within each row.
    /// - Throws: `SparseMatrixError` naming the first violation.
    public init(rowCount: Int, columnCount: Int, rowPointers: [Int32], columnIndices: [Int32], values: [Double]) throws {
        guard (0...Int(Int32.max)).contains(rowCount), (0...Int(Int32.max)).contains(columnCount) else {
            throw SparseMatrixError.invalidDimensions(rows: rowCount, columns: columnCount)
        }
        guard rowPointers.count == rowCount + 1 else {
            throw SparseMatrixError.malformedStorage("rowPointers has \(rowPointers.count) entries, expected \(rowCount + 1)")
        }
        guard columnIndices.count == values.count else {
            throw SparseMatrixError.malformedStorage("columnIndices has \(columnIndices.count) entries but values has \(values.count)")
        }
        guard rowPointers[0] == 0, Int(rowPointers[rowCount]) == values.count else {
            throw SparseMatrixError.malformedStorage("rowPointers must run from 0 to the number of entries (\(values.count))")
        }
        for i in 0..<rowCount {
            let start = Int(rowPointers[i]), end = Int(rowPointers[i + 1])
            guard start <= end else {
                throw SparseMatrixError.malformedStorage("rowPointers decreases at row \(i)")
            }
            var previous = -1
            for k in start..<end {
                let j = Int(columnIndices[k])
                guard j >= 0, j < columnCount else {
                    throw SparseMatrixError.indexOutOfRange(row: i, column: j, rows: rowCount, columns: columnCount)
                }
                guard j > previous else {
                    throw SparseMatrixError.malformedStorage("column indices of row \(i) are not strictly increasing")
                }
                previous = j
            }
        }
        self.init(uncheckedRowCount: rowCount, columnCount: columnCount, rowPointers: rowPointers,
                  columnIndices: columnIndices, values: values)
    }

    /// Creates a matrix from arrays already known to satisfy the invariants.
    init(uncheckedRowCount rowCount: Int, columnCount: Int, rowPointers: [Int32], columnIndices: [Int32], values: [Double]) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowPointers = rowPointers
        self.columnIndices = columnIndices
        self.values = values
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) throws -> CSRMatrix {
        guard (0...Int(Int32.max)).contains(n) else { throw SparseMatrixError.invalidDimensions(rows: n, columns: n) }
        return CSRMatrix(uncheckedRowCount: n, columnCount: n, rowPointers: (0...n).map { Int32($0) },
                         columnIndices: (0..<n).map { Int32($0) }, values: [Double](repeating: 1, count: n))
    }

    /// The stored value at `(row, column)`, or 0 where nothing is stored. O(log of the row length).
    ///
    /// Indices outside the matrix read as 0.
    public subscript(row: Int, column: Int) -> Double {
        guard row >= 0, row < rowCount, column >= 0, column < columnCount else { return 0 }
        if let k = entryIndex(row: row, column: column) { return values[k] }
        return 0
    }

    /// The position in `values` of the entry `(row, column)`, if stored. Binary search in the row.
    public func entryIndex(row: Int, column: Int) -> Int? {
        guard row >= 0, row < rowCount else { return nil }
        var low = Int(rowPointers[row]), high = Int(rowPointers[row + 1])
        let target = Int32(truncatingIfNeeded: column)
        while low < high {
            let mid = (low + high) / 2
            let c = columnIndices[mid]
            if c == target { return mid }
            if c < target { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Replaces the values, keeping the sparsity pattern (for refactorising with `SparseCholesky`).
    /// - Throws: `SparseMatrixError.dimensionMismatch` when the count differs from `nonzeroCount`.
    public func withValues(_ newValues: [Double]) throws -> CSRMatrix {
        guard newValues.count == values.count else {
            throw SparseMatrixError.dimensionMismatch(expected: values.count, found: newValues.count, what: "the new values")
        }
        var copy = self
        copy.values = newValues
        return copy
    }

    /// Whether two matrices have the same dimensions and the same stored positions.
    public func hasSamePattern(as other: CSRMatrix) -> Bool {
        rowCount == other.rowCount && columnCount == other.columnCount
            && rowPointers == other.rowPointers && columnIndices == other.columnIndices
    }
}

extension CSRMatrix {
    /// Calls `body` with the base addresses of `rowPointers`, `columnIndices` and `values`
    /// (never nil: an empty array gives a valid, unread address).
    @inline(__always)
    func withStorage<R>(_ body: (UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Double>) throws -> R) rethrows -> R {
        try rowPointers.withUnsafeBufferPointer { rp in
            try columnIndices.withUnsafeBufferPointer { ci in
                try values.withUnsafeBufferPointer { v in
                    try body(rp.base, ci.base, v.base)
                }
            }
        }
    }
}
