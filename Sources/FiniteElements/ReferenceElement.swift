import Meshes

/// A finite element on a reference cell: where its nodes sit and its basis functions' values and
/// gradients at a reference point.
///
/// Degrees of freedom are Lagrange nodes: one per vertex (in the cell's vertex order), then
/// `nodesPerEdge` per edge (in `CellType.edges` order). Conformity across cells comes from the
/// `FunctionSpace`'s numbering of vertices and edges; the map to a physical cell lives there, once.
public protocol ReferenceElement: Sendable {
    /// The reference cell (see `QuadratureRule` for the reference coordinates of each).
    var cellType: CellType { get }
    /// Polynomial degree (per coordinate for tensor-product elements).
    var degree: Int { get }
    /// Number of basis functions on one cell.
    var localCount: Int { get }
    /// Nodes on each edge, after the vertex nodes (0 or 1 here).
    var nodesPerEdge: Int { get }
    /// Reference coordinates of the nodes, `localCount × cellType.dimension`, row-major.
    var nodes: [Double] { get }
    /// Writes the basis values (`localCount`) and reference gradients (`localCount × dimension`,
    /// row-major) at the reference point `xi`.
    func evaluate(at xi: ArraySlice<Double>, values: inout [Double], gradients: inout [Double])
}

extension ReferenceElement {
    /// Basis values and gradients at every point of `rule`: `values[q * localCount + a]` and
    /// `gradients[(q * localCount + a) * dimension + k]`.
    public func tabulate(_ rule: QuadratureRule) -> (values: [Double], gradients: [Double]) {
        let n = localCount, d = cellType.dimension
        var values = [Double](repeating: 0, count: rule.count * n)
        var gradients = [Double](repeating: 0, count: rule.count * n * d)
        var v = [Double](repeating: 0, count: n)
        var g = [Double](repeating: 0, count: n * d)
        for q in 0..<rule.count {
            evaluate(at: rule.point(q), values: &v, gradients: &g)
            for a in 0..<n { values[q * n + a] = v[a] }
            for k in 0..<(n * d) { gradients[q * n * d + k] = g[k] }
        }
        return (values, gradients)
    }
}

/// The element that maps a reference cell onto a physical one: P1 for simplices, Q1 for
/// quadrilaterals and hexahedra.
func geometryElement(for cellType: CellType) -> any ReferenceElement {
    switch cellType {
    case .segment, .triangle, .tetrahedron: return LagrangeP1(cellType)
    case .quadrilateral, .hexahedron: return LagrangeQ1(cellType)
    }
}
