import Meshes

/// Continuous piecewise-quadratic Lagrange element on a segment, triangle or tetrahedron.
///
/// Nodes: the vertices, then the edge midpoints in `CellType.edges` order. With barycentric
/// coordinates λ: vertex functions λᵢ(2λᵢ − 1), edge functions 4 λₐ λ_b.
public struct LagrangeP2: ReferenceElement {
    public let cellType: CellType
    public var degree: Int { 2 }
    public var localCount: Int { (cellType.dimension + 1) * (cellType.dimension + 2) / 2 }
    public var nodesPerEdge: Int { 1 }
    private let edges: [(Int, Int)]

    /// The P2 element on `cellType`, which must be a simplex.
    /// - Precondition: `cellType` is `.segment`, `.triangle` or `.tetrahedron`.
    public init(_ cellType: CellType) {
        precondition([.segment, .triangle, .tetrahedron].contains(cellType), "LagrangeP2 needs a simplex, got \(cellType)")
        self.cellType = cellType
        self.edges = cellType.edges
    }

    public var nodes: [Double] {
        let d = cellType.dimension
        var vertices = [[Double]](repeating: [Double](repeating: 0, count: d), count: d + 1)
        for k in 0..<d { vertices[k + 1][k] = 1 }
        var nodes = vertices.flatMap { $0 }
        for (a, b) in edges { nodes += (0..<d).map { 0.5 * (vertices[a][$0] + vertices[b][$0]) } }
        return nodes
    }

    public func evaluate(at xi: ArraySlice<Double>, values: inout [Double], gradients: inout [Double]) {
        let d = cellType.dimension
        // Barycentric coordinates and their (constant) gradients.
        var lambda = [Double](repeating: 0, count: d + 1)
        var sum = 0.0
        for k in 0..<d {
            lambda[k + 1] = xi[xi.startIndex + k]
            sum += lambda[k + 1]
        }
        lambda[0] = 1 - sum
        func gradLambda(_ i: Int, _ k: Int) -> Double { i == 0 ? -1 : (i == k + 1 ? 1 : 0) }
        for i in 0...d {
            values[i] = lambda[i] * (2 * lambda[i] - 1)
            for k in 0..<d { gradients[i * d + k] = (4 * lambda[i] - 1) * gradLambda(i, k) }
        }
        for (e, (a, b)) in edges.enumerated() {
            let i = d + 1 + e
            values[i] = 4 * lambda[a] * lambda[b]
            for k in 0..<d { gradients[i * d + k] = 4 * (gradLambda(a, k) * lambda[b] + lambda[a] * gradLambda(b, k)) }
        }
    }
}
