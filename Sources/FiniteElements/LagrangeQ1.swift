import Meshes

/// Continuous multilinear Lagrange element on the reference square `[0, 1]²` or cube `[0, 1]³`.
///
/// Nodes are the vertices in VTK/Gmsh order (counter-clockwise bottom face, then the top face);
/// each basis function is a product of `1 − x` or `x` per coordinate.
public struct LagrangeQ1: ReferenceElement {
    public let cellType: CellType
    public var degree: Int { 1 }
    public var localCount: Int { cellType.vertexCount }
    public var nodesPerEdge: Int { 0 }

    /// The Q1 element on `cellType`, which must be `.quadrilateral` or `.hexahedron`.
    public init(_ cellType: CellType) {
        precondition(cellType == .quadrilateral || cellType == .hexahedron, "LagrangeQ1 needs a quadrilateral or hexahedron, got \(cellType)")
        self.cellType = cellType
    }

    /// Corner coordinates (each 0 or 1) in vertex order.
    private static let corners: [[Double]] = [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]]

    public var nodes: [Double] {
        let d = cellType.dimension
        return (0..<localCount).flatMap { Array(Self.corners[$0][0..<d]) }
    }

    public func evaluate(at xi: ArraySlice<Double>, values: inout [Double], gradients: inout [Double]) {
        let d = cellType.dimension
        for a in 0..<localCount {
            // Per coordinate: the 1D factor and its derivative.
            var factor = [Double](repeating: 1, count: 3)
            var slope = [Double](repeating: 0, count: 3)
            for k in 0..<d {
                let x = xi[xi.startIndex + k]
                if Self.corners[a][k] == 1 { factor[k] = x; slope[k] = 1 } else { factor[k] = 1 - x; slope[k] = -1 }
            }
            values[a] = factor[0] * factor[1] * factor[2]
            for k in 0..<d {
                var g = slope[k]
                for m in 0..<d where m != k { g *= factor[m] }
                gradients[a * d + k] = g
            }
        }
    }
}
