import Foundation

/// `C = A · B` for a tall `A` (`[m, k]`, many rows) and a small `B` (`[k, n]`, `k, n ≤ 32`): the
/// shape of a dense layer applied to a stacked jet or a point batch, forward (`x W`) and backward
/// (`g Wᵀ`).
///
/// OpenBLAS copies ("packs") both operands of every product and zero-fills `C` before accumulating;
/// for these shapes the copies of the tall operand cost as much as the arithmetic. Here `B` is
/// copied once into a zero-padded `[k, n₈]` block (n₈ = n rounded up to 8 columns) that stays in L1,
/// and each group of four rows of `A` is multiplied straight from memory into register
/// accumulators, eight columns at a time. Rows are split into fixed chunks across threads (the
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

    /// `c[m, n] = a[m, k] · b[k, n]` (row-major); `transposeB` reads `b` as `[n, k]`.
    static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, transposeB: Bool,
                         into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int) {
        let blocks = (n + 7) / 8, width = blocks * 8
        // B as [k, width], zero-padded: column j of block q is b[·, 8q + j].
        let packed = UnsafeMutablePointer<Double>.allocate(capacity: k * width)
        defer { packed.deallocate() }
        packed.initialize(repeating: 0, count: k * width)
        for p in 0..<k {
            for j in 0..<n { packed[p * width + j] = transposeB ? b[j * k + p] : b[p * n + j] }
        }
        let A = UncheckedSendable(a), P = UncheckedSendable(UnsafePointer(packed)), C = UncheckedSendable(c)
        parallelChunks(count: m, grain: 1 << 11) { rows in
            var i = rows.lowerBound
            while i + 4 <= rows.upperBound {
                for q in 0..<blocks { fourRows(A.value + i * k, P.value + 8 * q, C.value + i * n + 8 * q, k: k, width: width, n: n, columns: min(8, n - 8 * q)) }
                i += 4
            }
            while i < rows.upperBound {
                for q in 0..<blocks { oneRow(A.value + i * k, P.value + 8 * q, C.value + i * n + 8 * q, k: k, width: width, columns: min(8, n - 8 * q)) }
                i += 1
            }
        }
    }

    /// Rows `a[0..<4]` (stride `k`) times one 8-column block of the packed `B` (stride `width`).
    @inline(__always)
    static func fourRows(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                         k: Int, width: Int, n: Int, columns: Int) {
        var c0 = SIMD8<Double>(), c1 = SIMD8<Double>(), c2 = SIMD8<Double>(), c3 = SIMD8<Double>()
        let a0 = a, a1 = a + k, a2 = a + 2 * k, a3 = a + 3 * k
        for p in 0..<k {
            let bp = UnsafeRawPointer(b + p * width).loadUnaligned(as: SIMD8<Double>.self)
            c0.addProduct(SIMD8(repeating: a0[p]), bp)
            c1.addProduct(SIMD8(repeating: a1[p]), bp)
            c2.addProduct(SIMD8(repeating: a2[p]), bp)
            c3.addProduct(SIMD8(repeating: a3[p]), bp)
        }
        store(c0, c, columns)
        store(c1, c + n, columns)
        store(c2, c + 2 * n, columns)
        store(c3, c + 3 * n, columns)
    }

    @inline(__always)
    static func oneRow(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                       k: Int, width: Int, columns: Int) {
        var acc = SIMD8<Double>()
        for p in 0..<k {
            acc.addProduct(SIMD8(repeating: a[p]), UnsafeRawPointer(b + p * width).loadUnaligned(as: SIMD8<Double>.self))
        }
        store(acc, c, columns)
    }

    /// Stores the first `columns` (≤ 8) lanes.
    @inline(__always)
    static func store(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>, _ columns: Int) {
        if columns == 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
        } else {
            for j in 0..<columns { p[j] = v[j] }
        }
    }
}
