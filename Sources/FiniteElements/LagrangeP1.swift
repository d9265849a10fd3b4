import Meshes

/// Continuous piecewise-linear Lagrange element on a segment, triangle or tetrahedron.
///
/// Basis functions are the barycentric coordinates: φ₀ = 1 − Σ xₖ, φₖ = xₖ; nodes are the vertices.
public struct LagrangeP1: ReferenceElement {
    public let cellType: CellType
    public var degree: Int { 1 }
    public var localCount: Int { cellType.dimension + 1 }
    public var nodesPerEdge: Int { 0 }

    /// The P1 element on `cellType`, which must be a simplex.
    /// - Precondition: `cellType` is `.segment`, `.triangle` or `.tetrahedron`.
    public init(_ cellType: CellType) {
        precondition([.segment, .triangle, .tetrahedron].contains(cellType), "LagrangeP1 needs a simplex, got \(cellType)")
        self.cellType = cellType
    }

    public var nodes: [Double] {
        let d = cellType.dimension
        var nodes = [Double](repeating: 0, count: (d + 1) * d)
        for k in 0..<d { nodes[(k + 1) * d + k] = 1 }
        return nodes
    }

    public func evaluate(at xi: ArraySlice<Double>, values: inout [Double], gradients: inout [Double]) {
        let d = cellType.dimension
        var sum = 0.0
        for k in 0..<d { sum += xi[xi.startIndex + k] }
        values[0] = 1 - sum
        for k in 0..<d { values[k + 1] = xi[xi.startIndex + k] }
        for i in 0..<(d + 1) * d { gradients[i] = 0 }
        for k in 0..<d {
            gradients[k] = -1
            gradients[(k + 1) * d + k] = 1
        }
    }
}
