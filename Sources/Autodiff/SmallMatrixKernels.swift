/// Register-blocked products of a block of rows that sits in cache with a small matrix (a dense
/// layer's weights, at most a few dozen columns): the forward product `x W`, the backward product
/// `g Wᵀ` and the weight gradient `xᵀ g`, as used by the fused network kernels (`PerceptronJet`).
///
/// The small operand is packed once into a zero-padded `[k, n₈]` block (`n₈` = `n` rounded up to
/// a multiple of 8) so that every column block is one 8-lane vector; rows are taken four at a time
/// and column blocks up to three at a time, giving twelve accumulators per inner loop.
enum SmallMatrixKernels {
    /// `n` rounded up to a multiple of 8.
    @inline(__always)
    static func paddedWidth(_ n: Int) -> Int { (n + 7) / 8 * 8 }

    /// Packs `b` (`[k, n]`, or `[n, k]` read transposed) into `packed` (`[k, n₈]`, zero-padded).
    static func pack(_ b: UnsafePointer<Double>, k: Int, n: Int, transposed: Bool,
                     into packed: UnsafeMutablePointer<Double>) {
        let width = paddedWidth(n)
        packed.initialize(repeating: 0, count: k * width)
        for p in 0..<k {
            for j in 0..<n { packed[p * width + j] = transposed ? b[j * k + p] : b[p * n + j] }
        }
    }

    /// `c[r, j] = Σₚ a[r, p] · packed[p, j]` for `r < rows`, `j < n`; `a` has row stride `k`, `c` row
    /// stride `n`.
    static func multiply(_ a: UnsafePointer<Double>, rows: Int, k: Int, packed: UnsafePointer<Double>,
                         n: Int, into c: UnsafeMutablePointer<Double>) {
        let width = paddedWidth(n), blocks = width / 8
        var r = 0
        while r < rows {
            let count = min(4, rows - r)
            // Rows past the end repeat the last row (their results are not stored).
            let a0 = a + r * k, a1 = a0 + (count > 1 ? k : 0), a2 = a0 + (count > 2 ? 2 * k : 0), a3 = a0 + (count > 3 ? 3 * k : 0)
            var q = 0
            while q < blocks {
                let step = min(3, blocks - q)
                var acc = Accumulators()
                switch step {
                case 3: acc.fourByThree(a0, a1, a2, a3, packed + 8 * q, k: k, stride: width)
                case 2: acc.fourByTwo(a0, a1, a2, a3, packed + 8 * q, k: k, stride: width)
                default: acc.fourByOne(a0, a1, a2, a3, packed + 8 * q, k: k, stride: width)
                }
                acc.store(c + r * n + 8 * q, rowStride: n, rows: count, blocks: step, lanes: n - 8 * q)
                q += step
            }
            r += 4
        }
    }

    /// `acc[p, j] += Σᵣ a[r, p] · g[r, j]` for `p < k` and all `n₈` lanes of each row of `acc`
    /// (`[k, n₈]`); `a` has row stride `k`, `g` row stride `n`.
    ///
    /// Lanes `j ≥ n` of `acc` receive meaningless sums (the vector loads of `g`'s last block run into
    /// the next row) and are to be ignored; `g` must stay readable 8 elements past its last row.
    static func accumulateTransposedProduct(_ a: UnsafePointer<Double>, _ g: UnsafePointer<Double>, rows: Int,
                                            k: Int, n: Int, into acc: UnsafeMutablePointer<Double>) {
        let width = paddedWidth(n), blocks = width / 8
        var p = 0
        while p < k {
            let count = min(4, k - p)
            // Columns of `a` past `k` repeat the last one (their sums are not stored).
            let a0 = a + p, a1 = a0 + (count > 1 ? 1 : 0), a2 = a0 + (count > 2 ? 2 : 0), a3 = a0 + (count > 3 ? 3 : 0)
            var q = 0
            while q < blocks {
                let step = min(3, blocks - q)
                var sums = Accumulators()
                switch step {
                case 3: sums.fourByThree(a0, a1, a2, a3, g + 8 * q, k: rows, stride: n, broadcastStride: k)
                case 2: sums.fourByTwo(a0, a1, a2, a3, g + 8 * q, k: rows, stride: n, broadcastStride: k)
                default: sums.fourByOne(a0, a1, a2, a3, g + 8 * q, k: rows, stride: n, broadcastStride: k)
                }
                sums.add(to: acc + p * width + 8 * q, rowStride: width, rows: count, blocks: step)
                q += step
            }
            p += 4
        }
    }

    /// Twelve accumulators: four rows (or four broadcast sequences) by three 8-lane blocks, for
    /// `Σᵢ xᵣ[i · broadcastStride] · b[i · stride + 8 · block]`, `i < k`.
    struct Accumulators {
        var c00 = SIMD8<Double>(), c01 = SIMD8<Double>(), c02 = SIMD8<Double>()
        var c10 = SIMD8<Double>(), c11 = SIMD8<Double>(), c12 = SIMD8<Double>()
        var c20 = SIMD8<Double>(), c21 = SIMD8<Double>(), c22 = SIMD8<Double>()
        var c30 = SIMD8<Double>(), c31 = SIMD8<Double>(), c32 = SIMD8<Double>()

        @inline(__always)
        mutating func fourByThree(_ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>, _ x2: UnsafePointer<Double>,
                                  _ x3: UnsafePointer<Double>, _ b: UnsafePointer<Double>, k: Int, stride: Int,
                                  broadcastStride: Int = 1) {
            var bp = b, i = 0, o = 0
            while i < k {
                let b0 = load(bp), b1 = load(bp + 8), b2 = load(bp + 16)
                let v0 = SIMD8(repeating: x0[o]), v1 = SIMD8(repeating: x1[o])
                let v2 = SIMD8(repeating: x2[o]), v3 = SIMD8(repeating: x3[o])
                c00.addProduct(v0, b0); c01.addProduct(v0, b1); c02.addProduct(v0, b2)
                c10.addProduct(v1, b0); c11.addProduct(v1, b1); c12.addProduct(v1, b2)
                c20.addProduct(v2, b0); c21.addProduct(v2, b1); c22.addProduct(v2, b2)
                c30.addProduct(v3, b0); c31.addProduct(v3, b1); c32.addProduct(v3, b2)
                bp += stride; o &+= broadcastStride; i &+= 1
            }
        }

        @inline(__always)
        mutating func fourByTwo(_ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>, _ x2: UnsafePointer<Double>,
                                _ x3: UnsafePointer<Double>, _ b: UnsafePointer<Double>, k: Int, stride: Int,
                                broadcastStride: Int = 1) {
            var bp = b, i = 0, o = 0
            while i < k {
                let b0 = load(bp), b1 = load(bp + 8)
                let v0 = SIMD8(repeating: x0[o]), v1 = SIMD8(repeating: x1[o])
                let v2 = SIMD8(repeating: x2[o]), v3 = SIMD8(repeating: x3[o])
                c00.addProduct(v0, b0); c01.addProduct(v0, b1)
                c10.addProduct(v1, b0); c11.addProduct(v1, b1)
                c20.addProduct(v2, b0); c21.addProduct(v2, b1)
                c30.addProduct(v3, b0); c31.addProduct(v3, b1)
                bp += stride; o &+= broadcastStride; i &+= 1
            }
        }

        @inline(__always)
        mutating func fourByOne(_ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>, _ x2: UnsafePointer<Double>,
                                _ x3: UnsafePointer<Double>, _ b: UnsafePointer<Double>, k: Int, stride: Int,
                                broadcastStride: Int = 1) {
            var bp = b, i = 0, o = 0
            while i < k {
                let b0 = load(bp)
                c00.addProduct(SIMD8(repeating: x0[o]), b0)
                c10.addProduct(SIMD8(repeating: x1[o]), b0)
                c20.addProduct(SIMD8(repeating: x2[o]), b0)
                c30.addProduct(SIMD8(repeating: x3[o]), b0)
                bp += stride; o &+= broadcastStride; i &+= 1
            }
        }

        /// Row `r` of the tile as its three blocks.
        @inline(__always)
        func row(_ r: Int) -> (SIMD8<Double>, SIMD8<Double>, SIMD8<Double>) {
            switch r {
            case 0: return (c00, c01, c02)
            case 1: return (c10, c11, c12)
            case 2: return (c20, c21, c22)
            default: return (c30, c31, c32)
            }
        }

        /// Stores the first `rows` rows and `blocks` blocks, the last block up to `lanes` lanes in all.
        @inline(__always)
        func store(_ c: UnsafeMutablePointer<Double>, rowStride: Int, rows: Int, blocks: Int, lanes: Int) {
            for r in 0..<rows {
                let (v0, v1, v2) = row(r), dst = c + r * rowStride
                SmallMatrixKernels.store(v0, dst, lanes: min(8, lanes))
                if blocks > 1 { SmallMatrixKernels.store(v1, dst + 8, lanes: min(8, lanes - 8)) }
                if blocks > 2 { SmallMatrixKernels.store(v2, dst + 16, lanes: min(8, lanes - 16)) }
            }
        }

        /// Adds the first `rows` rows and `blocks` whole blocks to `c`.
        @inline(__always)
        func add(to c: UnsafeMutablePointer<Double>, rowStride: Int, rows: Int, blocks: Int) {
            for r in 0..<rows {
                let (v0, v1, v2) = row(r), dst = c + r * rowStride
                SmallMatrixKernels.add(v0, dst)
                if blocks > 1 { SmallMatrixKernels.add(v1, dst + 8) }
                if blocks > 2 { SmallMatrixKernels.add(v2, dst + 16) }
            }
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inline(__always)
    static func add(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: load(p) + v, as: SIMD8<Double>.self)
    }

    /// Stores the first `lanes` (1…8) lanes.
    @inline(__always)
    static func store(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>, lanes: Int) {
        if lanes >= 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
        } else if lanes >= 4 {
            UnsafeMutableRawPointer(p).storeBytes(of: v.lowHalf, as: SIMD4<Double>.self)
            for j in 4..<lanes { p[j] = v[j] }
        } else {
            for j in 0..<lanes { p[j] = v[j] }
        }
    }
}

/// Dense layers on tiles: packing a network's weights, the affine map with the bias on the value
/// rows, and the weight and bias gradients.
extension SmallMatrixKernels {
    /// Each layer's weight (`x[1 + 2l]`, `[in, out]`) packed for `multiply`; transposed (`[out, in]`
    /// packed) for the backward product `g Wᵀ`. The caller deallocates them.
    static func packLayers(_ x: [Tensor], sizes: [(Int, Int)], transposed: Bool) -> [UnsafeMutablePointer<Double>] {
        sizes.enumerated().map { l, size in
            let (rows, columns) = transposed ? (size.1, size.0) : size
            let packed = UnsafeMutablePointer<Double>.allocate(capacity: rows * paddedWidth(columns))
            x[1 + 2 * l].scalars.withUnsafeBufferPointer { pack($0.baseAddress!, k: rows, n: columns, transposed: transposed, into: packed) }
            return packed
        }
    }

    /// Copies of the biases (`x[2 + 2l]`); the caller deallocates them.
    static func copyBiases(_ x: [Tensor], sizes: [(Int, Int)]) -> [UnsafeMutablePointer<Double>] {
        sizes.enumerated().map { l, size in
            let copy = UnsafeMutablePointer<Double>.allocate(capacity: size.1)
            x[2 + 2 * l].scalars.withUnsafeBufferPointer { copy.initialize(from: $0.baseAddress!, count: size.1) }
            return copy
        }
    }

    /// `c = a W` for `rows` rows, plus `bias` on the first `valueRows` rows (a jet's value block).
    @inline(__always)
    static func affine(_ a: UnsafePointer<Double>, rows: Int, valueRows: Int, k: Int, packed: UnsafePointer<Double>,
                       bias: UnsafePointer<Double>, n: Int, into c: UnsafeMutablePointer<Double>) {
        multiply(a, rows: rows, k: k, packed: packed, n: n, into: c)
        for r in 0..<valueRows {
            let row = c + r * n
            for j in 0..<n { row[j] += bias[j] }
        }
    }

    /// Adds a layer's weight gradient `aᵀ g` and bias gradient (the sum of `g`'s first `valueRows`
    /// rows) to `slice` (`[k, n₈]` then `[n]`, see `ParameterGradientSums`).
    @inline(__always)
    static func accumulateLayerGradient(_ a: UnsafePointer<Double>, _ g: UnsafePointer<Double>, rows: Int, valueRows: Int,
                                        k: Int, n: Int, into slice: UnsafeMutablePointer<Double>) {
        accumulateTransposedProduct(a, g, rows: rows, k: k, n: n, into: slice)
        let biasSum = slice + k * paddedWidth(n)
        for r in 0..<valueRows {
            let row = g + r * n
            for j in 0..<n { biasSum[j] += row[j] }
        }
    }
}
