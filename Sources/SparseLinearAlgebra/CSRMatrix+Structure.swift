/// Transpose, diagonal, triangles, symmetry and dense views.
extension CSRMatrix {
    /// The transpose, with sorted column indices. O(nnz + rows + columns).
    public func transposed() -> CSRMatrix {
        var pointers = [Int32](repeating: 0, count: columnCount + 1)
        for c in columnIndices { pointers[Int(c) + 1] += 1 }
        for j in 0..<columnCount { pointers[j + 1] += pointers[j] }
        var next = pointers
        var outColumns = [Int32](repeating: 0, count: nonzeroCount)
        var outValues = [Double](repeating: 0, count: nonzeroCount)
        // Rows are visited in increasing order, so each output row receives increasing columns.
        for i in 0..<rowCount {
            for k in Int(rowPointers[i])..<Int(rowPointers[i + 1]) {
                let j = Int(columnIndices[k])
                let slot = Int(next[j])
                outColumns[slot] = Int32(i)
                outValues[slot] = values[k]
                next[j] += 1
            }
        }
        return CSRMatrix(uncheckedRowCount: columnCount, columnCount: rowCount, rowPointers: pointers,
                         columnIndices: outColumns, values: outValues)
    }

    /// The main diagonal, `min(rows, columns)` entries; positions not stored read as 0.
    public func diagonal() -> [Double] {
        (0..<min(rowCount, columnCount)).map { i in
            entryIndex(row: i, column: i).map { values[$0] } ?? 0
        }
    }

    /// Whether the matrix is square and `|A[i, j] − A[j, i]| ≤ tolerance · max|A|` for every stored
    /// entry (an entry not stored counts as 0). The default tolerance 0 asks for exact symmetry.
    /// O(nnz) when the pattern is symmetric, O(nnz · log(row length)) otherwise.
    public func isSymmetric(tolerance: Double = 0) -> Bool {
        guard rowCount == columnCount else { return false }
        let scale = values.reduce(0) { max($0, abs($1)) }
        let bound = tolerance * scale
        if let symmetric = mirroredPatternIsSymmetric(bound: bound) { return symmetric }
        for i in 0..<rowCount {
            for k in Int(rowPointers[i])..<Int(rowPointers[i + 1]) {
                let j = Int(columnIndices[k])
                if j == i { continue }
                let mirror = entryIndex(row: j, column: i).map { values[$0] } ?? 0
                if !(abs(values[k] - mirror) <= bound) { return false }
            }
        }
        return true
    }

    /// The symmetry check in one pass for a symmetric pattern: scanning rows in order meets the
    /// mirrors of row `j`'s entries left of the diagonal in increasing column order, so one cursor per
    /// row finds each without a search. Nil when the pattern is not symmetric (explicit zeros
    /// mirrored by nothing), where the caller searches instead.
    private func mirroredPatternIsSymmetric(bound: Double) -> Bool? {
        var cursor = rowPointers
        for i in 0..<rowCount {
            let end = Int(rowPointers[i + 1])
            var k = Int(cursor[i])
            // Every entry left of the diagonal has been matched by its mirror.
            if k < end, Int(columnIndices[k]) < i { return nil }
            while k < end {
                let j = Int(columnIndices[k])
                if j > i {
                    let c = Int(cursor[j])
                    guard c < Int(rowPointers[j + 1]), Int(columnIndices[c]) == i else { return nil }
                    if !(abs(values[c] - values[k]) <= bound) { return false }
                    cursor[j] += 1
                }
                k += 1
            }
        }
        return true
    }

    /// The entries on and below the diagonal (`column ≤ row + offset`).
    ///
    /// `offset` 0 keeps the diagonal, −1 gives the strictly lower triangle.
    public func lowerTriangle(offset: Int = 0) -> CSRMatrix {
        filtered { row, column in column <= row + offset }
    }

    /// The entries on and above the diagonal (`column ≥ row + offset`).
    ///
    /// `offset` 0 keeps the diagonal, 1 gives the strictly upper triangle.
    public func upperTriangle(offset: Int = 0) -> CSRMatrix {
        filtered { row, column in column >= row + offset }
    }

    /// The matrix as dense rows (`rows × columns` doubles: meant for small matrices and tests).
    public func denseRows() -> [[Double]] {
        var dense = [[Double]](repeating: [Double](repeating: 0, count: columnCount), count: rowCount)
        for i in 0..<rowCount {
            for k in Int(rowPointers[i])..<Int(rowPointers[i + 1]) { dense[i][Int(columnIndices[k])] = values[k] }
        }
        return dense
    }

    /// The entries for which `keep(row, column)` is true, in the same order.
    func filtered(_ keep: (Int, Int) -> Bool) -> CSRMatrix {
        var pointers = [Int32](repeating: 0, count: rowCount + 1)
        for i in 0..<rowCount {
            var kept: Int32 = 0
            for k in Int(rowPointers[i])..<Int(rowPointers[i + 1]) where keep(i, Int(columnIndices[k])) { kept += 1 }
            pointers[i + 1] = pointers[i] + kept
        }
        let count = Int(pointers[rowCount])
        var outColumns = [Int32](repeating: 0, count: count)
        var outValues = [Double](repeating: 0, count: count)
        outColumns.withUnsafeMutableBufferPointer { oc in
            outValues.withUnsafeMutableBufferPointer { ov in
                withStorage { rp, ci, v in
                    var next = 0
                    for i in 0..<rowCount {
                        for k in Int(rp[i])..<Int(rp[i + 1]) where keep(i, Int(ci[k])) {
                            oc[next] = ci[k]
                            ov[next] = v[k]
                            next += 1
                        }
                    }
                }
            }
        }
        return CSRMatrix(uncheckedRowCount: rowCount, columnCount: columnCount, rowPointers: pointers,
                         columnIndices: outColumns, values: outValues)
    }
}
