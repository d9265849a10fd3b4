import Meshes

/// Laplace and mass matrices of scalar spaces on simplices, where the map from the reference cell
/// is affine: with C = |det J| J⁻¹J⁻ᵀ, the element stiffness is `Σ_kl C_kl A^{kl}` and the element
/// mass `|det J| M̂`, for reference matrices `A^{kl}_ij = ∫ ∂_k φ̂_i ∂_l φ̂_j` and `M̂_ij = ∫ φ̂_i φ̂_j`
/// integrated once. Costs d² m² flops per cell instead of a quadrature loop.
struct AffineKernel: @unchecked Sendable {
    enum Kind { case laplace, mass }
    let kind: Kind
    let dimension: Int
    let localCount: Int
    /// `A^{kl}_ij` at `[(k * d + l) * m * m + i * m + j]`, or `M̂` at `[i * m + j]`.
    let reference: [Double]
    /// For P1 Laplace: the space's cached scatter positions (closed-form path).
    let scatter: ScatterMap?

    /// The fast kernel for `kernel` on `space`, or `nil` when it does not apply (vector spaces,
    /// quadrilaterals/hexahedra, custom or elasticity forms).
    init?<K: BilinearKernel>(_ kernel: K, space: FunctionSpace, rule: QuadratureRule) {
        guard space.components == 1, [.segment, .triangle, .tetrahedron].contains(space.mesh.cellType) else { return nil }
        if kernel is LaplaceKernel { kind = .laplace } else if kernel is MassKernel { kind = .mass } else { return nil }
        let d = space.dimension, m = space.element.localCount
        dimension = d
        localCount = m
        scatter = kind == .laplace && space.element.degree == 1 ? space.scatterMap : nil
        let (values, gradients) = space.element.tabulate(rule)
        switch kind {
        case .laplace:
            var a = [Double](repeating: 0, count: d * d * m * m)
            for q in 0..<rule.count {
                for k in 0..<d {
                    for l in 0..<d {
                        for i in 0..<m {
                            for j in 0..<m {
                                a[(k * d + l) * m * m + i * m + j] += rule.weights[q] * gradients[(q * m + i) * d + k] * gradients[(q * m + j) * d + l]
                            }
                        }
                    }
                }
            }
            reference = a
        case .mass:
            var mass = [Double](repeating: 0, count: m * m)
            for q in 0..<rule.count {
                for i in 0..<m { for j in i..<m { mass[i * m + j] += rule.weights[q] * values[q * m + i] * values[q * m + j] } }
            }
            for i in 0..<m { for j in 0..<i { mass[i * m + j] = mass[j * m + i] } }   // exactly symmetric
            reference = mass
        }
    }

    /// Adds the element matrices of `cells` into `values`; returns the first degenerate cell or −1.
    func accumulate(_ space: FunctionSpace, cells range: Range<Int>, pattern: SparsityPattern, cellWeights: [Double]?,
                    into values: inout [Double]) -> Int {
        if let map = scatter {
            return accumulateLinearLaplace(space, cells: range, scatter: map, cellWeights: cellWeights, into: &values)
        }
        let d = dimension, m = localCount, nv = d + 1
        let local = UnsafeMutablePointer<Double>.allocate(capacity: m * m)
        let j = UnsafeMutablePointer<Double>.allocate(capacity: 9)
        let inverse = UnsafeMutablePointer<Double>.allocate(capacity: 9)
        var c = [Double](repeating: 0, count: d * d)
        defer {
            local.deallocate()
            j.deallocate()
            inverse.deallocate()
        }
        return space.mesh.points.withUnsafeBufferPointer { points in
            space.mesh.cells.withUnsafeBufferPointer { vertices in
                space.cellNodes.withUnsafeBufferPointer { cellNodes in
                    pattern.rowPointers.withUnsafeBufferPointer { rowPointers in
                        pattern.columnIndices.withUnsafeBufferPointer { columns in
                            reference.withUnsafeBufferPointer { reference in
                                values.withUnsafeMutableBufferPointer { values in
                                    for cell in range {
                                        // J[k][l] = x_{l+1}[k] − x_0[k].
                                        let v0 = Int(vertices[cell * nv]) * d
                                        for l in 0..<d {
                                            let vl = Int(vertices[cell * nv + l + 1]) * d
                                            for k in 0..<d { j[k * 3 + l] = points[vl + k] - points[v0 + k] }
                                        }
                                        let det = CellIntegrator.invert(j, dimension: d, into: inverse)
                                        guard det != 0, det.isFinite else { return cell }
                                        let scale = abs(det) * (cellWeights?[cell] ?? 1)
                                        switch kind {
                                        case .mass:
                                            for e in 0..<(m * m) { local[e] = scale * reference[e] }
                                        case .laplace:
                                            // C = |det J| J⁻¹ J⁻ᵀ, symmetric.
                                            for k in 0..<d {
                                                for l in k..<d {
                                                    var sum = 0.0
                                                    for r in 0..<d { sum += inverse[k * d + r] * inverse[l * d + r] }
                                                    c[k * d + l] = scale * sum
                                                    c[l * d + k] = scale * sum
                                                }
                                            }
                                            for e in 0..<(m * m) { local[e] = 0 }
                                            for kl in 0..<(d * d) {
                                                let weight = c[kl]
                                                let block = reference.baseAddress! + kl * m * m
                                                for i in 0..<m { for jj in i..<m { local[i * m + jj] += weight * block[i * m + jj] } }
                                            }
                                            for i in 0..<m { for jj in 0..<i { local[i * m + jj] = local[jj * m + i] } }
                                        }
                                        for i in 0..<m {
                                            let row = Int(cellNodes[cell * m + i])
                                            let rowStart = Int(rowPointers[row]), rowEnd = Int(rowPointers[row + 1])
                                            for jj in 0..<m {
                                                let position = FunctionSpace.position(of: cellNodes[cell * m + jj], in: columns, rowStart, rowEnd)
                                                values[position] += local[i * m + jj]
                                            }
                                        }
                                    }
                                    return -1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// P1 Laplace on triangles and tetrahedra in closed form: ∇φ_{k+1} is row k of J⁻¹ and
    /// ∇φ₀ = −Σ ∇φ_k, so K_ij = (|det J| / d!) ∇φ_i · ∇φ_j; entries go straight to their positions.
    private func accumulateLinearLaplace(_ space: FunctionSpace, cells range: Range<Int>, scatter: ScatterMap, cellWeights: [Double]?,
                                         into values: inout [Double]) -> Int {
        let d = dimension, m = d + 1
        let factorial = d == 3 ? 6.0 : Double(d)
        let j = UnsafeMutablePointer<Double>.allocate(capacity: 9)
        let inverse = UnsafeMutablePointer<Double>.allocate(capacity: 9)
        let g = UnsafeMutablePointer<SIMD3<Double>>.allocate(capacity: 4)
        defer {
            j.deallocate()
            inverse.deallocate()
            g.deallocate()
        }
        return space.mesh.points.withUnsafeBufferPointer { points in
            space.mesh.cells.withUnsafeBufferPointer { vertices in
                scatter.positions.withUnsafeBufferPointer { positions in
                    values.withUnsafeMutableBufferPointer { values in
                        for cell in range {
                            let v0 = Int(vertices[cell * m]) * d
                            for l in 0..<d {
                                let vl = Int(vertices[cell * m + l + 1]) * d
                                for k in 0..<d { j[k * 3 + l] = points[vl + k] - points[v0 + k] }
                            }
                            let det = CellIntegrator.invert(j, dimension: d, into: inverse)
                            guard det != 0, det.isFinite else { return cell }
                            let scale = abs(det) / factorial * (cellWeights?[cell] ?? 1)
                            var sum = SIMD3<Double>.zero
                            for k in 0..<d {
                                var row = SIMD3<Double>.zero
                                for l in 0..<d { row[l] = inverse[k * d + l] }
                                g[k + 1] = row
                                sum += row
                            }
                            g[0] = -sum
                            let base = cell * m * m
                            for a in 0..<m {
                                for b in a..<m {
                                    let entry = scale * (g[a] * g[b]).sum()
                                    values[Int(positions[base + a * m + b])] += entry
                                    if b != a { values[Int(positions[base + b * m + a])] += entry }
                                }
                            }
                        }
                        return -1
                    }
                }
            }
        }
    }
}
