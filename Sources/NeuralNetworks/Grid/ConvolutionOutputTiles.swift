/// Register tiles of the forward 3-D convolution (see `Convolution3DKernels`): `vectors` vectors of
/// eight consecutive cells of one grid line by eight output channels, accumulated over input
/// channels × taps.
protocol OutputTile {
    /// Vectors of eight cells along the line.
    static var vectors: Int { get }
    init()
    /// Adds `x[p + 8u] · w[j]` to the accumulator of vector `u` and output channel `j` (`j < 8`).
    mutating func add(_ p: UnsafePointer<Double>, _ w: UnsafePointer<Double>)
    /// Writes the accumulator of vector `u` and channel `j` to `b[(j · vectors + u) · 8 ..< … + 8]`.
    func write(to b: UnsafeMutablePointer<Double>)
}

/// The vector at `p` (unaligned).
@inline(__always)
func loadVector(_ p: UnsafePointer<Double>) -> SIMD8<Double> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self) }

/// Stores `v` at `p` (unaligned).
@inline(__always)
func storeVector(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self) }

/// One tile's accumulation: the padded input from `source` (the tile's first cell, channel 0) at the
/// tap `offsets`, and the packed weights of one group of eight output channels (`[i][tap][8]`).
struct OutputTileRun {
    let source: UnsafePointer<Double>
    let channels: Int, channelStride: Int
    let offsets: UnsafePointer<Int>, taps: Int
    let weights: UnsafePointer<Double>

    @inline(__always)
    func accumulate<T: OutputTile>(_: T.Type) -> T {
        var tile = T(), w = weights
        for i in 0..<channels {
            let base = source + i * channelStride
            for t in 0..<taps {
                tile.add(base + offsets[t], w)
                w += 8
            }
        }
        return tile
    }
}

/// Where a tile's results go: output channels `firstChannel…` (up to eight, fewer past the last
/// channel), cells from `target` on (channel 0), at most `lanesLeft` cells, plus each channel's bias.
struct OutputTileStore {
    let target: UnsafeMutablePointer<Double>
    let cells: Int, firstChannel: Int, channels: Int, lanesLeft: Int
    let bias: UnsafePointer<Double>

    @inline(__always)
    func write<T: OutputTile>(_ tile: T) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 64 * T.vectors) { buffer in
            let values = buffer.baseAddress!
            tile.write(to: values)
            for j in 0..<min(8, channels - firstChannel) {
                let beta = bias[firstChannel + j], dst = target + (firstChannel + j) * cells
                for u in 0..<T.vectors {
                    let src = values + (j * T.vectors + u) * 8, count = min(8, lanesLeft - 8 * u)
                    for l in 0..<count { dst[8 * u + l] = src[l] + beta }
                }
            }
        }
    }
}

/// Three vectors of eight cells by eight output channels.
struct OutputTile3: OutputTile {
    typealias V = SIMD8<Double>
    static var vectors: Int { 3 }
    var a0 = V(), a1 = V(), a2 = V(), a3 = V(), a4 = V(), a5 = V(), a6 = V(), a7 = V()
    var b0 = V(), b1 = V(), b2 = V(), b3 = V(), b4 = V(), b5 = V(), b6 = V(), b7 = V()
    var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V(), c6 = V(), c7 = V()

    init() {}

    @inline(__always)
    mutating func add(_ p: UnsafePointer<Double>, _ w: UnsafePointer<Double>) {
        let x0 = loadVector(p), x1 = loadVector(p + 8), x2 = loadVector(p + 16)
        var s = V(repeating: w[0]); a0.addProduct(x0, s); b0.addProduct(x1, s); c0.addProduct(x2, s)
        s = V(repeating: w[1]); a1.addProduct(x0, s); b1.addProduct(x1, s); c1.addProduct(x2, s)
        s = V(repeating: w[2]); a2.addProduct(x0, s); b2.addProduct(x1, s); c2.addProduct(x2, s)
        s = V(repeating: w[3]); a3.addProduct(x0, s); b3.addProduct(x1, s); c3.addProduct(x2, s)
        s = V(repeating: w[4]); a4.addProduct(x0, s); b4.addProduct(x1, s); c4.addProduct(x2, s)
        s = V(repeating: w[5]); a5.addProduct(x0, s); b5.addProduct(x1, s); c5.addProduct(x2, s)
        s = V(repeating: w[6]); a6.addProduct(x0, s); b6.addProduct(x1, s); c6.addProduct(x2, s)
        s = V(repeating: w[7]); a7.addProduct(x0, s); b7.addProduct(x1, s); c7.addProduct(x2, s)
    }

    @inline(__always)
    func write(to b: UnsafeMutablePointer<Double>) {
        storeVector(a0, b + 0); storeVector(b0, b + 8); storeVector(c0, b + 16)
        storeVector(a1, b + 24); storeVector(b1, b + 32); storeVector(c1, b + 40)
        storeVector(a2, b + 48); storeVector(b2, b + 56); storeVector(c2, b + 64)
        storeVector(a3, b + 72); storeVector(b3, b + 80); storeVector(c3, b + 88)
        storeVector(a4, b + 96); storeVector(b4, b + 104); storeVector(c4, b + 112)
        storeVector(a5, b + 120); storeVector(b5, b + 128); storeVector(c5, b + 136)
        storeVector(a6, b + 144); storeVector(b6, b + 152); storeVector(c6, b + 160)
        storeVector(a7, b + 168); storeVector(b7, b + 176); storeVector(c7, b + 184)
    }
}

/// Two vectors of eight cells by eight output channels.
struct OutputTile2: OutputTile {
    typealias V = SIMD8<Double>
    static var vectors: Int { 2 }
    var a0 = V(), a1 = V(), a2 = V(), a3 = V(), a4 = V(), a5 = V(), a6 = V(), a7 = V()
    var b0 = V(), b1 = V(), b2 = V(), b3 = V(), b4 = V(), b5 = V(), b6 = V(), b7 = V()

    init() {}

    @inline(__always)
    mutating func add(_ p: UnsafePointer<Double>, _ w: UnsafePointer<Double>) {
        let x0 = loadVector(p), x1 = loadVector(p + 8)
        var s = V(repeating: w[0]); a0.addProduct(x0, s); b0.addProduct(x1, s)
        s = V(repeating: w[1]); a1.addProduct(x0, s); b1.addProduct(x1, s)
        s = V(repeating: w[2]); a2.addProduct(x0, s); b2.addProduct(x1, s)
        s = V(repeating: w[3]); a3.addProduct(x0, s); b3.addProduct(x1, s)
        s = V(repeating: w[4]); a4.addProduct(x0, s); b4.addProduct(x1, s)
        s = V(repeating: w[5]); a5.addProduct(x0, s); b5.addProduct(x1, s)
        s = V(repeating: w[6]); a6.addProduct(x0, s); b6.addProduct(x1, s)
        s = V(repeating: w[7]); a7.addProduct(x0, s); b7.addProduct(x1, s)
    }

    @inline(__always)
    func write(to b: UnsafeMutablePointer<Double>) {
        storeVector(a0, b + 0); storeVector(b0, b + 8)
        storeVector(a1, b + 16); storeVector(b1, b + 24)
        storeVector(a2, b + 32); storeVector(b2, b + 40)
        storeVector(a3, b + 48); storeVector(b3, b + 56)
        storeVector(a4, b + 64); storeVector(b4, b + 72)
        storeVector(a5, b + 80); storeVector(b5, b + 88)
        storeVector(a6, b + 96); storeVector(b6, b + 104)
        storeVector(a7, b + 112); storeVector(b7, b + 120)
    }
}

/// One vector of eight cells by eight output channels.
struct OutputTile1: OutputTile {
    typealias V = SIMD8<Double>
    static var vectors: Int { 1 }
    var a0 = V(), a1 = V(), a2 = V(), a3 = V(), a4 = V(), a5 = V(), a6 = V(), a7 = V()

    init() {}

    @inline(__always)
    mutating func add(_ p: UnsafePointer<Double>, _ w: UnsafePointer<Double>) {
        let x0 = loadVector(p)
        var s = V(repeating: w[0]); a0.addProduct(x0, s)
        s = V(repeating: w[1]); a1.addProduct(x0, s)
        s = V(repeating: w[2]); a2.addProduct(x0, s)
        s = V(repeating: w[3]); a3.addProduct(x0, s)
        s = V(repeating: w[4]); a4.addProduct(x0, s)
        s = V(repeating: w[5]); a5.addProduct(x0, s)
        s = V(repeating: w[6]); a6.addProduct(x0, s)
        s = V(repeating: w[7]); a7.addProduct(x0, s)
    }

    @inline(__always)
    func write(to b: UnsafeMutablePointer<Double>) {
        storeVector(a0, b + 0)
        storeVector(a1, b + 8)
        storeVector(a2, b + 16)
        storeVector(a3, b + 24)
        storeVector(a4, b + 32)
        storeVector(a5, b + 40)
        storeVector(a6, b + 48)
        storeVector(a7, b + 56)
    }
}
