import Foundation

/// `C = A · B` for a tall `A` (`[m, k]`, many rows) and a small `B` (`[k, n]`, `k, n ≤ 32`): the
/// shape of a dense layer applied to a stacked jet or a point batch, forward (`x W`) and backward
/// (`g Wᵀ`).
///
/// OpenBLAS copies ("packs") both operands of every product and zero-fills `C` before accumulating;
/// for these shapes the copies of the tall operand cost as much as the arithmetic. Here `B` is
/// copied once into a zero-padded `[k, n₈]` block (n₈ = n rounded up to 8 columns) that stays in L1,
/// and each group of four rows of `A` is multiplied straight from memory into register
/// accumulators (`SmallMatrixKernels`). Rows are split into fixed chunks across threads (the
/// result does not depend on the thread count). Such a product is bound by memory (reading `A`,
/// writing `C`), so skipping OpenBLAS's copy of `A` and its zero-fill of `C` is what counts:
/// measured (`bench matmul`, one thread) `[40400, 20] · [20, 20]` 1.2 ms against OpenBLAS's
/// 1.6 ms; at 50 columns both take the same time and at 64 OpenBLAS's kernel is faster (the
/// product becomes bound by arithmetic), hence the limit of 32.
enum TallSkinnyMatMul {
    /// The largest `k` and `n` handled here.
    static let maximumInner = 32
    /// Fewer rows than this go to OpenBLAS (its copies are cheap there).
    static let minimumRows = 1024

    /// Off when the environment sets `PDEKIT_TALL_SKINNY=0` (every product then goes to OpenBLAS,
    /// for comparisons).
    static let enabled = ProcessInfo.processInfo.environment["PDEKIT_TALL_SKINNY"] != "0"

    /// Whether `[m, k] · [k, n]` takes this path.
    static func applies(m: Int, k: Int, n: Int) -> Bool {
        enabled && m >= minimumRows && k >= 1 && k <= maximumInner && n >= 1 && n <= maximumInner
    }

    /// `c[m, n] = a[m, k] · b[k, n]` (row-major); `transposeB` reads `b` as `[n, k]`. The register
    /// kernels are `SmallMatrixKernels.multiply`, on fixed chunks of rows.
    static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, transposeB: Bool,
                         into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int) {
        let packed = UnsafeMutablePointer<Double>.allocate(capacity: k * SmallMatrixKernels.paddedWidth(n, Double.self))
        defer { packed.deallocate() }
        SmallMatrixKernels.pack(b, k: k, n: n, transposed: transposeB, into: packed)
        let A = UncheckedSendable(a), P = UncheckedSendable(UnsafePointer(packed)), C = UncheckedSendable(c)
        parallelChunks(count: m, grain: 1 << 11) { rows in
            SmallMatrixKernels.multiply(A.value + rows.lowerBound * k, rows: rows.count, k: k, packed: P.value, n: n,
                                        into: C.value + rows.lowerBound * n)
        }
    }
}
