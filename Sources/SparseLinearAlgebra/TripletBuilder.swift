/// Collects matrix entries as (row, column, value) triplets — coordinate (COO) form — and compresses
/// them into a `CSRMatrix`.
///
/// Entries may come in any order; entries at the same position are **summed** (the convention of
/// finite-element assembly and of SciPy's `coo_matrix.tocsr`). Conversion is O(nnz + rows) plus a
/// sort of each row's columns.
///
/// ```swift
/// var builder = try TripletBuilder(rowCount: 2, columnCount: 2)
/// try builder.append(row: 0, column: 0, value: 2)
/// try builder.append(row: 0, column: 0, value: 1)   // summed: A[0, 0] == 3
/// let a = try builder.makeCSRMatrix()
/// ```
public struct TripletBuilder: Sendable {
    /// Number of rows of the matrix being built.
    public let rowCount: Int
    /// Number of columns of the matrix being built.
    public let columnCount: Int
    /// Row index of each appended entry.
    public private(set) var rows: [Int32] = []
    /// Column index of each appended entry.
    public private(set) var columns: [Int32] = []
    /// Value of each appended entry.
    public private(set) var values: [Double] = []

    /// Number of triplets appended so far (duplicates counted separately).
    public var tripletCount: Int { values.count }

    /// Starts an empty `rowCount × columnCount` matrix.
    /// - Throws: `SparseMatrixError.invalidDimensions` unless both lie in `0...Int32.max`.
    public init(rowCount: Int, columnCount: Int) throws {
        guard (0...Int(Int32.max)).contains(rowCount), (0...Int(Int32.max)).contains(columnCount) else {
            throw SparseMatrixError.invalidDimensions(rows: rowCount, columns: columnCount)
        }
        self.rowCount = rowCount
        self.columnCount = columnCount
    }

    /// Reserves room for `count` more triplets.
    public mutating func reserveCapacity(_ count: Int) {
        rows.reserveCapacity(rows.count + count)
        columns.reserveCapacity(columns.count + count)
        values.reserveCapacity(values.count + count)
    }

    /// Appends `value` at `(row, column)` (zero-based); it is added to any value already there.
    /// - Throws: `SparseMatrixError.indexOutOfRange` for a position outside the matrix.
    public mutating func append(row: Int, column: Int, value: Double) throws {
        guard row >= 0, row < rowCount, column >= 0, column < columnCount else {
            throw SparseMatrixError.indexOutOfRange(row: row, column: column, rows: rowCount, columns: columnCount)
        }
        rows.append(Int32(row))
        columns.append(Int32(column))
        values.append(value)
    }

    /// Compresses the triplets into CSR form, summing duplicates. Explicit zeros (and sums that cancel
    /// to zero) are kept as stored entries.
    /// - Throws: `SparseMatrixError.tooManyEntries` when the distinct entries exceed `Int32.max`.
    public func makeCSRMatrix() throws -> CSRMatrix {
        let n = rowCount
        // Counting sort by row.
        var start = [Int](repeating: 0, count: n + 1)
        for r in rows { start[Int(r) + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        var next = start
        var bucketColumns = [Int32](repeating: 0, count: values.count)
        var bucketValues = [Double](repeating: 0, count: values.count)
        for t in 0..<values.count {
            let r = Int(rows[t])
            bucketColumns[next[r]] = columns[t]
            bucketValues[next[r]] = values[t]
            next[r] += 1
        }
        // Sort each row by column (stable, so duplicates are summed in insertion order) and merge.
        var rowPointers = [Int32](repeating: 0, count: n + 1)
        var outColumns: [Int32] = []
        var outValues: [Double] = []
        outColumns.reserveCapacity(values.count)
        outValues.reserveCapacity(values.count)
        var order: [Int] = []
        for i in 0..<n {
            let lo = start[i], hi = start[i + 1]
            order.removeAll(keepingCapacity: true)
            order.append(contentsOf: lo..<hi)
            // Insertion sort for short rows, a stable library sort for long ones.
            if order.count <= 32 {
                for a in 1..<max(order.count, 1) {
                    let key = order[a]
                    var b = a - 1
                    while b >= 0 && bucketColumns[order[b]] > bucketColumns[key] {
                        order[b + 1] = order[b]
                        b -= 1
                    }
                    order[b + 1] = key
                }
            } else {
                order = order.enumerated().sorted {
                    let (ca, cb) = (bucketColumns[$0.element], bucketColumns[$1.element])
                    return ca != cb ? ca < cb : $0.offset < $1.offset
                }.map(\.element)
            }
            var last: Int32 = -1
            for k in order {
                let c = bucketColumns[k]
                if c == last {
                    outValues[outValues.count - 1] += bucketValues[k]
                } else {
                    outColumns.append(c)
                    outValues.append(bucketValues[k])
                    last = c
                }
            }
            guard outValues.count <= Int(Int32.max) else { throw SparseMatrixError.tooManyEntries(outValues.count) }
            rowPointers[i + 1] = Int32(outValues.count)
        }
        return CSRMatrix(uncheckedRowCount: rowCount, columnCount: columnCount, rowPointers: rowPointers,
                         columnIndices: outColumns, values: outValues)
    }
}
