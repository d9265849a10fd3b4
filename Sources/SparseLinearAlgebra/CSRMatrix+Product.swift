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
            WorkerPool.run(parts) { part in
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
        // The products to add bound the entries of the result: size the outputs once.
        var bound = 0
        for k in Int(rowPointers[rows.lowerBound])..<Int(rowPointers[rows.upperBound]) {
            let row = Int(columnIndices[k])
            bound += Int(other.rowPointers[row + 1] - other.rowPointers[row])
        }
        var ends = [Int32](repeating: 0, count: rows.count)
        // Not initialised: only the pages the result reaches are ever touched.
        let cOut = UnsafeMutablePointer<Int32>.allocate(capacity: max(bound, 1))
        let vOut = UnsafeMutablePointer<Double>.allocate(capacity: max(bound, 1))
        defer {
            cOut.deallocate()
            vOut.deallocate()
        }
        let n = other.columnCount
        let accumulator = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
        let lastRow = UnsafeMutablePointer<Int>.allocate(capacity: max(n, 1))   // the row that last touched each column
        lastRow.initialize(repeating: -1, count: n)
        defer {
            accumulator.deallocate()
            lastRow.deallocate()
        }
        var count = 0
        withStorage { rp, ci, v in
            other.withStorage { orp, oci, ov in
                ends.withUnsafeMutableBufferPointer { endsOut in
                    for (r, i) in rows.enumerated() {
                        let start = count
                        for k in Int(rp[i])..<Int(rp[i + 1]) {
                            let a = v[k]
                            let row = Int(ci[k])
                            for l in Int(orp[row])..<Int(orp[row + 1]) {
                                let j = Int(oci[l])
                                if lastRow[j] != i {
                                    lastRow[j] = i
                                    accumulator[j] = 0
                                    cOut[count] = Int32(truncatingIfNeeded: j)
                                    count += 1
                                }
                                accumulator[j] += a * ov[l]
                            }
                        }
                        // Rows are short: an insertion sort beats the general sort here.
                        if count - start > 1 {
                            for x in (start + 1)..<count {
                                let key = cOut[x]
                                var y = x - 1
                                while y >= start && cOut[y] > key {
                                    cOut[y + 1] = cOut[y]
                                    y -= 1
                                }
                                cOut[y + 1] = key
                            }
                        }
                        for x in start..<count { vOut[x] = accumulator[Int(cOut[x])] }
                        endsOut[r] = Int32(truncatingIfNeeded: count)
                    }
                }
            }
        }
        return (ends, Array(UnsafeBufferPointer(start: cOut, count: count)), Array(UnsafeBufferPointer(start: vOut, count: count)))
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
