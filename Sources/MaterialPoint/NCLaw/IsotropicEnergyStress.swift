import Autodiff

/// The isotropic invariants a stored-energy network sees, zero at F = I and unchanged by F → Q F
/// and F → F Q: in 3D [I₁ − 3, I₂ − 3, J − 1] with C = FᵀF, I₁ = tr C, I₂ = ½(I₁² − C : C),
/// J = det F; in 2D [I₁ − 2, J − 1] (I₂ = J² there).
public struct IsotropicInvariants: DifferentiableOperation {
    /// 2 or 3.
    public let dimension: Int
    /// Creates the operation (input `[N, 9]`, output `[N, width]`).
    public init(dimension: Int) { self.dimension = dimension }
    public var name: String { "isotropic-invariants" }
    /// 3 in 3D, 2 in 2D.
    public var width: Int { dimension == 3 ? 3 : 2 }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        let d = dimension
        return mapRows(inputs[0], width: width) { _, f, row in
            let block = f.restricted(to: d, diagonalFill: 0)
            let c = block.transposed * block
            let i1 = c.trace, j = block.restricted(to: d, diagonalFill: 1).determinant
            if d == 3 {
                row[0] = i1 - 3
                row[1] = 0.5 * (i1 * i1 - c.squaredNorm) - 3
                row[2] = j - 1
            } else {
                row[0] = i1 - 2
                row[1] = j - 1
            }
        }
    }

    /// dI₁ = 2F : dF, dI₂ = 2(I₁ F − F C) : dF, dJ = cof F : dF. First order only (the energy
    /// network's own derivatives carry the higher orders).
    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        let d = dimension, w = width, g = cotangent.value.scalars
        let result = mapRows(inputs[0].value, width: 9) { p, f, row in
            let block = f.restricted(to: d, diagonalFill: 0)
            let cof = block.restricted(to: d, diagonalFill: 1).cofactor
            var fBar = block * (2 * g[w * p]) + cof * g[w * p + w - 1]
            if d == 3 {
                let c = block.transposed * block
                fBar += (block * c.trace - block * c) * (2 * g[w * p + 1])
            }
            UnsafeMutableBufferPointer(rebasing: row[0..<9]).writeMatrix(fBar.restricted(to: d, diagonalFill: 0), at: 0)
        }
        return [Variable(result)]
    }
}

/// The Kirchhoff stress of an isotropic stored energy ψ(I₁, I₂, J) from its partial derivatives
/// (the coefficients, `[N, 3]` in 3D, `[N, 2]` = (∂ψ/∂I₁, ∂ψ/∂J) in 2D):
/// τ = ∂ψ/∂F Fᵀ = 2ψ₁ B + 2ψ₂ (I₁ B − B²) + ψ_J J I with B = F Fᵀ.
public struct IsotropicStressAssembly: DifferentiableOperation {
    /// 2 or 3.
    public let dimension: Int
    /// Creates the operation (inputs F `[N, 9]` and the coefficients; output τ `[N, 9]`).
    public init(dimension: Int) { self.dimension = dimension }
    public var name: String { "isotropic-stress-assembly" }
    var width: Int { dimension == 3 ? 3 : 2 }

    func stress(_ block: Matrix3, _ a: Double, _ b: Double, _ cJ: Double) -> Matrix3 {
        let d = dimension
        let bb = block * block.transposed, j = block.restricted(to: d, diagonalFill: 1).determinant
        let identity = Matrix3.identity.restricted(to: d, diagonalFill: 0)
        var tau = bb * (2 * a) + identity * (cJ * j)
        if d == 3 { tau += (bb * bb.trace - bb * bb) * (2 * b) }
        return tau
    }

    public func forward(_ inputs: [Tensor]) -> Tensor {
        let d = dimension, w = width, k = inputs[1].scalars
        return mapRows(inputs[0], width: 9) { p, f, row in
            let a = k[w * p], b = d == 3 ? k[w * p + 1] : 0, cJ = k[w * p + w - 1]
            row.writeMatrix(stress(f.restricted(to: d, diagonalFill: 0), a, b, cJ), at: 0)
        }
    }

    /// With Ḡ the cotangent of τ: ā = 2 Ḡ : B, b̄ = 2 Ḡ : (I₁ B − B²), c̄ = J tr Ḡ, and
    /// F̄ = (M + Mᵀ) F + 4b (Ḡ : B) F + c tr Ḡ cof F with M = 2a Ḡ + 2b (I₁ Ḡ − Ḡ B − B Ḡ).
    /// First order only.
    public func pullback(_ cotangent: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        let d = dimension, w = width, n = inputs[0].shape[0]
        let g = cotangent.value.scalars, k = inputs[1].value.scalars
        var coefficientBar = [Double](repeating: 0, count: n * w)
        let fBar = mapRows(inputs[0].value, width: 9) { p, f, row in
            let block = f.restricted(to: d, diagonalFill: 0)
            let gp = g.matrix(at: p).restricted(to: d, diagonalFill: 0)
            let a = k[w * p], b = d == 3 ? k[w * p + 1] : 0, cJ = k[w * p + w - 1]
            let full = block.restricted(to: d, diagonalFill: 1)
            let bb = block * block.transposed, j = full.determinant, i1 = bb.trace
            let gB = gp.contracted(with: bb)
            var m = gp * (2 * a)
            var fb = full.cofactor.restricted(to: d, diagonalFill: 0) * (cJ * gp.trace)
            coefficientBar[w * p] = 2 * gB
            coefficientBar[w * p + w - 1] = j * gp.trace
            if d == 3 {
                m += (gp * i1 - gp * bb - bb * gp) * (2 * b)
                fb += block * (4 * b * gB)
                coefficientBar[w * p + 1] = 2 * gp.contracted(with: bb * i1 - bb * bb)
            }
            fb += (m + m.transposed) * block
            row.writeMatrix(fb.restricted(to: d, diagonalFill: 0), at: 0)
        }
        return [Variable(fBar), Variable(Tensor(shape: [n, w], scalars: coefficientBar))]
    }
}
