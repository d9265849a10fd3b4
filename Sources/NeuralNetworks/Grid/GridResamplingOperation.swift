import Autodiff

/// The custom primitives of 2× average pooling and 2× nearest-neighbour upsampling on
/// `[batch, channels, depth, height, width]` grids.
///
/// The two are adjoint up to the factor 8 of a 2 × 2 × 2 block: `⟨pool(x), y⟩ = ⟨x, upsample(y)⟩ / 8`,
/// so each one's pullback is the other, scaled. Cost: one pass over the fine grid.
struct GridResamplingOperation: DifferentiableOperation {
    enum Mode: Sendable {
        /// Mean of each 2 × 2 × 2 block (all extents must be even).
        case averagePool
        /// Each cell copied into a 2 × 2 × 2 block.
        case upsample
    }

    let mode: Mode

    var name: String { mode == .averagePool ? "average-pool3d" : "upsample3d" }

    func forward(_ t: [Tensor]) -> Tensor {
        mode == .averagePool ? Self.averagePool(t[0]) : Self.upsample(t[0])
    }

    func pullback(_ g: Variable, inputs v: [Variable], output: Variable) -> [Variable?] {
        switch mode {
        case .averagePool: return [Variable.apply(Self(mode: .upsample), to: [g]) * 0.125]
        case .upsample: return [Variable.apply(Self(mode: .averagePool), to: [g]) * 8]
        }
    }

    static func averagePool(_ x: Tensor) -> Tensor {
        let s = GridShape(x.shape, "AveragePooling3D input")
        precondition(s.depth % 2 == 0 && s.height % 2 == 0 && s.width % 2 == 0,
                     "AveragePooling3D needs even grid extents, got \(x.shape)")
        let d = s.depth / 2, h = s.height / 2, w = s.width / 2
        let fineW = s.width, finePlane = s.height * s.width
        return x.scalars.withUnsafeBufferPointer { px in
            Tensor(shape: [s.batch, s.channels, d, h, w]) { out in
                let source = GridUnchecked(px.baseAddress!), target = GridUnchecked(out.baseAddress!)
                gridParallelFor(s.batch * s.channels * d, work: x.count) { index in
                    let bc = index / d, z = index % d
                    let fine = source.value + bc * s.cells + 2 * z * finePlane
                    let coarse = target.value + (bc * d + z) * h * w
                    for y in 0..<h {
                        let r0 = fine + 2 * y * fineW, r1 = r0 + fineW, r2 = r0 + finePlane, r3 = r1 + finePlane
                        for i in 0..<w {
                            let a = r0[2 * i] + r0[2 * i + 1] + r1[2 * i] + r1[2 * i + 1]
                            let b = r2[2 * i] + r2[2 * i + 1] + r3[2 * i] + r3[2 * i + 1]
                            coarse[y * w + i] = 0.125 * (a + b)
                        }
                    }
                }
            }
        }
    }

    static func upsample(_ x: Tensor) -> Tensor {
        let s = GridShape(x.shape, "Upsampling3D input")
        let d = 2 * s.depth, h = 2 * s.height, w = 2 * s.width
        let coarsePlane = s.height * s.width
        return x.scalars.withUnsafeBufferPointer { px in
            Tensor(shape: [s.batch, s.channels, d, h, w]) { out in
                let source = GridUnchecked(px.baseAddress!), target = GridUnchecked(out.baseAddress!)
                gridParallelFor(s.batch * s.channels * d, work: 8 * x.count) { index in
                    let bc = index / d, z = index % d
                    let coarse = source.value + bc * s.cells + (z / 2) * coarsePlane
                    let fine = target.value + (bc * d + z) * h * w
                    for y in 0..<h {
                        let src = coarse + (y / 2) * s.width, dst = fine + y * w
                        for i in 0..<w { dst[i] = src[i / 2] }
                    }
                }
            }
        }
    }
}
