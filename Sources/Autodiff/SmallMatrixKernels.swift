/// Register-blocked products of a block of rows that sits in cache with a small matrix (a dense
/// layer's weights, at most a few dozen columns): the forward product `x W`, the backward product
/// `g Wᵀ` and the weight gradient `xᵀ g`, as used by the fused network kernels (`PerceptronJet`).
///
/// The small operand is packed once into a zero-padded `[k, n₈]` block (`n₈` = `n` rounded up to
/// a multiple of the lane count: 8 doubles or 16 floats) so that every column block is one vector;
/// rows are taken four at a time and column blocks up to four at a time, giving up to sixteen
/// accumulators per inner loop. The kernels are generic over the scalar (`Double`, `Float`) and specialised.
enum SmallMatrixKernels {
    /// `n` rounded up to a multiple of `S`'s lane count.
    @inline(__always)
    static func paddedWidth<S: KernelScalar>(_ n: Int, _: S.Type) -> Int { (n + S.laneCount - 1) / S.laneCount * S.laneCount }

    /// Packs `b` (`[k, n]`, or `[n, k]` read transposed) into `packed` (`[k, n₈]`, zero-padded),
    /// rounded to `S`.
    static func pack<S: KernelScalar>(_ b: UnsafePointer<Double>, k: Int, n: Int, transposed: Bool,
                                      into packed: UnsafeMutablePointer<S>) {
        let width = paddedWidth(n, S.self)
        packed.initialize(repeating: 0, count: k * width)
        for p in 0..<k {
            for j in 0..<n { packed[p * width + j] = S(transposed ? b[j * k + p] : b[p * n + j]) }
        }
    }

    /// How many column blocks the next register tile takes: four, but three and two for the last five,
    /// so that no tile but that of a one-block matrix is left with a single block (whose four
    /// broadcasts per vector load make it bound by loads).
    @inline(__always)
    static func blockStep(remaining: Int) -> Int { remaining == 5 ? 3 : min(4, remaining) }

    /// `c[r, j] = Σₚ a[r, p] · packed[p, j]` for `r < rows`, `j < n`; `a` has row stride `k`, `c` row
    /// stride `n`.
    static func multiply<S: KernelScalar>(_ a: UnsafePointer<S>, rows: Int, k: Int, packed: UnsafePointer<S>,
                                          n: Int, into c: UnsafeMutablePointer<S>) {
        if n == 1 { return multiplyOneColumn(a, rows: rows, k: k, packed: packed, into: c) }
        let lanes = S.laneCount, width = paddedWidth(n, S.self), blocks = width / lanes
        var r = 0
        while r < rows {
            let count = min(4, rows - r)
            // Rows past the end repeat the last row (their results are not stored).
            let a0 = a + r * k, a1 = a0 + (count > 1 ? k : 0), a2 = a0 + (count > 2 ? 2 * k : 0), a3 = a0 + (count > 3 ? 3 * k : 0)
            var q = 0
            while q < blocks {
                let step = blockStep(remaining: blocks - q)
                var acc = Accumulators<S>()
                switch step {
                case 4: acc.fourByFour(a0, a1, a2, a3, packed + lanes * q, k: k, stride: width)
                case 3: acc.fourByThree(a0, a1, a2, a3, packed + lanes * q, k: k, stride: width)
                case 2: acc.fourByTwo(a0, a1, a2, a3, packed + lanes * q, k: k, stride: width)
                default: acc.fourByOne(a0, a1, a2, a3, packed + lanes * q, k: k, stride: width)
                }
                acc.store(c + r * n + lanes * q, rowStride: n, rows: count, blocks: step, lanes: n - lanes * q)
                q += step
            }
            r += 4
        }
    }

    /// `acc[p, j] += Σᵣ a[r, p] · g[r, j]` for `p < k` and all `n₈` lanes of each row of `acc`
    /// (`[k, n₈]`); `a` has row stride `k`, `g` row stride `n`.
    ///
    /// Lanes `j ≥ n` of `acc` receive meaningless sums (the vector loads of `g`'s last block run into
    /// the next row) and are to be ignored; `g` must stay readable one vector past its last row.
    static func accumulateTransposedProduct<S: KernelScalar>(_ a: UnsafePointer<S>, _ g: UnsafePointer<S>, rows: Int,
                                                             k: Int, n: Int, into acc: UnsafeMutablePointer<S>) {
        if n == 1 { return accumulateOneColumnProduct(a, g, rows: rows, k: k, into: acc) }
        let lanes = S.laneCount, width = paddedWidth(n, S.self), blocks = width / lanes
        var p = 0
        while p < k {
            let count = min(4, k - p)
            // Columns of `a` past `k` repeat the last one (their sums are not stored).
            let a0 = a + p, a1 = a0 + (count > 1 ? 1 : 0), a2 = a0 + (count > 2 ? 2 : 0), a3 = a0 + (count > 3 ? 3 : 0)
            var q = 0
            while q < blocks {
                let step = blockStep(remaining: blocks - q)
                var sums = Accumulators<S>()
                switch step {
                case 4: sums.fourByFour(a0, a1, a2, a3, g + lanes * q, k: rows, stride: n, broadcastStride: k)
                case 3: sums.fourByThree(a0, a1, a2, a3, g + lanes * q, k: rows, stride: n, broadcastStride: k)
                case 2: sums.fourByTwo(a0, a1, a2, a3, g + lanes * q, k: rows, stride: n, broadcastStride: k)
                default: sums.fourByOne(a0, a1, a2, a3, g + lanes * q, k: rows, stride: n, broadcastStride: k)
                }
                sums.add(to: acc + p * width + lanes * q, rowStride: width, rows: count, blocks: step)
                q += step
            }
            p += 4
        }
    }

    /// `multiply` for a one-column `packed` (a network's scalar output layer), vectorised along `k`:
    /// the general kernel would spend a whole vector per row on one lane.
    static func multiplyOneColumn<S: KernelScalar>(_ a: UnsafePointer<S>, rows: Int, k: Int, packed: UnsafePointer<S>,
                                                   into c: UnsafeMutablePointer<S>) {
        let lanes = S.laneCount, width = paddedWidth(1, S.self), whole = k / lanes * lanes
        withUnsafeTemporaryAllocation(of: S.self, capacity: k) { column in
            let w = column.baseAddress!
            for p in 0..<k { w[p] = packed[p * width] }
            for r in 0..<rows {
                let row = a + r * k
                var sum = S.Lanes()
                var p = 0
                while p < whole { sum.addProduct(S.load(row + p), S.load(w + p)); p += lanes }
                var total = sum.sum()
                while p < k { total += row[p] * w[p]; p += 1 }
                c[r] = total
            }
        }
    }

    /// `accumulateTransposedProduct` for a one-column `g`: `acc[p, 0] += Σᵣ a[r, p] · g[r]`, vectorised
    /// along `k` with four rows in flight (the other lanes of `acc` are left alone).
    static func accumulateOneColumnProduct<S: KernelScalar>(_ a: UnsafePointer<S>, _ g: UnsafePointer<S>, rows: Int, k: Int,
                                                            into acc: UnsafeMutablePointer<S>) {
        let lanes = S.laneCount, width = paddedWidth(1, S.self), whole = k / lanes * lanes, fours = rows / 4 * 4
        var p = 0
        while p < whole {
            var s0 = S.Lanes(), s1 = S.Lanes(), s2 = S.Lanes(), s3 = S.Lanes()
            var r = 0
            while r < fours {
                s0.addProduct(S.load(a + r * k + p), S.Lanes(repeating: g[r]))
                s1.addProduct(S.load(a + (r + 1) * k + p), S.Lanes(repeating: g[r + 1]))
                s2.addProduct(S.load(a + (r + 2) * k + p), S.Lanes(repeating: g[r + 2]))
                s3.addProduct(S.load(a + (r + 3) * k + p), S.Lanes(repeating: g[r + 3]))
                r += 4
            }
            while r < rows { s0.addProduct(S.load(a + r * k + p), S.Lanes(repeating: g[r])); r += 1 }
            let sum = (s0 + s1) + (s2 + s3)
            for j in 0..<lanes { acc[(p + j) * width] += sum[j] }
            p += lanes
        }
        while p < k {
            var total: S = 0
            for r in 0..<rows { total += a[r * k + p] * g[r] }
            acc[p * width] += total
            p += 1
        }
    }

    /// Sixteen accumulators: four rows (or four broadcast sequences) by four one-vector blocks, for
    /// `Σᵢ xᵣ[i · broadcastStride] · b[i · stride + L · block]`, `i < k`, `L` lanes per vector.
    struct Accumulators<S: KernelScalar> {
        typealias V = S.Lanes
        var c00 = V(), c01 = V(), c02 = V(), c03 = V()
        var c10 = V(), c11 = V(), c12 = V(), c13 = V()
        var c20 = V(), c21 = V(), c22 = V(), c23 = V()
        var c30 = V(), c31 = V(), c32 = V(), c33 = V()

        @inline(__always)
        mutating func fourByFour(_ x0: UnsafePointer<S>, _ x1: UnsafePointer<S>, _ x2: UnsafePointer<S>,
                                 _ x3: UnsafePointer<S>, _ b: UnsafePointer<S>, k: Int, stride: Int,
                                 broadcastStride: Int = 1) {
            var bp = b, i = 0, o = 0
            while i < k {
                let lanes = S.laneCount
                let b0 = S.load(bp), b1 = S.load(bp + lanes), b2 = S.load(bp + 2 * lanes), b3 = S.load(bp + 3 * lanes)
                let v0 = V(repeating: x0[o]), v1 = V(repeating: x1[o])
                let v2 = V(repeating: x2[o]), v3 = V(repeating: x3[o])
                c00.addProduct(v0, b0); c01.addProduct(v0, b1); c02.addProduct(v0, b2); c03.addProduct(v0, b3)
                c10.addProduct(v1, b0); c11.addProduct(v1, b1); c12.addProduct(v1, b2); c13.addProduct(v1, b3)
                c20.addProduct(v2, b0); c21.addProduct(v2, b1); c22.addProduct(v2, b2); c23.addProduct(v2, b3)
                c30.addProduct(v3, b0); c31.addProduct(v3, b1); c32.addProduct(v3, b2); c33.addProduct(v3, b3)
                bp += stride; o &+= broadcastStride; i &+= 1
            }
        }

        @inline(__always)
        mutating func fourByThree(_ x0: UnsafePointer<S>, _ x1: UnsafePointer<S>, _ x2: UnsafePointer<S>,
                                  _ x3: UnsafePointer<S>, _ b: UnsafePointer<S>, k: Int, stride: Int,
                                  broadcastStride: Int = 1) {
            var bp = b, i = 0, o = 0
            while i < k {
                let lanes = S.laneCount
                let b0 = S.load(bp), b1 = S.load(bp + lanes), b2 = S.load(bp + 2 * lanes)
                let v0 = V(repeating: x0[o]), v1 = V(repeating: x1[o])
                let v2 = V(repeating: x2[o]), v3 = V(repeating: x3[o])
                c00.addProduct(v0, b0); c01.addProduct(v0, b1); c02.addProduct(v0, b2)
                c10.addProduct(v1, b0); c11.addProduct(v1, b1); c12.addProduct(v1, b2)
                c20.addProduct(v2, b0); c21.addProduct(v2, b1); c22.addProduct(v2, b2)
                c30.addProduct(v3, b0); c31.addProduct(v3, b1); c32.addProduct(v3, b2)
                bp += stride; o &+= broadcastStride; i &+= 1
            }
        }

        @inline(__always)
        mutating func fourByTwo(_ x0: UnsafePointer<S>, _ x1: UnsafePointer<S>, _ x2: UnsafePointer<S>,
                                _ x3: UnsafePointer<S>, _ b: UnsafePointer<S>, k: Int, stride: Int,
                                broadcastStride: Int = 1) {
            var bp = b, i = 0, o = 0
            while i < k {
                let b0 = S.load(bp), b1 = S.load(bp + S.laneCount)
                let v0 = V(repeating: x0[o]), v1 = V(repeating: x1[o])
                let v2 = V(repeating: x2[o]), v3 = V(repeating: x3[o])
                c00.addProduct(v0, b0); c01.addProduct(v0, b1)
                c10.addProduct(v1, b0); c11.addProduct(v1, b1)
                c20.addProduct(v2, b0); c21.addProduct(v2, b1)
                c30.addProduct(v3, b0); c31.addProduct(v3, b1)
                bp += stride; o &+= broadcastStride; i &+= 1
            }
        }

        @inline(__always)
        mutating func fourByOne(_ x0: UnsafePointer<S>, _ x1: UnsafePointer<S>, _ x2: UnsafePointer<S>,
                                _ x3: UnsafePointer<S>, _ b: UnsafePointer<S>, k: Int, stride: Int,
                                broadcastStride: Int = 1) {
            var bp = b, i = 0, o = 0
            while i < k {
                let b0 = S.load(bp)
                c00.addProduct(V(repeating: x0[o]), b0)
                c10.addProduct(V(repeating: x1[o]), b0)
                c20.addProduct(V(repeating: x2[o]), b0)
                c30.addProduct(V(repeating: x3[o]), b0)
                bp += stride; o &+= broadcastStride; i &+= 1
            }
        }

        /// Row `r` of the tile as its four blocks.
        @inline(__always)
        func row(_ r: Int) -> (V, V, V, V) {
            switch r {
            case 0: return (c00, c01, c02, c03)
            case 1: return (c10, c11, c12, c13)
            case 2: return (c20, c21, c22, c23)
            default: return (c30, c31, c32, c33)
            }
        }

        /// Stores the first `rows` rows and `blocks` blocks, the last block up to `lanes` lanes in all.
        @inline(__always)
        func store(_ c: UnsafeMutablePointer<S>, rowStride: Int, rows: Int, blocks: Int, lanes: Int) {
            let l = S.laneCount
            for r in 0..<rows {
                let (v0, v1, v2, v3) = row(r), dst = c + r * rowStride
                S.store(v0, dst, lanes: min(l, lanes))
                if blocks > 1 { S.store(v1, dst + l, lanes: min(l, lanes - l)) }
                if blocks > 2 { S.store(v2, dst + 2 * l, lanes: min(l, lanes - 2 * l)) }
                if blocks > 3 { S.store(v3, dst + 3 * l, lanes: min(l, lanes - 3 * l)) }
            }
        }

        /// Adds the first `rows` rows and `blocks` whole blocks to `c`.
        @inline(__always)
        func add(to c: UnsafeMutablePointer<S>, rowStride: Int, rows: Int, blocks: Int) {
            let l = S.laneCount
            for r in 0..<rows {
                let (v0, v1, v2, v3) = row(r), dst = c + r * rowStride
                SmallMatrixKernels.add(v0, dst)
                if blocks > 1 { SmallMatrixKernels.add(v1, dst + l) }
                if blocks > 2 { SmallMatrixKernels.add(v2, dst + 2 * l) }
                if blocks > 3 { SmallMatrixKernels.add(v3, dst + 3 * l) }
            }
        }
    }

    /// `*p += v` for one whole vector.
    @inline(__always)
    static func add<S: KernelScalar>(_ v: S.Lanes, _ p: UnsafeMutablePointer<S>) {
        UnsafeMutableRawPointer(p).storeBytes(of: S.load(p) + v, as: S.Lanes.self)
    }
}

/// Dense layers on tiles: packing a network's weights, the affine map with the bias on the value
/// rows, and the weight and bias gradients.
extension SmallMatrixKernels {
    /// Each layer's weight (`x[1 + 2l]`, `[in, out]`) packed for `multiply` in precision `S`;
    /// transposed (`[out, in]` packed) for the backward product `g Wᵀ`. The caller deallocates them.
    static func packLayers<S: KernelScalar>(_ x: [Tensor], sizes: [(Int, Int)], transposed: Bool, as _: S.Type) -> [UnsafeMutablePointer<S>] {
        sizes.enumerated().map { l, size in
            let (rows, columns) = transposed ? (size.1, size.0) : size
            let packed = UnsafeMutablePointer<S>.allocate(capacity: rows * paddedWidth(columns, S.self))
            x[1 + 2 * l].scalars.withUnsafeBufferPointer { pack($0.baseAddress!, k: rows, n: columns, transposed: transposed, into: packed) }
            return packed
        }
    }

    /// Copies of the biases (`x[2 + 2l]`) in precision `S`; the caller deallocates them.
    static func copyBiases<S: KernelScalar>(_ x: [Tensor], sizes: [(Int, Int)], as _: S.Type) -> [UnsafeMutablePointer<S>] {
        sizes.enumerated().map { l, size in
            let copy = UnsafeMutablePointer<S>.allocate(capacity: size.1)
            x[2 + 2 * l].scalars.withUnsafeBufferPointer { b in
                for j in 0..<size.1 { (copy + j).initialize(to: S(b[j])) }
            }
            return copy
        }
    }

    /// `c = a W` for `rows` rows, plus `bias` on the first `valueRows` rows (a jet's value block).
    @inline(__always)
    static func affine<S: KernelScalar>(_ a: UnsafePointer<S>, rows: Int, valueRows: Int, k: Int, packed: UnsafePointer<S>,
                                        bias: UnsafePointer<S>, n: Int, into c: UnsafeMutablePointer<S>) {
        multiply(a, rows: rows, k: k, packed: packed, n: n, into: c)
        for r in 0..<valueRows {
            let row = c + r * n
            for j in 0..<n { row[j] += bias[j] }
        }
    }

    /// Adds a layer's weight gradient `aᵀ g` and bias gradient (the sum of `g`'s first `valueRows`
    /// rows) to `slice` (`[k, n₈]` then `[n]`, see `ParameterGradientSums`).
    @inline(__always)
    static func accumulateLayerGradient<S: KernelScalar>(_ a: UnsafePointer<S>, _ g: UnsafePointer<S>, rows: Int, valueRows: Int,
                                                         k: Int, n: Int, into slice: UnsafeMutablePointer<S>) {
        accumulateTransposedProduct(a, g, rows: rows, k: k, n: n, into: slice)
        let biasSum = slice + k * paddedWidth(n, S.self)
        for r in 0..<valueRows {
            let row = g + r * n
            for j in 0..<n { biasSum[j] += row[j] }
        }
    }
}
