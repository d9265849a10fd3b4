import Meshes

/// Maps a quadrature rule and an element's tabulated basis onto physical cells.
///
/// For cell `c` and quadrature point `q` it computes the Jacobian `J = Σₐ xₐ ⊗ ∇̂ψₐ` of the
/// geometry map (ψ: P1 or Q1 on the cell's vertices), the weight `w_q |det J|`, the physical
/// gradients `∇φ = J⁻ᵀ ∇̂φ` of the element's basis and, on request, the physical coordinates.
struct CellIntegrator {
    let rule: QuadratureRule
    let dimension: Int
    let vertexCount: Int
    let localCount: Int
    /// Geometry basis values/gradients at the quadrature points.
    let geometryValues: [Double]
    let geometryGradients: [Double]
    /// Element basis values/reference gradients at the quadrature points.
    let values: [Double]
    let referenceGradients: [Double]
    /// Affine cells have a constant Jacobian: computed once per cell.
    let isAffine: Bool

    init(element: any ReferenceElement, rule: QuadratureRule) {
        self.rule = rule
        dimension = element.cellType.dimension
        vertexCount = element.cellType.vertexCount
        localCount = element.localCount
        (geometryValues, geometryGradients) = geometryElement(for: element.cellType).tabulate(rule)
        (values, referenceGradients) = element.tabulate(rule)
        isAffine = [.segment, .triangle, .tetrahedron].contains(element.cellType)
    }

    /// Scratch space for one cell, reused across cells.
    struct Workspace {
        var vertices: [Double]
        var weights: [Double]
        var gradients: [Double]
        var coordinates: [Double]
        var inverse: [Double]
    }

    func makeWorkspace() -> Workspace {
        Workspace(
            vertices: [Double](repeating: 0, count: vertexCount * dimension),
            weights: [Double](repeating: 0, count: rule.count),
            gradients: [Double](repeating: 0, count: rule.count * localCount * dimension),
            coordinates: [Double](repeating: 0, count: rule.count * dimension),
            inverse: [Double](repeating: 0, count: dimension * dimension))
    }

    /// Fills `work` for cell `c` of `mesh`: weights, physical gradients and (when `coordinates`)
    /// physical quadrature points. Returns `false` for a degenerate cell (det J = 0).
    @inline(__always)
    func map(cell c: Int, of mesh: Mesh, coordinates: Bool, into work: inout Workspace) -> Bool {
        let d = dimension, nv = vertexCount, n = localCount
        for a in 0..<nv {
            let v = Int(mesh.cells[c * nv + a])
            for k in 0..<d { work.vertices[a * d + k] = mesh.points[v * d + k] }
        }
        var det = 0.0
        for q in 0..<rule.count {
            if q == 0 || !isAffine {
                // J[k][l] = Σₐ x_a[k] ∂ψₐ/∂ξ_l
                var jacobian = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
                withUnsafeMutableBytes(of: &jacobian) { raw in
                    let j = raw.bindMemory(to: Double.self)
                    for a in 0..<nv {
                        for k in 0..<d {
                            let x = work.vertices[a * d + k]
                            for l in 0..<d { j[k * 3 + l] += x * geometryGradients[(q * nv + a) * d + l] }
                        }
                    }
                    det = Self.invert(j, dimension: d, into: &work.inverse)
                }
                if det == 0 || !det.isFinite { return false }
            }
            work.weights[q] = rule.weights[q] * abs(det)
            // ∇φ_k = Σ_l ∂φ/∂ξ_l (J⁻¹)[l][k]
            for a in 0..<n {
                for k in 0..<d {
                    var g = 0.0
                    for l in 0..<d { g += referenceGradients[(q * n + a) * d + l] * work.inverse[l * d + k] }
                    work.gradients[(q * n + a) * d + k] = g
                }
            }
            if coordinates {
                for k in 0..<d {
                    var x = 0.0
                    for a in 0..<nv { x += geometryValues[q * nv + a] * work.vertices[a * d + k] }
                    work.coordinates[q * d + k] = x
                }
            }
        }
        return true
    }

    /// Inverts the d × d matrix stored in a 3 × 3 row-major buffer; returns its determinant.
    @inline(__always)
    static func invert(_ j: UnsafeMutableBufferPointer<Double>, dimension d: Int, into inverse: inout [Double]) -> Double {
        switch d {
        case 1:
            inverse[0] = 1 / j[0]
            return j[0]
        case 2:
            let det = j[0] * j[4] - j[1] * j[3]
            inverse[0] = j[4] / det; inverse[1] = -j[1] / det
            inverse[2] = -j[3] / det; inverse[3] = j[0] / det
            return det
        default:
            let c00 = j[4] * j[8] - j[5] * j[7], c01 = j[5] * j[6] - j[3] * j[8], c02 = j[3] * j[7] - j[4] * j[6]
            let det = j[0] * c00 + j[1] * c01 + j[2] * c02
            inverse[0] = c00 / det
            inverse[1] = (j[2] * j[7] - j[1] * j[8]) / det
            inverse[2] = (j[1] * j[5] - j[2] * j[4]) / det
            inverse[3] = c01 / det
            inverse[4] = (j[0] * j[8] - j[2] * j[6]) / det
            inverse[5] = (j[2] * j[3] - j[0] * j[5]) / det
            inverse[6] = c02 / det
            inverse[7] = (j[1] * j[6] - j[0] * j[7]) / det
            inverse[8] = (j[0] * j[4] - j[1] * j[3]) / det
            return det
        }
    }
}
