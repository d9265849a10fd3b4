import Autodiff

/// The custom primitives of the 3-D convolution: the convolution itself and the two maps its
/// pullback needs. The three are closed under taking pullbacks, so gradients through `Conv3D` can be
/// differentiated again (`createGraph: true`).
///
/// With `F(x, w)` the convolution (see `Convolution3DKernels`), `Gx(g, w) = F(g, w')` its adjoint in
/// `x` (`w'` the mirrored, channel-swapped kernel) and `Gw(g, x)` the gradient of `⟨g, F(x, w)⟩` in `w`:
/// `⟨g, F(x, w)⟩ = ⟨Gx(g, w), x⟩ = ⟨Gw(g, x), w⟩`.
struct Convolution3DOperation: DifferentiableOperation {
    enum Mode: Sendable {
        /// Inputs `[x, w]` or `[x, w, bias]`: `F(x, w) + bias`.
        case convolve
        /// Inputs `[g, w]`: `Gx(g, w)`.
        case inputGradient
        /// Inputs `[g, x]`: `Gw(g, x)` for kernels of the given size.
        case weightGradient(kernelSize: Int)
    }

    let mode: Mode

    var name: String {
        switch mode {
        case .convolve: return "conv3d"
        case .inputGradient: return "conv3d-input-gradient"
        case .weightGradient: return "conv3d-weight-gradient"
        }
    }

    func forward(_ t: [Tensor]) -> Tensor {
        switch mode {
        case .convolve:
            return Convolution3DKernels.convolve(t[0], t[1], bias: t.count > 2 ? t[2] : nil)
        case .inputGradient:
            return Convolution3DKernels.convolve(t[0], Convolution3DKernels.adjointKernel(t[1]), bias: nil)
        case let .weightGradient(k):
            return Convolution3DKernels.weightGradient(cotangent: t[0], input: t[1], kernelSize: k)
        }
    }

    // The inputs handed to a pullback are detached unless the backward pass is recorded, so every
    // cotangent is computed (the engine drops those it does not need).
    func pullback(_ h: Variable, inputs v: [Variable], output: Variable) -> [Variable?] {
        switch mode {
        case .convolve:
            let x = v[0], w = v[1]
            var result: [Variable?] = [
                Variable.apply(Self(mode: .inputGradient), to: [h, w]),
                Variable.apply(Self(mode: .weightGradient(kernelSize: w.shape[2])), to: [h, x]),
            ]
            if v.count > 2 {
                result.append(h.sum(alongAxes: [2, 3, 4]).sum(alongAxes: [0]).reshaped(to: v[2].shape))
            }
            return result
        case .inputGradient:
            // ⟨h, Gx(g, w)⟩ = ⟨F(h, w), g⟩ = ⟨Gw(g, h), w⟩.
            let g = v[0], w = v[1]
            return [
                Variable.apply(Self(mode: .convolve), to: [h, w]),
                Variable.apply(Self(mode: .weightGradient(kernelSize: w.shape[2])), to: [g, h]),
            ]
        case .weightGradient:
            // ⟨h, Gw(g, x)⟩ = ⟨g, F(x, h)⟩ = ⟨Gx(g, h), x⟩.
            let g = v[0], x = v[1]
            return [
                Variable.apply(Self(mode: .convolve), to: [x, h]),
                Variable.apply(Self(mode: .inputGradient), to: [g, h]),
            ]
        }
    }
}
