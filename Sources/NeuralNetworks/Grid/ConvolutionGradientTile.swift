/// A register tile of the 3-D convolution's weight gradient (see `Convolution3DKernels`): four
/// output channels by six (input channel, tap) pairs, each accumulator a vector of eight cells along
/// x, so `a[c][p] += g[c] · x[p]` per vector and the lanes are summed at the end.
struct GradientTile {
    typealias V = SIMD8<Double>
    static let channels = 4, pairs = 6
    /// Doubles of one tile's partial sums (`[channel][pair][lane]`).
    static let size = channels * pairs * 8
    var a00 = V(), a01 = V(), a02 = V(), a03 = V(), a04 = V(), a05 = V()
    var a10 = V(), a11 = V(), a12 = V(), a13 = V(), a14 = V(), a15 = V()
    var a20 = V(), a21 = V(), a22 = V(), a23 = V(), a24 = V(), a25 = V()
    var a30 = V(), a31 = V(), a32 = V(), a33 = V(), a34 = V(), a35 = V()

    @inline(__always)
    mutating func add(_ g0: V, _ g1: V, _ g2: V, _ g3: V, _ p0: UnsafePointer<Double>, _ p1: UnsafePointer<Double>,
                      _ p2: UnsafePointer<Double>, _ p3: UnsafePointer<Double>, _ p4: UnsafePointer<Double>,
                      _ p5: UnsafePointer<Double>) {
        var x = loadVector(p0); a00.addProduct(g0, x); a10.addProduct(g1, x); a20.addProduct(g2, x); a30.addProduct(g3, x)
        x = loadVector(p1); a01.addProduct(g0, x); a11.addProduct(g1, x); a21.addProduct(g2, x); a31.addProduct(g3, x)
        x = loadVector(p2); a02.addProduct(g0, x); a12.addProduct(g1, x); a22.addProduct(g2, x); a32.addProduct(g3, x)
        x = loadVector(p3); a03.addProduct(g0, x); a13.addProduct(g1, x); a23.addProduct(g2, x); a33.addProduct(g3, x)
        x = loadVector(p4); a04.addProduct(g0, x); a14.addProduct(g1, x); a24.addProduct(g2, x); a34.addProduct(g3, x)
        x = loadVector(p5); a05.addProduct(g0, x); a15.addProduct(g1, x); a25.addProduct(g2, x); a35.addProduct(g3, x)
    }

    /// Adds the accumulators to the partial sums `s` (`[channel][pair][lane]`).
    @inline(__always)
    func add(to s: UnsafeMutablePointer<Double>) {
        addVector(a00, to: s + 0); addVector(a01, to: s + 8); addVector(a02, to: s + 16); addVector(a03, to: s + 24); addVector(a04, to: s + 32); addVector(a05, to: s + 40)
        addVector(a10, to: s + 48); addVector(a11, to: s + 56); addVector(a12, to: s + 64); addVector(a13, to: s + 72); addVector(a14, to: s + 80); addVector(a15, to: s + 88)
        addVector(a20, to: s + 96); addVector(a21, to: s + 104); addVector(a22, to: s + 112); addVector(a23, to: s + 120); addVector(a24, to: s + 128); addVector(a25, to: s + 136)
        addVector(a30, to: s + 144); addVector(a31, to: s + 152); addVector(a32, to: s + 160); addVector(a33, to: s + 168); addVector(a34, to: s + 176); addVector(a35, to: s + 184)
    }
}

/// `*p += v` for one vector.
@inline(__always)
func addVector(_ v: SIMD8<Double>, to p: UnsafeMutablePointer<Double>) { storeVector(loadVector(p) + v, p) }

/// The first `count` (< 8) values at `p`, the other lanes zero.
@inline(__always)
func loadPartialVector(_ p: UnsafePointer<Double>, count: Int) -> SIMD8<Double> {
    var v = SIMD8<Double>()
    for j in 0..<count { v[j] = p[j] }
    return v
}

/// One weight-gradient tile over a run of grid lines of one sample: the cotangent rows of four
/// output channels (past the last channel, the last one again, discarded later) against the padded
/// input rows of six (input channel, tap) pairs.
struct GradientTileRun {
    /// The sample's cotangent, `[outputChannels, depth, height, width]`.
    let cotangent: UnsafePointer<Double>
    let padded: PaddedGridSample
    /// Per pair, its offset from a line's first padded cell (channel 0).
    let pairOffsets: UnsafePointer<Int>
    let shape: GridShape
    let outputChannels: Int

    func accumulate(lines: Range<Int>, channelTile: Int, pairTile: Int, into partial: UnsafeMutablePointer<Double>) {
        let s = shape, cells = s.cells, full = s.width / 8, rest = s.width % 8
        let c0 = channelTile * GradientTile.channels
        // No array here: this runs once per tile and chunk of lines (about 10⁵ times per gradient at 64³).
        func row(_ c: Int) -> Int { min(c0 + c, outputChannels - 1) * cells }
        let (r0, r1, r2, r3) = (row(0), row(1), row(2), row(3))
        let q = pairOffsets + pairTile * GradientTile.pairs
        let (q0, q1, q2, q3, q4, q5) = (q[0], q[1], q[2], q[3], q[4], q[5])
        var tile = GradientTile()
        for line in lines {
            let g = cotangent + line * s.width
            let x = UnsafePointer(padded.storage) + padded.offset(z: line / s.height, y: line % s.height, x: 0)
            var u = 0
            while u < 8 * full {
                tile.add(loadVector(g + r0 + u), loadVector(g + r1 + u), loadVector(g + r2 + u), loadVector(g + r3 + u),
                         x + q0 + u, x + q1 + u, x + q2 + u, x + q3 + u, x + q4 + u, x + q5 + u)
                u += 8
            }
            if rest > 0 {
                // Lanes past the line's end read cells of the padded row; the zero cotangent cancels them.
                tile.add(loadPartialVector(g + r0 + u, count: rest), loadPartialVector(g + r1 + u, count: rest),
                         loadPartialVector(g + r2 + u, count: rest), loadPartialVector(g + r3 + u, count: rest),
                         x + q0 + u, x + q1 + u, x + q2 + u, x + q3 + u, x + q4 + u, x + q5 + u)
            }
        }
        tile.add(to: partial)
    }
}

