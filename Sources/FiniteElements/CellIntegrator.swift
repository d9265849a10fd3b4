import Meshes

/// Maps a quadrature rule and an element's tabulated basis onto physical cells.
///
/// For cell `c` and quadrature point `q` it computes the Jacobian `J = Σₐ xₐ ⊗ ∇̂ψₐ` of the
/// geometry map (ψ: P1 or Q1 on the cell's vertices), the weight `w_q |det J|`, the physical
/// gradients `∇φ = J⁻ᵀ ∇̂φ` of the element's basis and, on request, the physical coordinates.
/// Affine cells (simplices) compute the Jacobian once per cell. Tables live in raw buffers so the
/// per-cell loop runs without bounds checks or reference counting.
final class CellIntegrator: @unchecked Sendable {
    let rule: QuadratureRule
    let dimension: Int
    let vertexCount: Int
    let localCount: Int
    let quadratureCount: Int
    /// Quadrature weights.
    let weights: UnsafeMutablePointer<Double>
    /// Geometry basis values/gradients at the quadrature points.
    let geometryValues: UnsafeMutablePointer<Double>
    let geometryGradients: UnsafeMutablePointer<Double>
    /// Element basis values `values[q * localCount + a]` and reference gradients.
    let values: UnsafeMutablePointer<Double>
    let referenceGradients: UnsafeMutablePointer<Double>
    /// Affine cells have a constant Jacobian: computed once per cell.
    let isAffine: Bool

    init(element: any ReferenceElement, rule: QuadratureRule) {
        self.rule = rule
        dimension = element.cellType.dimension
        vertexCount = element.cellType.vertexCount
        localCount = element.localCount
        quadratureCount = rule.count
        func copy(_ array: [Double]) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(array.count, 1))
            p.initialize(from: array, count: array.count)
            return p
        }
        let (gv, gg) = geometryElement(for: element.cellType).tabulate(rule)
        let (v, g) = element.tabulate(rule)
        weights = copy(rule.weights)
        geometryValues = copy(gv)
        geometryGradients = copy(gg)
        values = copy(v)
        referenceGradients = copy(g)
        isAffine = [.segment, .triangle, .tetrahedron].contains(element.cellType)
    }

    deinit {
        for p in [weights, geometryValues, geometryGradients, values, referenceGradients] { p.deallocate() }
    }

    /// Scratch space for one cell, reused across cells (one per thread).
    final class Workspace {
        let vertices: UnsafeMutablePointer<Double>
        /// `w_q |det J_q|`.
        let weights: UnsafeMutablePointer<Double>
        /// Physical gradients `gradients[(q * localCount + a) * dimension + k]`.
        let gradients: UnsafeMutablePointer<Double>
        /// Physical quadrature points `coordinates[q * dimension + k]`.
        let coordinates: UnsafeMutablePointer<Double>
        let inverse: UnsafeMutablePointer<Double>
        let jacobian: UnsafeMutablePointer<Double>

        init(_ integrator: CellIntegrator) {
            let d = integrator.dimension, nq = integrator.quadratureCount
            vertices = .allocate(capacity: integrator.vertexCount * d)
            weights = .allocate(capacity: nq)
            gradients = .allocate(capacity: nq * integrator.localCount * d)
            coordinates = .allocate(capacity: nq * d)
            coordinates.initialize(repeating: 0, count: nq * d)
            inverse = .allocate(capacity: 9)
            jacobian = .allocate(capacity: 9)
        }

        deinit {
            for p in [vertices, weights, gradients, coordinates, inverse, jacobian] { p.deallocate() }
        }
    }

    func makeWorkspace() -> Workspace { Workspace(self) }

    /// Fills `work` for cell `c` of `mesh`: weights, physical gradients and (when `coordinates`)
    /// physical quadrature points. Returns `false` for a degenerate cell (det J = 0).
    func map(cell c: Int, of mesh: Mesh, coordinates: Bool, into work: Workspace) -> Bool {
        mesh.points.withUnsafeBufferPointer { points in
            mesh.cells.withUnsafeBufferPointer { cells in
                map(cell: c, points: points.baseAddress!, cells: cells.baseAddress!, coordinates: coordinates, into: work)
            }
        }
    }

    /// As `map(cell:of:coordinates:into:)`, on the mesh's raw arrays.
    @inline(__always)
    func map(cell c: Int, points: UnsafePointer<Double>, cells: UnsafePointer<Int32>, coordinates: Bool, into work: Workspace) -> Bool {
        let d = dimension, nv = vertexCount, n = localCount
        let vertices = work.vertices, inverse = work.inverse, j = work.jacobian, gradients = work.gradients
        for a in 0..<nv {
            let v = Int(cells[c * nv + a])
            for k in 0..<d { vertices[a * d + k] = points[v * d + k] }
        }
        var det = 0.0
        for q in 0..<quadratureCount {
            if q == 0 || !isAffine {
                // J[k][l] = Σₐ x_a[k] ∂ψₐ/∂ξ_l
                j.initialize(repeating: 0, count: 9)
                for a in 0..<nv {
                    for k in 0..<d {
                        let x = vertices[a * d + k]
                        for l in 0..<d { j[k * 3 + l] += x * geometryGradients[(q * nv + a) * d + l] }
                    }
                }
                det = Self.invert(j, dimension: d, into: inverse)
                if det == 0 || !det.isFinite { return false }
            }
            work.weights[q] = weights[q] * abs(det)
            // ∇φ_k = Σ_l ∂φ/∂ξ_l (J⁻¹)[l][k]
            for a in 0..<n {
                for k in 0..<d {
                    var g = 0.0
                    for l in 0..<d { g += referenceGradients[(q * n + a) * d + l] * inverse[l * d + k] }
                    gradients[(q * n + a) * d + k] = g
                }
            }
            if coordinates {
                for k in 0..<d {
                    var x = 0.0
                    for a in 0..<nv { x += geometryValues[q * nv + a] * vertices[a * d + k] }
                    work.coordinates[q * d + k] = x
                }
            }
        }
        return true
    }

    /// Inverts the d × d matrix stored in a 3 × 3 row-major buffer into a d × d one; returns the
    /// determinant.
    @inline(__always)
    static func invert(_ j: UnsafeMutablePointer<Double>, dimension d: Int, into inverse: UnsafeMutablePointer<Double>) -> Double {
        switch d {
        case 1:
            inverse[0] = 1 / j[0]
            return j[0]
        case 2:
            let det = j[0] * j[4] - j[1] * j[3]
            let r = 1 / det
            inverse[0] = j[4] * r; inverse[1] = -j[1] * r
            inverse[2] = -j[3] * r; inverse[3] = j[0] * r
            return det
        default:
            let c00 = j[4] * j[8] - j[5] * j[7], c01 = j[5] * j[6] - j[3] * j[8], c02 = j[3] * j[7] - j[4] * j[6]
            let det = j[0] * c00 + j[1] * c01 + j[2] * c02
            let r = 1 / det
            inverse[0] = c00 * r
            inverse[1] = (j[2] * j[7] - j[1] * j[8]) * r
            inverse[2] = (j[1] * j[5] - j[2] * j[4]) * r
            inverse[3] = c01 * r
            inverse[4] = (j[0] * j[8] - j[2] * j[6]) * r
            inverse[5] = (j[2] * j[3] - j[0] * j[5]) * r
            inverse[6] = c02 * r
            inverse[7] = (j[1] * j[6] - j[0] * j[7]) * r
            inverse[8] = (j[0] * j[4] - j[1] * j[3]) * r
            return det
        }
    }

    /// The shape functions of every local dof at every quadrature point of the mapped cell in
    /// `work`: `shapes[q * localCount * components + i]` for local dof `i = a · components + c`.
    @inline(__always)
    func fillShapes(_ shapes: UnsafeMutablePointer<ShapeFunction>, components: Int, from work: Workspace) {
        let n = localCount, d = dimension, m = n * components
        for q in 0..<quadratureCount {
            for a in 0..<n {
                var g = SIMD3<Double>.zero
                for k in 0..<d { g[k] = work.gradients[(q * n + a) * d + k] }
                let value = values[q * n + a]
                for c in 0..<components {
                    shapes[q * m + a * components + c] = ShapeFunction(value: value, gradient: g, component: c)
                }
            }
        }
    }
}
