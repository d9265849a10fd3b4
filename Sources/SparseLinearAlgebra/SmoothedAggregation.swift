/// The set-up steps of smoothed-aggregation algebraic multigrid (Vaněk, Mandel and Brezina 1996),
/// one level at a time.
enum SmoothedAggregation {
    /// `j ≠ i` is a strong neighbour of `i` when `|aᵢⱼ| > θ √|aᵢᵢ aⱼⱼ|` (stored zeros never are).
    /// Returns the strong neighbours of every row in CSR form (pointers, columns).
    static func strongNeighbours(of a: CSRMatrix, threshold theta: Double, diagonal: [Double]) -> ([Int32], [Int32]) {
        let n = a.rowCount
        var pointers = [Int32](repeating: 0, count: n + 1)
        var columns: [Int32] = []
        columns.reserveCapacity(a.nonzeroCount)
        for i in 0..<n {
            for k in Int(a.rowPointers[i])..<Int(a.rowPointers[i + 1]) {
                let j = Int(a.columnIndices[k])
                let v = abs(a.values[k])
                if j != i, v > 0, v > theta * abs(diagonal[i] * diagonal[j]).squareRoot() { columns.append(Int32(j)) }
            }
            pointers[i + 1] = Int32(columns.count)
        }
        return (pointers, columns)
    }

    /// Standard aggregation. Pass 1: a node whose strong neighbours are all free forms an aggregate
    /// with them. Pass 2: every other free node joins the aggregate of a strong neighbour aggregated
    /// in pass 1. Pass 3: nodes still free form aggregates with their free strong neighbours. Nodes
    /// without strong neighbours (rows decoupled from the rest, such as eliminated Dirichlet rows)
    /// belong to no aggregate (`-1`): the smoother alone treats them.
    /// Returns the aggregate of every node and the number of aggregates.
    static func aggregate(pointers: [Int32], columns: [Int32]) -> ([Int], Int) {
        let n = pointers.count - 1
        var aggregateOf = [Int](repeating: -1, count: n)
        var count = 0
        func neighbours(_ i: Int) -> Range<Int> { Int(pointers[i])..<Int(pointers[i + 1]) }
        for i in 0..<n where aggregateOf[i] == -1 && !neighbours(i).isEmpty {
            guard neighbours(i).allSatisfy({ aggregateOf[Int(columns[$0])] == -1 }) else { continue }
            aggregateOf[i] = count
            for k in neighbours(i) { aggregateOf[Int(columns[k])] = count }
            count += 1
        }
        let afterFirstPass = aggregateOf
        for i in 0..<n where aggregateOf[i] == -1 {
            for k in neighbours(i) where afterFirstPass[Int(columns[k])] >= 0 {
                aggregateOf[i] = afterFirstPass[Int(columns[k])]
                break
            }
        }
        for i in 0..<n where aggregateOf[i] == -1 && !neighbours(i).isEmpty {
            aggregateOf[i] = count
            for k in neighbours(i) where aggregateOf[Int(columns[k])] == -1 { aggregateOf[Int(columns[k])] = count }
            count += 1
        }
        return (aggregateOf, count)
    }

    /// The tentative prolongator: column `a` is the near-null-space candidate `b` restricted to
    /// aggregate `a` and scaled to unit 2-norm; the candidate of the coarse level holds those norms,
    /// so `T b_c = b`. On the finest level `b` is the constant vector (the null space of a Laplacian
    /// without Dirichlet rows); carrying it down keeps every level's matrix exact on it.
    static func tentativeProlongator(aggregateOf: [Int], count: Int, candidate b: [Double]) -> (CSRMatrix, [Double]) {
        let n = aggregateOf.count
        var norms = [Double](repeating: 0, count: count)
        for i in 0..<n where aggregateOf[i] >= 0 { norms[aggregateOf[i]] += b[i] * b[i] }
        for a in 0..<count { norms[a] = norms[a].squareRoot() }
        var pointers = [Int32](repeating: 0, count: n + 1)
        var columns: [Int32] = []
        var values: [Double] = []
        for i in 0..<n {
            let a = aggregateOf[i]
            if a >= 0, norms[a] > 0 {
                columns.append(Int32(a))
                values.append(b[i] / norms[a])
            }
            pointers[i + 1] = Int32(values.count)
        }
        let t = CSRMatrix(uncheckedRowCount: n, columnCount: count, rowPointers: pointers, columnIndices: columns, values: values)
        return (t, norms)
    }

    /// An estimate of the spectral radius of `D⁻¹A` from `iterations` power steps (from a fixed
    /// start vector; a slight over-estimate is harmless for the prolongator smoothing).
    static func spectralRadius(of a: CSRMatrix, inverseDiagonal: [Double], iterations: Int = 15) -> Double {
        let n = a.rowCount
        var v = (0..<n).map { 1 + 0.5 * Double(($0 * 7919) % 101) / 101 }
        var y = [Double](repeating: 0, count: n)
        var estimate = 0.0
        for _ in 0..<iterations {
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0, norm.isFinite else { break }
            for i in 0..<n { v[i] /= norm }
            a.apply(v, into: &y, threadCount: SparseParallelism.defaultThreadCount)
            for i in 0..<n { y[i] *= inverseDiagonal[i] }
            estimate = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
            swap(&v, &y)
        }
        return estimate
    }
}

/// A small dense symmetric positive definite matrix factored as `L Lᵀ` (the coarsest multigrid level).
struct DenseCholesky: Sendable {
    let size: Int
    /// Row-major lower triangle of `L` (the upper part is unused).
    private let factor: [Double]

    /// Factors the symmetric matrix `a` (its lower triangle is read); `nil` when a pivot is not
    /// positive beyond round-off (at most 10⁻¹² of its diagonal entry: a singular matrix in floating
    /// point, whose pivots come out as rounding errors of either sign).
    init?(_ a: CSRMatrix) {
        let n = a.rowCount
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for k in Int(a.rowPointers[i])..<Int(a.rowPointers[i + 1]) where Int(a.columnIndices[k]) <= i {
                l[i * n + Int(a.columnIndices[k])] = a.values[k]
            }
        }
        for j in 0..<n {
            var pivot = l[j * n + j]
            let diagonal = pivot
            for m in 0..<j { pivot -= l[j * n + m] * l[j * n + m] }
            guard pivot > 1e-12 * abs(diagonal), pivot.isFinite else { return nil }
            let d = pivot.squareRoot()
            l[j * n + j] = d
            for i in (j + 1)..<max(j + 1, n) {
                var s = l[i * n + j]
                for m in 0..<j { s -= l[i * n + m] * l[j * n + m] }
                l[i * n + j] = s / d
            }
        }
        size = n
        factor = l
    }

    /// Solves `L Lᵀ x = b` in place.
    func solve(_ x: inout [Double]) {
        let n = size
        for i in 0..<n {
            var s = x[i]
            for m in 0..<i { s -= factor[i * n + m] * x[m] }
            x[i] = s / factor[i * n + i]
        }
        var i = n - 1
        while i >= 0 {
            var s = x[i]
            for m in (i + 1)..<max(i + 1, n) { s -= factor[m * n + i] * x[m] }
            x[i] = s / factor[i * n + i]
            i -= 1
        }
    }
}
