import CCHOLMOD
import SystemResources

/// A sparse Cholesky factorisation `P A Pᵀ = L Lᵀ` of a symmetric positive definite matrix,
/// computed by SuiteSparse CHOLMOD.
///
/// Following the `init` (analyse) / `compute` (solve) split: the **symbolic analysis** — the
/// fill-reducing ordering (CHOLMOD's default: AMD, METIS when AMD fills badly) and the elimination
/// tree — happens once, in `init(analyzing:)`; **numeric factorisations** with `factor(_:)` reuse it
/// for any matrix with the same sparsity pattern (a time-stepping or Newton loop whose values change);
/// `solve` then costs two triangular sweeps per right-hand side.
///
/// The matrix may be given in full (it must then be symmetric: checked exactly) or as its lower
/// triangle only; CHOLMOD reads the lower triangle. No copy of the matrix is made to call CHOLMOD.
/// Accuracy is that of a backward-stable Cholesky: relative error about `κ(A) · ε`.
/// CHOLMOD chooses a supernodal factorisation (through BLAS) for matrices with large fill and a
/// simplicial one otherwise.
///
/// CHOLMOD's 64-bit-index interface (`cholmod_l_*`) is used throughout, so factors with more than
/// 2³¹ entries (3-D problems from about 100³ unknowns up) are limited only by memory; the pattern is
/// kept once as 64-bit indices for that.
///
/// An instance owns CHOLMOD's workspace and factor and frees them in `deinit`. It is not safe to
/// use from several threads at once.
public final class SparseCholesky {
    private let common: UnsafeMutablePointer<cholmod_common>
    private var factorPointer: UnsafeMutablePointer<cholmod_factor>?
    private let pattern: (rowPointers: [Int32], columnIndices: [Int32])
    /// The pattern as CHOLMOD's 64-bit indices, handed to every analysis and factorisation.
    private let widePattern: (rowPointers: [Int], columnIndices: [Int])
    private let lowerOnly: Bool
    /// The order `n` of the matrix.
    public let size: Int
    /// Whether a numeric factorisation succeeded and `solve` may be called.
    public private(set) var isFactored = false
    /// Entries of `L` predicted by the symbolic analysis (CHOLMOD's `lnz`).
    public let predictedFactorNonzeros: Double
    /// Floating-point operations of the numeric factorisation predicted by the analysis (CHOLMOD's `fl`).
    public let predictedFlops: Double
    /// Bytes the numeric factor is predicted to occupy: values and row indices of `L`, and for a
    /// supernodal factor CHOLMOD's largest update matrix. `factor(_:)` refuses to start when this
    /// exceeds the memory the system reports available, instead of being killed part-way.
    public let predictedFactorBytes: Double
    /// The most memory, in bytes, a first numeric factorisation may take; `nil` (the default) means
    /// the memory the system reports available (`ProcessResources.availableMemoryBytes()`: `MemAvailable`
    /// on Linux, or less under a control group's memory limit; no check where unknown).
    public var memoryLimitBytes: Double?

    /// Analyses the sparsity pattern of `matrix` (values are not read): ordering and symbolic factor.
    /// - Throws: `SparseCholeskyError.notSquare`, `.notSymmetric` (a full matrix whose entries above
    ///   the diagonal do not mirror those below), or `.cholmod` when CHOLMOD fails.
    public init(analyzing matrix: CSRMatrix) throws {
        guard matrix.rowCount == matrix.columnCount else {
            throw SparseCholeskyError.notSquare(rows: matrix.rowCount, columns: matrix.columnCount)
        }
        let lowerOnly = SparseCholesky.isLowerTriangular(matrix)
        if !lowerOnly && !matrix.isSymmetric() { throw SparseCholeskyError.notSymmetric }
        self.lowerOnly = lowerOnly
        size = matrix.rowCount
        pattern = (matrix.rowPointers, matrix.columnIndices)
        let widePattern = (matrix.rowPointers.map(Int.init), matrix.columnIndices.map(Int.init))
        self.widePattern = widePattern
        let common = UnsafeMutablePointer<cholmod_common>.allocate(capacity: 1)
        common.initialize(to: cholmod_common())
        ProcessResources.capBLASThreads()
        cholmod_l_start(common)
        common.pointee.print = 0            // errors are reported as Swift errors, not printed
        common.pointee.error_handler = nil
        // LLᵀ throughout: a simplicial LDLᵀ would accept negative pivots (a negative-definite
        // matrix factors "successfully"), while LLᵀ stops at the first non-positive pivot.
        common.pointee.final_ll = 1
        let factor = SparseCholesky.withCHOLMODView(of: matrix, pattern: widePattern) { a in cholmod_l_analyze(a, common) }
        guard let factor, common.pointee.status >= 0 else {
            let status = Int(common.pointee.status)
            var partial = factor
            if partial != nil { _ = cholmod_l_free_factor(&partial, common) }
            cholmod_l_finish(common)
            common.deallocate()
            throw SparseCholeskyError.cholmod(status: status, operation: "analysis")
        }
        self.common = common
        factorPointer = factor
        predictedFactorNonzeros = common.pointee.lnz
        predictedFlops = common.pointee.fl
        let symbolic = factor.pointee
        if symbolic.is_super != 0 {
            predictedFactorBytes = 8 * (Double(symbolic.xsize) + Double(symbolic.maxcsize) + Double(symbolic.ssize))
        } else {
            predictedFactorBytes = 16 * common.pointee.lnz
        }
    }

    /// Analyses and factors `matrix` in one step.
    /// - Throws: as `init(analyzing:)` and `factor(_:)`.
    public convenience init(factoring matrix: CSRMatrix) throws {
        try self.init(analyzing: matrix)
        try factor(matrix)
    }

    deinit {
        if factorPointer != nil { _ = cholmod_l_free_factor(&factorPointer, common) }
        cholmod_l_finish(common)
        common.deallocate()
    }

    /// Computes the numeric factorisation of `matrix`, reusing the symbolic analysis.
    ///
    /// `matrix` must have exactly the analysed pattern (same rows, columns and stored positions;
    /// values may differ). On failure the previous factorisation is no longer usable
    /// (`isFactored` becomes false).
    /// - Throws: `SparseCholeskyError.patternMismatch`, `.notSymmetric`, `.notPositiveDefinite(column:)`,
    ///   `.insufficientMemory` (the predicted factor does not fit in the available memory), or `.cholmod`.
    public func factor(_ matrix: CSRMatrix) throws {
        guard matrix.rowCount == size, matrix.columnCount == size,
              matrix.rowPointers == pattern.rowPointers, matrix.columnIndices == pattern.columnIndices else {
            throw SparseCholeskyError.patternMismatch
        }
        if !lowerOnly && !matrix.isSymmetric() { throw SparseCholeskyError.notSymmetric }
        isFactored = false
        guard let factor = factorPointer else { throw SparseCholeskyError.notFactored }
        if factor.pointee.xtype == Int32(CHOLMOD_PATTERN),
           let available = memoryLimitBytes ?? ProcessResources.availableMemoryBytes().map(Double.init), predictedFactorBytes > available {
            // Not yet factored (a refactorisation reuses the memory it already holds): refuse now
            // rather than have the operating system kill the process half-way.
            throw SparseCholeskyError.insufficientMemory(requiredBytes: predictedFactorBytes, availableBytes: available)
        }
        let ok = SparseCholesky.withCHOLMODView(of: matrix, pattern: widePattern) { a in
            cholmod_l_factorize(a, factor, common)
        }
        let status = common.pointee.status
        if status == CHOLMOD_NOT_POSDEF || (ok != 0 && Int(factor.pointee.minor) < size) {
            throw SparseCholeskyError.notPositiveDefinite(column: Int(factor.pointee.minor))
        }
        guard ok != 0, status >= 0 else { throw SparseCholeskyError.cholmod(status: Int(status), operation: "factorisation") }
        isFactored = true
    }

    /// Solves `A x = b`. O(nnz(L)).
    /// - Throws: `SparseCholeskyError.notFactored`, `.dimensionMismatch`, or `.cholmod`.
    public func solve(_ b: [Double]) throws -> [Double] {
        guard b.count == size else { throw SparseCholeskyError.dimensionMismatch(expected: size, found: b.count) }
        return try solve(columnMajor: b, columns: 1)
    }

    /// Solves `A X = B` for several right-hand sides at once (one pass over `L` for all of them).
    /// - Throws: `SparseCholeskyError.notFactored`, `.dimensionMismatch`, or `.cholmod`.
    public func solve(_ rightHandSides: [[Double]]) throws -> [[Double]] {
        guard !rightHandSides.isEmpty else { return [] }
        var packed: [Double] = []
        packed.reserveCapacity(size * rightHandSides.count)
        for b in rightHandSides {
            guard b.count == size else { throw SparseCholeskyError.dimensionMismatch(expected: size, found: b.count) }
            packed.append(contentsOf: b)
        }
        let x = try solve(columnMajor: packed, columns: rightHandSides.count)
        return (0..<rightHandSides.count).map { Array(x[($0 * size)..<(($0 + 1) * size)]) }
    }

    /// Solves `A X = B` with `B` an `n × columns` matrix stored column by column.
    /// - Throws: `SparseCholeskyError.notFactored`, `.dimensionMismatch`, or `.cholmod`.
    public func solve(columnMajor b: [Double], columns: Int) throws -> [Double] {
        guard isFactored, let factor = factorPointer else { throw SparseCholeskyError.notFactored }
        guard columns >= 0, b.count == size * columns else {
            throw SparseCholeskyError.dimensionMismatch(expected: size * max(columns, 0), found: b.count)
        }
        if columns == 0 || size == 0 { return b }
        var rhs = b
        let result: UnsafeMutablePointer<cholmod_dense>? = rhs.withUnsafeMutableBufferPointer { buffer in
            var dense = cholmod_dense()
            dense.nrow = size
            dense.ncol = columns
            dense.nzmax = size * columns
            dense.d = size
            dense.x = UnsafeMutableRawPointer(buffer.baseAddress)
            dense.z = nil
            dense.xtype = Int32(CHOLMOD_REAL)
            dense.dtype = Int32(CHOLMOD_DOUBLE)
            return cholmod_l_solve(Int32(CHOLMOD_A), factor, &dense, common)
        }
        guard let solution = result else {
            throw SparseCholeskyError.cholmod(status: Int(common.pointee.status), operation: "solve")
        }
        let values = solution.pointee.x.assumingMemoryBound(to: Double.self)
        let x = Array(UnsafeBufferPointer(start: values, count: size * columns))
        var owned: UnsafeMutablePointer<cholmod_dense>? = solution
        _ = cholmod_l_free_dense(&owned, common)
        return x
    }

    /// Whether no entry lies above the diagonal.
    private static func isLowerTriangular(_ m: CSRMatrix) -> Bool {
        for i in 0..<m.rowCount {
            let end = Int(m.rowPointers[i + 1])
            if end > Int(m.rowPointers[i]) && Int(m.columnIndices[end - 1]) > i { return false }
        }
        return true
    }

    /// Presents the CSR arrays to CHOLMOD (values without copying, indices from the 64-bit copy).
    /// A CSR matrix is the compressed-column form of its transpose; with `stype = +1` CHOLMOD reads
    /// that transpose's upper triangle, which is our lower triangle — the symmetric matrix it
    /// describes is `A` itself.
    private static func withCHOLMODView<R>(of matrix: CSRMatrix, pattern: (rowPointers: [Int], columnIndices: [Int]),
                                           _ body: (UnsafeMutablePointer<cholmod_sparse>) -> R) -> R {
        matrix.withStorage { _, _, v in
            pattern.rowPointers.withUnsafeBufferPointer { rp in
                pattern.columnIndices.withUnsafeBufferPointer { ci in
                    var a = cholmod_sparse()
                    a.nrow = matrix.rowCount
                    a.ncol = matrix.columnCount
                    a.nzmax = matrix.nonzeroCount
                    a.p = UnsafeMutableRawPointer(mutating: rp.baseAddress)
                    a.i = UnsafeMutableRawPointer(mutating: ci.baseAddress)
                    a.nz = nil
                    a.x = UnsafeMutableRawPointer(mutating: v)
                    a.z = nil
                    a.stype = 1
                    a.itype = Int32(CHOLMOD_LONG)
                    a.xtype = Int32(CHOLMOD_REAL)
                    a.dtype = Int32(CHOLMOD_DOUBLE)
                    a.sorted = 1
                    a.packed = 1
                    return withUnsafeMutablePointer(to: &a) { body($0) }
                }
            }
        }
    }
}
