/// One sample of a `[batch, channels, depth, height, width]` grid copied into a zero-padded grid:
/// `pad` zero cells before and after the data along every axis, and each row widened so that a
/// vector of eight read at any cell of a tile stays inside the row (rows of `⌈width/8⌉·8 + 2·pad`).
/// The convolution kernels read every stencil tap of a cell at a fixed offset from it.
struct PaddedGridSample: @unchecked Sendable {
    /// The padded channels, `[channels, depth, height, rowLength]`, zero outside the data.
    let storage: UnsafeMutablePointer<Double>
    /// The unpadded grid (its batch is ignored).
    let shape: GridShape
    let pad: Int
    /// Padded extents.
    let depth: Int, height: Int, rowLength: Int

    var channelStride: Int { depth * height * rowLength }

    /// Allocates a zero padded grid for one sample of `shape`; `deallocate()` frees it.
    init(shape: GridShape, pad: Int) {
        self.shape = shape
        self.pad = pad
        depth = shape.depth + 2 * pad
        height = shape.height + 2 * pad
        rowLength = (shape.width + 7) / 8 * 8 + 2 * pad
        storage = .allocate(capacity: shape.channels * depth * height * rowLength)
        zeroPadding()
    }

    /// Zeros every cell outside the data (the data cells are written by `fill`).
    private func zeroPadding() {
        let s = shape, plane = height * rowLength, (pad, depth, storage) = (pad, depth, GridUnchecked(storage))
        gridParallelFor(s.channels * depth, work: s.channels * depth * plane) { [self] index in
            let z = index % depth, first = storage.value + index * plane
            if z < pad || z >= s.depth + pad {
                first.initialize(repeating: 0, count: plane)
                return
            }
            first.initialize(repeating: 0, count: pad * rowLength)
            (first + (s.height + pad) * rowLength).initialize(repeating: 0, count: (height - s.height - pad) * rowLength)
            for y in pad..<(s.height + pad) {
                let row = first + y * rowLength
                row.initialize(repeating: 0, count: pad)
                (row + pad + s.width).initialize(repeating: 0, count: rowLength - pad - s.width)
            }
        }
    }

    func deallocate() { storage.deallocate() }

    /// The offset of padded cell `(z, y, x)` of channel 0. Output cell `(z, y, x)` of a 'same'
    /// convolution reads padded cell `(z + dz, y + dy, x + dx)` for the tap `(dz, dy, dx)`.
    @inline(__always)
    func offset(z: Int, y: Int, x: Int) -> Int { (z * height + y) * rowLength + x }

    /// The offsets of the `k³` taps `(dz, dy, dx)`, `dx` fastest.
    func tapOffsets(kernelSize k: Int) -> [Int] {
        (0..<(k * k * k)).map { t in offset(z: t / (k * k), y: (t / k) % k, x: t % k) }
    }

    /// Copies one sample (`[channels, depth, height, width]` at `x`) into the interior; the padding
    /// stays zero.
    func fill(from x: UnsafePointer<Double>) {
        let s = shape, source = GridUnchecked(x)
        gridParallelFor(s.channels * s.depth, work: s.channels * s.cells) { plane in
            let c = plane / s.depth, z = plane % s.depth
            for y in 0..<s.height {
                let src = source.value + (plane * s.height + y) * s.width
                let dst = storage + c * channelStride + offset(z: z + pad, y: y + pad, x: pad)
                dst.update(from: src, count: s.width)
            }
        }
    }
}
