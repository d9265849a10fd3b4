import Foundation
import Meshes
import SparseLinearAlgebra

/// Assembly of bilinear forms into CSR matrices and linear forms into load vectors.
extension FunctionSpace {
    /// The default quadrature degree on this space, `2p` for elements of degree p: exact for mass
    /// matrices and for load vectors of degree-p data on affine cells.
    public var defaultQuadratureDegree: Int { 2 * element.degree }

    /// The default quadrature degree for `form`: `2(p − 1)` for the gradient kernels (laplace,
    /// elasticity) on simplices, where that is exact; `2p` otherwise.
    public func defaultQuadratureDegree(for form: BilinearForm) -> Int {
        switch form.kernel {
        case .laplace, .elasticity:
            let affine = [CellType.segment, .triangle, .tetrahedron].contains(mesh.cellType)
            return affine ? 2 * (element.degree - 1) : 2 * element.degree
        case .mass, .closure: return 2 * element.degree
        }
    }

    /// Assembles `form` into a sparse matrix, `dofCount × dofCount`.
    ///
    /// - Parameters:
    ///   - cellWeights: optional factor per cell multiplying its contribution (a piecewise-constant
    ///     coefficient, e.g. a conductivity); `nil` means 1.
    ///   - quadratureDegree: exactness of the quadrature rule; `defaultQuadratureDegree(for:)` when `nil`.
    /// - Complexity: O(cells × quadrature points × local dofs²); cells are split across threads,
    ///   each accumulating into its own copy of the values, summed in a fixed order so results do
    ///   not depend on the thread count up to rounding of that final sum.
    /// - Throws: `FiniteElementError` for a bad quadrature degree, a wrong-length `cellWeights`, or
    ///   a degenerate cell.
    public func assemble(_ form: BilinearForm, cellWeights: [Double]? = nil, quadratureDegree: Int? = nil) throws -> CSRMatrix {
        if let cellWeights, cellWeights.count != mesh.cellCount {
            throw FiniteElementError.dimensionMismatch(expected: mesh.cellCount, found: cellWeights.count, what: "cellWeights")
        }
        let rule = try QuadratureRule.gauss(mesh.cellType, degree: quadratureDegree ?? defaultQuadratureDegree(for: form))
        let pattern = sparsityPattern
        let values: [Double]
        switch form.kernel {
        case .laplace: values = try assembleValues(LaplaceKernel(), rule: rule, pattern: pattern, cellWeights: cellWeights)
        case .mass: values = try assembleValues(MassKernel(), rule: rule, pattern: pattern, cellWeights: cellWeights)
        case let .elasticity(lambda, mu):
            values = try assembleValues(ElasticityKernel(lambda: lambda, mu: mu), rule: rule, pattern: pattern, cellWeights: cellWeights)
        case let .closure(body, usesCoordinates):
            values = try assembleValues(ClosureKernel(body: body, usesCoordinates: usesCoordinates), rule: rule, pattern: pattern, cellWeights: cellWeights)
        }
        do {
            return try CSRMatrix(rowCount: dofCount, columnCount: dofCount, rowPointers: pattern.rowPointers,
                                 columnIndices: pattern.columnIndices, values: values)
        } catch {
            throw FiniteElementError.invalidArgument("assembled matrix rejected: \(error)")
        }
    }

    /// The values of the matrix in `pattern`'s order.
    func assembleValues<K: BilinearKernel>(_ kernel: K, rule: QuadratureRule, pattern: SparsityPattern, cellWeights: [Double]?) throws -> [Double] {
        // Affine cells, scalar Laplace or mass: the element matrix is a fixed combination of
        // reference matrices (AffineKernel), far cheaper than quadrature per cell.
        let affine = AffineKernel(kernel, space: self, rule: rule)
        let integrator = CellIntegrator(element: element, rule: rule)
        return try inParallel(nnz: pattern.columnIndices.count) { cells, values in
            if let affine {
                return affine.accumulate(self, cells: cells, pattern: pattern, cellWeights: cellWeights, into: &values)
            }
            return accumulate(kernel, integrator: integrator, cells: cells, pattern: pattern, cellWeights: cellWeights, into: &values)
        }
    }

    /// Runs `body(cells, values)` over the cells, split across threads each with its own zeroed
    /// values; sums them. `body` returns the first degenerate cell or −1.
    func inParallel(nnz: Int, _ body: @Sendable (Range<Int>, inout [Double]) -> Int) throws -> [Double] {
        let threads = mesh.cellCount >= 20_000 ? max(1, min(SparseParallelism.defaultThreadCount, 8)) : 1
        let results = ThreadResults(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let first = t * mesh.cellCount / threads, last = (t + 1) * mesh.cellCount / threads
            var values = [Double](repeating: 0, count: nnz)
            let bad = body(first..<last, &values)
            results.store(t, values, bad)
        }
        let (partial, failed) = results.collected
        if let bad = failed.first(where: { $0 >= 0 }) {
            throw FiniteElementError.invalidArgument("cell \(bad) is degenerate (zero Jacobian determinant)")
        }
        var total = partial[0]
        guard threads > 1 else { return total }
        // Sum the other threads' values into the first's, in parallel over chunks of entries.
        total.withUnsafeMutableBufferPointer { out in
            let target = UnsafeSendable(out.baseAddress!)
            let chunks = threads * 4
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let range = (chunk * nnz / chunks)..<((chunk + 1) * nnz / chunks)
                for t in 1..<threads {
                    partial[t].withUnsafeBufferPointer { source in
                        for k in range { target.pointer[k] += source[k] }
                    }
                }
            }
        }
        return total
    }

    /// Adds the element matrices of `cells` into `values`; returns the first degenerate cell or −1.
    func accumulate<K: BilinearKernel>(
        _ kernel: K, integrator: CellIntegrator, cells range: Range<Int>, pattern: SparsityPattern, cellWeights: [Double]?,
        into values: inout [Double]
    ) -> Int {
        let n = element.localCount, m = localDofCount, d = dimension, comps = components
        let quadratureCount = integrator.rule.count
        let symmetric = kernel.isSymmetric
        let usesCoordinates = kernel.usesCoordinates
        let work = integrator.makeWorkspace()
        let shapes = UnsafeMutablePointer<ShapeFunction>.allocate(capacity: quadratureCount * m)
        let local = UnsafeMutablePointer<Double>.allocate(capacity: m * m)
        let dofs = UnsafeMutablePointer<Int>.allocate(capacity: m)
        defer {
            shapes.deallocate()
            local.deallocate()
            dofs.deallocate()
        }
        return mesh.points.withUnsafeBufferPointer { points in
            mesh.cells.withUnsafeBufferPointer { cells in
                cellNodes.withUnsafeBufferPointer { cellNodes in
                    pattern.rowPointers.withUnsafeBufferPointer { rowPointers in
                        pattern.columnIndices.withUnsafeBufferPointer { columns in
                            values.withUnsafeMutableBufferPointer { values in
                                for c in range {
                                    guard integrator.map(cell: c, points: points.baseAddress!, cells: cells.baseAddress!,
                                                         coordinates: usesCoordinates, into: work) else { return c }
                                    integrator.fillShapes(shapes, components: comps, from: work)
                                    local.initialize(repeating: 0, count: m * m)
                                    for q in 0..<quadratureCount {
                                        let w = work.weights[q]
                                        var x = SIMD3<Double>.zero
                                        if usesCoordinates { for k in 0..<d { x[k] = work.coordinates[q * d + k] } }
                                        let point = QuadraturePoint(x: x, cell: c)
                                        let row = shapes + q * m
                                        for i in 0..<m {
                                            let v = row[i]
                                            for j in (symmetric ? i : 0)..<m { local[i * m + j] += w * kernel(row[j], v, point) }
                                        }
                                    }
                                    if symmetric {
                                        for i in 0..<m { for j in 0..<i { local[i * m + j] = local[j * m + i] } }
                                    }
                                    let scale = cellWeights?[c] ?? 1
                                    for i in 0..<m { dofs[i] = Int(cellNodes[c * n + i / comps]) * comps + i % comps }
                                    for i in 0..<m {
                                        let rowStart = Int(rowPointers[dofs[i]]), rowEnd = Int(rowPointers[dofs[i] + 1])
                                        for j in 0..<m {
                                            let position = Self.position(of: Int32(truncatingIfNeeded: dofs[j]), in: columns, rowStart, rowEnd)
                                            values[position] += scale * local[i * m + j]
                                        }
                                    }
                                }
                                return -1
                            }
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    func shape(_ integrator: CellIntegrator, _ work: CellIntegrator.Workspace, q: Int, a: Int, component: Int, n: Int, d: Int) -> ShapeFunction {
        var g = SIMD3<Double>.zero
        for k in 0..<d { g[k] = work.gradients[(q * n + a) * d + k] }
        return ShapeFunction(value: integrator.values[q * n + a], gradient: g, component: component)
    }

    /// Binary search of `column` in the sorted slice `columns[start..<end]`.
    @inline(__always)
    static func position(of column: Int32, in columns: UnsafeBufferPointer<Int32>, _ start: Int, _ end: Int) -> Int {
        var lo = start, hi = end
        while lo < hi {
            let mid = (lo + hi) >> 1
            if columns[mid] < column { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Assembles `form` into a load vector of length `dofCount` (default quadrature degree `2p`,
    /// as for the matrices).
    /// - Throws: `FiniteElementError` for a bad quadrature degree or a degenerate cell.
    public func assemble(_ form: LinearForm, quadratureDegree: Int? = nil) throws -> [Double] {
        let rule = try QuadratureRule.gauss(mesh.cellType, degree: quadratureDegree ?? defaultQuadratureDegree)
        let integrator = CellIntegrator(element: element, rule: rule)
        return try inParallel(nnz: dofCount) { cells, load in
            accumulateLoad(form, integrator: integrator, cells: cells, into: &load)
        }
    }

    /// Adds the element load vectors of `cells` into `load`; returns the first degenerate cell or −1.
    private func accumulateLoad(_ form: LinearForm, integrator: CellIntegrator, cells range: Range<Int>, into load: inout [Double]) -> Int {
        let n = element.localCount, d = dimension, comps = components
        let work = integrator.makeWorkspace()
        return mesh.points.withUnsafeBufferPointer { points in
            mesh.cells.withUnsafeBufferPointer { cells in
                cellNodes.withUnsafeBufferPointer { cellNodes in
                    load.withUnsafeMutableBufferPointer { load in
                        for c in range {
                            guard integrator.map(cell: c, points: points.baseAddress!, cells: cells.baseAddress!, coordinates: true, into: work) else {
                                return c
                            }
                            for q in 0..<integrator.quadratureCount {
                                var x = SIMD3<Double>.zero
                                for k in 0..<d { x[k] = work.coordinates[q * d + k] }
                                let w = work.weights[q]
                                switch form.kind {
                                case let .source(f):
                                    let source = f(x)
                                    for a in 0..<n {
                                        let node = Int(cellNodes[c * n + a])
                                        let value = w * integrator.values[q * n + a]
                                        for k in 0..<comps { load[node * comps + k] += value * source[k] }
                                    }
                                case let .closure(body):
                                    let point = QuadraturePoint(x: x, cell: c)
                                    for i in 0..<(n * comps) {
                                        let v = shape(integrator, work, q: q, a: i / comps, component: i % comps, n: n, d: d)
                                        load[Int(cellNodes[c * n + i / comps]) * comps + i % comps] += w * body(v, point)
                                    }
                                }
                            }
                        }
                        return -1
                    }
                }
            }
        }
    }
}

/// Per-thread results of a parallel assembly, stored under a lock.
private final class ThreadResults: @unchecked Sendable {
    private var partial: [[Double]]
    private var failed: [Int]
    private let lock = NSLock()

    init(count: Int) {
        partial = [[Double]](repeating: [], count: count)
        failed = [Int](repeating: -1, count: count)
    }

    func store(_ t: Int, _ values: [Double], _ bad: Int) {
        lock.lock()
        partial[t] = values
        failed[t] = bad
        lock.unlock()
    }

    var collected: ([[Double]], [Int]) {
        lock.lock()
        defer { lock.unlock() }
        return (partial, failed)
    }
}
