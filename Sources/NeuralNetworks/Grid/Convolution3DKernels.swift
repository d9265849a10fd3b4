import Autodiff

/// Kernels of the 3-D convolution on `[batch, channels, depth, height, width]` grids: im2col into
/// slabs of grid lines followed by one OpenBLAS matrix product per slab (`Tensor.matmul`).
///
/// Weights are `[outputChannels, inputChannels, k, k, k]` with odd `k`; padding is 'same' with zeros
/// (`k / 2` cells on every side), stride 1. The operation is a cross-correlation, as in PyTorch:
/// `y[b, o, z, y, x] = bias[o] + Σ_{i, dz, dy, dx} w[o, i, dz, dy, dx] · x[b, i, z + dz − k/2, …]`.
/// Cost: `2 · outputChannels · inputChannels · k³` flops per cell. A slab is a run of grid lines
/// (fixed `z`, `y`) whose im2col matrix holds about `slabElements` doubles (2 MB), so memory stays
/// bounded and the slab stays in cache at any grid size.
enum Convolution3DKernels {
    /// Target size of an im2col slab in doubles (2 MB: measured faster than 8 or 32 MB slabs).
    static let slabElements = 1 << 18

    /// The number of grid lines per slab for `columnsPerCell` im2col rows.
    static func slabLines(columnsPerCell: Int, shape s: GridShape) -> Int {
        max(1, min(s.depth * s.height, slabElements / max(1, columnsPerCell * s.width)))
    }

    /// `conv(x, w) + bias`.
    static func convolve(_ x: Tensor, _ w: Tensor, bias: Tensor?) -> Tensor {
        let s = GridShape(x.shape, "Conv3D input")
        let k = kernelSize(w, inputChannels: s.channels)
        let outputChannels = w.shape[0]
        let columnsPerCell = s.channels * k * k * k
        if let bias { precondition(bias.shape == [outputChannels], "Conv3D bias must have shape [\(outputChannels)], got \(bias.shape)") }
        let biasValues = bias?.scalars ?? [Double](repeating: 0, count: outputChannels)
        let matrix = w.reshaped(to: [outputChannels, columnsPerCell])
        let cells = s.cells, lineCount = s.depth * s.height
        let lines = slabLines(columnsPerCell: columnsPerCell, shape: s)
        return x.scalars.withUnsafeBufferPointer { px in
            Tensor(shape: [s.batch, outputChannels, s.depth, s.height, s.width]) { out in
                for b in 0..<s.batch {
                    let input = px.baseAddress! + b * s.channels * cells
                    var z0 = 0
                    while z0 < lineCount {
                        let z1 = min(lineCount, z0 + lines), p = (z1 - z0) * s.width
                        let columns = Tensor(shape: [columnsPerCell, p]) { c in
                            im2col(input, shape: s, kernelSize: k, lines: z0..<z1, into: c.baseAddress!)
                        }
                        let product = Tensor.matmul(matrix, columns)
                        product.scalars.withUnsafeBufferPointer { py in
                            let target = GridUnchecked(out.baseAddress! + b * outputChannels * cells + z0 * s.width)
                            let source = GridUnchecked(py.baseAddress!)
                            gridParallelFor(outputChannels, work: outputChannels * p) { o in
                                let dst = target.value + o * cells, src = source.value + o * p, beta = biasValues[o]
                                for i in 0..<p { dst[i] = src[i] + beta }
                            }
                        }
                        z0 = z1
                    }
                }
            }
        }
    }

    /// The gradient of `⟨g, conv(x, w)⟩` with respect to `w`: `[g.channels, x.channels, k, k, k]`.
    static func weightGradient(cotangent g: Tensor, input x: Tensor, kernelSize k: Int) -> Tensor {
        let s = GridShape(x.shape, "Conv3D input")
        let gs = GridShape(g.shape, "Conv3D cotangent")
        precondition(gs.batch == s.batch && gs.depth == s.depth && gs.height == s.height && gs.width == s.width,
                     "Conv3D cotangent \(g.shape) does not match input \(x.shape)")
        let outputChannels = gs.channels
        let columnsPerCell = s.channels * k * k * k
        let cells = s.cells, lineCount = s.depth * s.height
        let lines = slabLines(columnsPerCell: columnsPerCell, shape: s)
        var total = Tensor.zeros([outputChannels, columnsPerCell])
        x.scalars.withUnsafeBufferPointer { px in
            g.scalars.withUnsafeBufferPointer { pg in
                for b in 0..<s.batch {
                    let input = px.baseAddress! + b * s.channels * cells
                    var z0 = 0
                    while z0 < lineCount {
                        let z1 = min(lineCount, z0 + lines), p = (z1 - z0) * s.width
                        let columns = Tensor(shape: [columnsPerCell, p]) { c in
                            im2col(input, shape: s, kernelSize: k, lines: z0..<z1, into: c.baseAddress!)
                        }
                        let slab = Tensor(shape: [outputChannels, p]) { c in
                            for o in 0..<outputChannels {
                                (c.baseAddress! + o * p).initialize(
                                    from: pg.baseAddress! + (b * outputChannels + o) * cells + z0 * s.width, count: p)
                            }
                        }
                        total = total + Tensor.matmul(slab, columns, transposeB: true)
                        z0 = z1
                    }
                }
            }
        }
        return total.reshaped(to: [outputChannels, s.channels, k, k, k])
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

    /// Writes the im2col matrix of one sample for the grid lines `lines` (line `z·H + y`): row
    /// `i·k³ + (dz·k + dy)·k + dx`, column `(line − lines.lowerBound)·W + x`, value
    /// `x[i, z + dz − k/2, y + dy − k/2, x + dx − k/2]` or 0 outside the grid.
    static func im2col(_ x: UnsafePointer<Double>, shape s: GridShape, kernelSize k: Int, lines: Range<Int>,
                       into columns: UnsafeMutablePointer<Double>) {
        let k3 = k * k * k, pad = k / 2
        let depth = s.depth, height = s.height, width = s.width
        let p = lines.count * width
        let rows = s.channels * k3
        let source = GridUnchecked(x), target = GridUnchecked(columns)
        gridParallelFor(rows, work: rows * p) { r in
            let channel = r / k3, offset = r % k3
            let dz = offset / (k * k) - pad, dy = (offset / k) % k - pad, dx = offset % k - pad
            let lo = max(0, -dx), hi = min(width, width - dx)
            var row = target.value + r * p
            for line in lines {
                let zz = line / height + dz, yy = line % height + dy
                if zz < 0 || zz >= depth || yy < 0 || yy >= height || lo >= hi {
                    row.initialize(repeating: 0, count: width)
                } else {
                    let src = source.value + ((channel * depth + zz) * height + yy) * width + dx
                    if lo > 0 { row.initialize(repeating: 0, count: lo) }
                    (row + lo).initialize(from: src + lo, count: hi - lo)
                    if hi < width { (row + hi).initialize(repeating: 0, count: width - hi) }
                }
                row += width
            }
        }
    }
}
