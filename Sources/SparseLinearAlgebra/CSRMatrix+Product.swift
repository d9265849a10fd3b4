/// Products and sums of two sparse matrices with different patterns.
extension CSRMatrix {
    /// The product `self · other` as a sparse matrix (Gustavson's row-by-row algorithm).
    ///
    /// Row `i` of the result accumulates `a_ik · (row k of other)` over the entries of row `i`, in
    /// storage order, into a dense scratch row; its columns are then sorted. Entries that cancel to
    /// exactly zero are kept. Rows are split into `threadCount` contiguous ranges computed at once;
    /// every row is computed the same way, so the result does not depend on the thread count.
    /// O(flops + nnz(result) · log(row length)).
    /// - Throws: `SparseMatrixError.invalidArgument` when `columnCount != other.rowCount`, or
    ///   `.invalidDimensions` when the result would hold more than `Int32.max` entries.
    public func multiplied(by other: CSRMatrix, threadCount: Int = SparseParallelism.defaultThreadCount) throws -> CSRMatrix {
        guard columnCount == other.rowCount else {
            throw SparseMatrixError.invalidArgument(
                "cannot multiply a \(rowCount) × \(columnCount) matrix by a \(other.rowCount) × \(other.columnCount) one")
        }
        let m = rowCount
        // Small products run inline; larger ones in up to `threadCount` row ranges.
        let parts = m < 4 * SparseParallelism.chunkSize ? 1 : max(1, min(threadCount, m / SparseParallelism.chunkSize))
        var pieces = [(pointers: [Int32], columns: [Int32], values: [Double])](repeating: ([], [], []), count: parts)
        pieces.withUnsafeMutableBufferPointer { out in
            let box = UncheckedSendableBox(out)
            SparseParallelism.forEachPart(parts) { part in
                box.value[part] = productRows(m * part / parts..<m * (part + 1) / parts, other)
            }
        }
        var pointers = [Int32](repeating: 0, count: m + 1)
        let total = pieces.reduce(0) { $0 + $1.values.count }
        guard total <= Int(Int32.max) else { throw SparseMatrixError.invalidDimensions(rows: m, columns: other.columnCount) }
        var columns: [Int32] = []
        var values: [Double] = []
        columns.reserveCapacity(total)
        values.reserveCapacity(total)
        for part in 0..<parts {
            let first = m * part / parts, offset = Int32(values.count)
            for (r, p) in pieces[part].pointers.enumerated() { pointers[first + r + 1] = offset + p }
            columns.append(contentsOf: pieces[part].columns)
            values.append(contentsOf: pieces[part].values)
        }
        return CSRMatrix(uncheckedRowCount: m, columnCount: other.columnCount, rowPointers: pointers,
                         columnIndices: columns, values: values)
    }

    /// Rows `rows` of `self · other`: the end of each row (relative to the first), columns, values.
    private func productRows(_ rows: Range<Int>, _ other: CSRMatrix) -> (pointers: [Int32], columns: [Int32], values: [Double]) {
        let n = other.columnCount
        var ends = [Int32]()
        ends.reserveCapacity(rows.count)
        var columns: [Int32] = []
        var values: [Double] = []
        var accumulator = [Double](repeating: 0, count: n)
        var lastRow = [Int](repeating: -1, count: n)   // the row that last touched each column
        var touched: [Int32] = []
        for i in rows {
            touched.removeAll(keepingCapacity: true)
            for k in Int(rowPointers[i])..<Int(rowPointers[i + 1]) {
                let a = self.values[k]
                let row = Int(columnIndices[k])
                for l in Int(other.rowPointers[row])..<Int(other.rowPointers[row + 1]) {
                    let j = Int(other.columnIndices[l])
                    if lastRow[j] != i {
                        lastRow[j] = i
                        accumulator[j] = 0
                        touched.append(Int32(j))
                    }
                    accumulator[j] += a * other.values[l]
                }
            }
            // Rows are short: insertion sort beats the general sort by far here.
            touched.withUnsafeMutableBufferPointer { t in
                for a in 1..<max(1, t.count) {
                    let key = t[a]
                    var b = a - 1
                    while b >= 0 && t[b] > key {
                        t[b + 1] = t[b]
                        b -= 1
                    }
                    t[b + 1] = key
                }
            }
            for j in touched {
                columns.append(j)
                values.append(accumulator[Int(j)])
            }
            ends.append(Int32(truncatingIfNeeded: values.count))
        }
        return (ends, columns, values)
    }

    /// `self + factor · other` for any two patterns of the same shape (the union of both).
    /// - Throws: `SparseMatrixError.invalidArgument` when the shapes differ.
    public func merged(with other: CSRMatrix, scaledBy factor: Double = 1) throws -> CSRMatrix {
        guard rowCount == other.rowCount, columnCount == other.columnCount else {
            throw SparseMatrixError.invalidArgument(
                "cannot add a \(other.rowCount) × \(other.columnCount) matrix to a \(rowCount) × \(columnCount) one")
        }
        var pointers = [Int32](repeating: 0, count: rowCount + 1)
        var columns: [Int32] = []
        var values: [Double] = []
        columns.reserveCapacity(nonzeroCount + other.nonzeroCount)
        values.reserveCapacity(nonzeroCount + other.nonzeroCount)
        for i in 0..<rowCount {
            var a = Int(rowPointers[i]), b = Int(other.rowPointers[i])
            let aEnd = Int(rowPointers[i + 1]), bEnd = Int(other.rowPointers[i + 1])
            while a < aEnd || b < bEnd {
                let ca = a < aEnd ? columnIndices[a] : Int32.max
                let cb = b < bEnd ? other.columnIndices[b] : Int32.max
                if ca == cb {
                    columns.append(ca)
                    values.append(self.values[a] + factor * other.values[b])
                    a += 1
                    b += 1
                } else if ca < cb {
                    columns.append(ca)
                    values.append(self.values[a])
                    a += 1
                } else {
                    columns.append(cb)
                    values.append(factor * other.values[b])
                    b += 1
                }
            }
            pointers[i + 1] = Int32(values.count)
        }
        return CSRMatrix(uncheckedRowCount: rowCount, columnCount: columnCount, rowPointers: pointers,
                         columnIndices: columns, values: values)
    }

    /// Each row `i` multiplied by `scales[i]`.
    func rowsScaled(by scales: [Double]) -> CSRMatrix {
        var scaled = values
        for i in 0..<rowCount {
            for k in Int(rowPointers[i])..<Int(rowPointers[i + 1]) { scaled[k] *= scales[i] }
        }
        return CSRMatrix(uncheckedRowCount: rowCount, columnCount: columnCount, rowPointers: rowPointers,
                         columnIndices: columnIndices, values: scaled)
    }
}
