import Autodiff

/// Kernels of the 3-D convolution on `[batch, channels, depth, height, width]` grids, as direct SIMD
/// loops (no im2col matrix).
///
/// Weights are `[outputChannels, inputChannels, k, k, k]` with odd `k`; padding is 'same' with zeros
/// (`k / 2` cells on every side), stride 1. The operation is a cross-correlation, as in PyTorch:
/// `y[b, o, z, y, x] = bias[o] + Σ_{i, dz, dy, dx} w[o, i, dz, dy, dx] · x[b, i, z + dz − k/2, …]`.
/// Cost: `2 · outputChannels · inputChannels · k³` flops per cell.
///
/// Each sample is first copied into a zero-padded grid (`PaddedGridSample`), so that every tap of
/// the stencil is a vector load at a fixed offset from the output cell, with no boundary tests.
/// - Forward: an output grid line is computed in register tiles of up to three vectors of eight cells
///   along x by eight output channels (24 accumulators); the inner loop runs over input channels ×
///   taps with one vector load per tile column and one broadcast weight per output channel.
/// - Weight gradient: `dW[o, i, tap] = Σ_cells g[o, cell] · x[i, cell + tap]` in tiles of four
///   output channels by six (input channel, tap) pairs, each a vector accumulator over x. The grid
///   lines are split into a fixed number of groups whose partial sums are added in order, so the
///   result does not depend on the thread count.
/// Extra memory: one padded sample and, for the weight gradient, one partial sum per group.
enum Convolution3DKernels {
    typealias Vector = SIMD8<Double>
    /// Doubles per vector.
    static let lanes = 8
    /// Line groups of the weight gradient (fixed, so that the summation order is).
    static let gradientGroups = 8
    /// Grid lines one weight-gradient tile runs over before moving to the next tile (its rows stay in L1).
    static let gradientChunkLines = 8

    /// `conv(x, w) + bias`.
    static func convolve(_ x: Tensor, _ w: Tensor, bias: Tensor?) -> Tensor {
        let s = GridShape(x.shape, "Conv3D input")
        let k = kernelSize(w, inputChannels: s.channels)
        let outputChannels = w.shape[0]
        if let bias { precondition(bias.shape == [outputChannels], "Conv3D bias must have shape [\(outputChannels)], got \(bias.shape)") }
        let biasValues = UnsafeMutablePointer<Double>.allocate(capacity: outputChannels)
        defer { biasValues.deallocate() }
        let biasScalars = bias?.scalars
        for o in 0..<outputChannels { biasValues[o] = biasScalars?[o] ?? 0 }
        let taps = k * k * k, groups = (outputChannels + lanes - 1) / lanes
        let packed = packedWeights(w, groups: groups)
        defer { packed.deallocate() }
        let padded = PaddedGridSample(shape: s, pad: k / 2)
        defer { padded.deallocate() }
        let offsets = padded.tapOffsets(kernelSize: k)
        let weights = GridUnchecked(UnsafePointer(packed)), biases = GridUnchecked(UnsafePointer(biasValues))
        let vectors = (s.width + lanes - 1) / lanes
        return x.scalars.withUnsafeBufferPointer { px in
            Tensor(shape: [s.batch, outputChannels, s.depth, s.height, s.width]) { out in
                for b in 0..<s.batch {
                    padded.fill(from: px.baseAddress! + b * s.channels * s.cells)
                    let target = GridUnchecked(out.baseAddress! + b * outputChannels * s.cells)
                    offsets.withUnsafeBufferPointer { po in
                        let tapOffsets = GridUnchecked(po.baseAddress!)
                        gridParallelFor(s.depth * s.height, work: outputChannels * s.channels * taps * s.cells) { line in
                            let z = line / s.height, y = line % s.height
                            let source = padded.storage + padded.offset(z: z, y: y, x: 0)
                            let lineStart = line * s.width
                            var v = 0
                            while v < vectors {
                                // Three vectors per tile, but two and two for the last four.
                                let step = vectors - v == 4 ? 2 : min(3, vectors - v)
                                for g in 0..<groups {
                                    let run = OutputTileRun(source: source + v * lanes, channels: s.channels, channelStride: padded.channelStride,
                                                            offsets: tapOffsets.value, taps: taps,
                                                            weights: weights.value + g * s.channels * taps * lanes)
                                    let store = OutputTileStore(target: target.value + lineStart + v * lanes, cells: s.cells,
                                                                firstChannel: g * lanes, channels: outputChannels,
                                                                lanesLeft: s.width - v * lanes, bias: biases.value)
                                    switch step {
                                    case 3: store.write(run.accumulate(OutputTile3.self))
                                    case 2: store.write(run.accumulate(OutputTile2.self))
                                    default: store.write(run.accumulate(OutputTile1.self))
                                    }
                                }
                                v += step
                            }
                        }
                    }
                }
            }
        }
    }

    /// The weights by groups of eight output channels, `packed[g][i][tap][j] = w[8g + j, i, tap]`,
    /// zero for the channels past the last; the caller deallocates them.
    static func packedWeights(_ w: Tensor, groups: Int) -> UnsafeMutablePointer<Double> {
        let (outputChannels, inputChannels) = (w.shape[0], w.shape[1]), taps = w.count / max(1, outputChannels * inputChannels)
        let packed = UnsafeMutablePointer<Double>.allocate(capacity: groups * inputChannels * taps * lanes)
        w.scalars.withUnsafeBufferPointer { pw in
            for g in 0..<groups {
                for i in 0..<inputChannels {
                    for t in 0..<taps {
                        for j in 0..<lanes {
                            let o = g * lanes + j
                            packed[((g * inputChannels + i) * taps + t) * lanes + j] = o < outputChannels ? pw[(o * inputChannels + i) * taps + t] : 0
                        }
                    }
                }
            }
        }
        return packed
    }

    /// The gradient of `⟨g, conv(x, w)⟩` with respect to `w`: `[g.channels, x.channels, k, k, k]`.
    static func weightGradient(cotangent g: Tensor, input x: Tensor, kernelSize k: Int) -> Tensor {
        let s = GridShape(x.shape, "Conv3D input")
        let gs = GridShape(g.shape, "Conv3D cotangent")
        precondition(gs.batch == s.batch && gs.depth == s.depth && gs.height == s.height && gs.width == s.width,
                     "Conv3D cotangent \(g.shape) does not match input \(x.shape)")
        let outputChannels = gs.channels, taps = k * k * k, pairs = s.channels * taps
        let padded = PaddedGridSample(shape: s, pad: k / 2)
        defer { padded.deallocate() }
        let tapOffsets = padded.tapOffsets(kernelSize: k)
        // The offset of each (input channel, tap) pair from a line's start; the pairs past the last
        // (up to a whole tile) read pair 0 and are discarded.
        let pairTiles = (pairs + GradientTile.pairs - 1) / GradientTile.pairs
        let pairOffsets = (0..<(pairTiles * GradientTile.pairs)).map { q in
            q < pairs ? (q / taps) * padded.channelStride + tapOffsets[q % taps] : 0
        }
        let channelTiles = (outputChannels + GradientTile.channels - 1) / GradientTile.channels
        let lines = s.depth * s.height, groups = min(gradientGroups, lines)
        let tileCount = channelTiles * pairTiles, partialSize = tileCount * GradientTile.size
        let partials = UnsafeMutablePointer<Double>.allocate(capacity: groups * partialSize)
        defer { partials.deallocate() }
        var total = [Double](repeating: 0, count: outputChannels * pairs)
        x.scalars.withUnsafeBufferPointer { px in
            g.scalars.withUnsafeBufferPointer { pg in
                pairOffsets.withUnsafeBufferPointer { pp in
                    let pairOffset = GridUnchecked(pp.baseAddress!), sums = GridUnchecked(partials)
                    for b in 0..<s.batch {
                        padded.fill(from: px.baseAddress! + b * s.channels * s.cells)
                        let cotangent = GridUnchecked(pg.baseAddress! + b * outputChannels * s.cells)
                        gridParallelFor(groups, work: outputChannels * pairs * s.cells) { group in
                            let partial = sums.value + group * partialSize
                            partial.initialize(repeating: 0, count: partialSize)
                            let run = GradientTileRun(cotangent: cotangent.value, padded: padded, pairOffsets: pairOffset.value,
                                                      shape: s, outputChannels: outputChannels)
                            var line = lines * group / groups
                            let end = lines * (group + 1) / groups
                            while line < end {
                                let chunk = line..<min(end, line + gradientChunkLines)
                                for c in 0..<channelTiles {
                                    for p in 0..<pairTiles {
                                        run.accumulate(lines: chunk, channelTile: c, pairTile: p,
                                                       into: partial + (c * pairTiles + p) * GradientTile.size)
                                    }
                                }
                                line = chunk.upperBound
                            }
                        }
                        // Sum the groups in order, each over its lanes.
                        for group in 0..<groups {
                            let partial = partials + group * partialSize
                            for o in 0..<outputChannels {
                                for q in 0..<pairs {
                                    let tile = (o / GradientTile.channels) * pairTiles + q / GradientTile.pairs
                                    let slot = (o % GradientTile.channels) * GradientTile.pairs + q % GradientTile.pairs
                                    let p = partial + tile * GradientTile.size + slot * lanes
                                    var sum = 0.0
                                    for j in 0..<lanes { sum += p[j] }
                                    total[o * pairs + q] += sum
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: [outputChannels, s.channels, k, k, k], scalars: total)
    }

    /// The kernel of the adjoint convolution: `w'[i, o, d] = w[o, i, k³ − 1 − d]` (channels swapped,
    /// offsets mirrored), so that `⟨conv(x, w), y⟩ = ⟨x, conv(y, w')⟩` with zero padding.
    static func adjointKernel(_ w: Tensor) -> Tensor {
        precondition(w.rank == 5, "Conv3D weight must be [out, in, k, k, k], got \(w.shape)")
        let o = w.shape[0], i = w.shape[1], k3 = w.shape[2] * w.shape[3] * w.shape[4]
        return w.scalars.withUnsafeBufferPointer { pw in
            Tensor(shape: [i, o, w.shape[2], w.shape[3], w.shape[4]]) { out in
                for a in 0..<i {
                    for c in 0..<o {
                        for d in 0..<k3 { out[(a * o + c) * k3 + d] = pw[(c * i + a) * k3 + (k3 - 1 - d)] }
                    }
                }
            }
        }
    }

    /// Checks `w` against the input channels and returns its (odd, cubic) kernel size.
    static func kernelSize(_ w: Tensor, inputChannels: Int) -> Int {
        precondition(w.rank == 5 && w.shape[2] == w.shape[3] && w.shape[3] == w.shape[4] && w.shape[2] % 2 == 1,
                     "Conv3D weight must be [out, in, k, k, k] with odd k, got \(w.shape)")
        precondition(w.shape[1] == inputChannels,
                     "Conv3D weight \(w.shape) expects \(w.shape[1]) input channels, the input has \(inputChannels)")
        return w.shape[2]
    }
}
