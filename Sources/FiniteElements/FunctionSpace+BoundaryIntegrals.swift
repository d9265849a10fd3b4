import Meshes
import SparseLinearAlgebra

/// Integrals over tagged boundary facets: Neumann loads ∫_Γ g v ds and Robin terms ∫_Γ α u v ds.
///
/// On a facet the space's functions restrict to the same Lagrange family on the facet's cell type
/// (P2 on a triangle restricts to P2 on its edges), so facets are integrated with their own
/// element and geometry. Boundary forms see shape-function values only (gradients are zero), the
/// facet's unit normal in `point.normal` and its index in `point.cell`.
extension FunctionSpace {
    /// ∫_Γ integrand(v, x) ds over the facets tagged `tags` (all tagged facets when `nil`).
    /// - Throws: `FiniteElementError` for a bad quadrature degree or a degenerate facet.
    public func assembleBoundary(_ form: LinearForm, tags: Set<Int32>? = nil, quadratureDegree: Int? = nil) throws -> [Double] {
        var load = [Double](repeating: 0, count: dofCount)
        try forEachFacetPoint(tags: tags, quadratureDegree: quadratureDegree ?? 2 * element.degree + 1) { nodes, values, weight, point in
            for (a, node) in nodes.enumerated() {
                for c in 0..<components {
                    let v = ShapeFunction(value: values[a], gradient: .zero, component: c)
                    load[Int(node) * components + c] += weight * form.integrand(v, point)
                }
            }
        }
        return load
    }

    /// ∫_Γ integrand(u, v, x) ds over the facets tagged `tags`, as a matrix with the same pattern as
    /// `assemble(_:)` on this space (so the two can be added with `CSRMatrix.adding`). Only custom
    /// forms and `.mass` are meaningful on facets.
    /// - Throws: `FiniteElementError` for a bad quadrature degree or a degenerate facet.
    public func assembleBoundary(_ form: BilinearForm, tags: Set<Int32>? = nil, quadratureDegree: Int? = nil) throws -> CSRMatrix {
        let pattern = sparsityPattern
        var values = [Double](repeating: 0, count: pattern.columnIndices.count)
        let integrand: (ShapeFunction, ShapeFunction, QuadraturePoint) -> Double
        switch form.kernel {
        case .mass: integrand = { u, v, _ in u.component == v.component ? u.value * v.value : 0 }
        case let .closure(body, _): integrand = body
        case .laplace, .elasticity:
            throw FiniteElementError.invalidArgument("gradient forms (laplace, elasticity) cannot be integrated over boundary facets")
        }
        try forEachFacetPoint(tags: tags, quadratureDegree: quadratureDegree ?? 2 * element.degree) { nodes, shape, weight, point in
            pattern.columnIndices.withUnsafeBufferPointer { columns in
                for (a, rowNode) in nodes.enumerated() {
                    for ci in 0..<components {
                        let row = Int(rowNode) * components + ci
                        let v = ShapeFunction(value: shape[a], gradient: .zero, component: ci)
                        for (b, columnNode) in nodes.enumerated() {
                            for cj in 0..<components {
                                let u = ShapeFunction(value: shape[b], gradient: .zero, component: cj)
                                let column = Int32(Int(columnNode) * components + cj)
                                let k = Self.position(of: column, in: columns, Int(pattern.rowPointers[row]), Int(pattern.rowPointers[row + 1]))
                                values[k] += weight * integrand(u, v, point)
                            }
                        }
                    }
                }
            }
        }
        do {
            return try CSRMatrix(rowCount: dofCount, columnCount: dofCount, rowPointers: pattern.rowPointers,
                                 columnIndices: pattern.columnIndices, values: values)
        } catch {
            throw FiniteElementError.invalidArgument("assembled matrix rejected: \(error)")
        }
    }

    /// Calls `body(facet nodes, basis values, weight × ds, point)` at every quadrature point of the
    /// tagged facets.
    private func forEachFacetPoint(
        tags: Set<Int32>?, quadratureDegree: Int,
        _ body: (_ nodes: [Int32], _ values: [Double], _ weight: Double, _ point: QuadraturePoint) -> Void
    ) throws {
        let d = dimension
        guard let facetType = mesh.cellType.facetType else {
            // 1D: facets are points; the "integral" is the value there, with the outward normal ±1.
            let mid = mesh.points.reduce(0, +) / Double(max(mesh.vertexCount, 1))
            for f in 0..<mesh.boundaryFacetCount where tags?.contains(mesh.boundaryTags[f]) ?? true {
                let node = mesh.boundaryFacets[f]
                let x = mesh.points[Int(node)]
                body([node], [1], 1, QuadraturePoint(x: SIMD3(x, 0, 0), cell: f, normal: SIMD3(x < mid ? -1 : 1, 0, 0)))
            }
            return
        }
        let facetElement: any ReferenceElement
        switch (facetType, element.degree, element.nodesPerEdge) {
        case (.segment, _, 1), (.triangle, _, 1): facetElement = LagrangeP2(facetType)
        case (.quadrilateral, _, _): facetElement = LagrangeQ1(.quadrilateral)
        default: facetElement = LagrangeP1(facetType)
        }
        let geometry = geometryElement(for: facetType)
        let rule = try QuadratureRule.gauss(facetType, degree: quadratureDegree)
        let (shapeValues, _) = facetElement.tabulate(rule)
        let (geometryValues, geometryGradients) = geometry.tabulate(rule)
        let m = facetElement.localCount, nv = facetType.vertexCount, r = facetType.dimension
        var shape = [Double](repeating: 0, count: m)
        for f in 0..<mesh.boundaryFacetCount where tags?.contains(mesh.boundaryTags[f]) ?? true {
            let nodes = facetNodes(f)
            let vertices = mesh.boundaryFacet(f).map(Int.init)
            for q in 0..<rule.count {
                // Tangents J[:, l] = Σₐ xₐ ∂ψₐ/∂ξ_l and the position.
                var tangents = [SIMD3<Double>](repeating: .zero, count: r)
                var x = SIMD3<Double>.zero
                for a in 0..<nv {
                    var xa = SIMD3<Double>.zero
                    for k in 0..<d { xa[k] = mesh.points[vertices[a] * d + k] }
                    x += geometryValues[q * nv + a] * xa
                    for l in 0..<r { tangents[l] += geometryGradients[(q * nv + a) * r + l] * xa }
                }
                var normal: SIMD3<Double>
                if r == 1 {
                    normal = SIMD3(tangents[0].y, -tangents[0].x, 0)
                } else {
                    let (s, t) = (tangents[0], tangents[1])
                    normal = SIMD3(s.y * t.z - s.z * t.y, s.z * t.x - s.x * t.z, s.x * t.y - s.y * t.x)
                }
                let area = (normal * normal).sum().squareRoot()
                guard area > 0, area.isFinite else {
                    throw FiniteElementError.invalidArgument("boundary facet \(f) is degenerate")
                }
                normal /= area
                for a in 0..<m { shape[a] = shapeValues[q * m + a] }
                body(nodes, shape, rule.weights[q] * area, QuadraturePoint(x: x, cell: f, normal: normal))
            }
        }
    }
}
