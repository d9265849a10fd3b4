/// Structured generators for the model domains: interval, rectangle, box.
///
/// Boundary tags: interval `left` = 1, `right` = 2; rectangle `left` (x = x₀) = 1, `right` = 2,
/// `bottom` (y = y₀) = 3, `top` = 4; box adds `front` (y = y₀) = 3, `back` = 4, `bottom` (z = z₀) = 5,
/// `top` = 6 (with `left`/`right` for x). Vertices are numbered x fastest, then y, then z.
extension Mesh {
    /// How a rectangle is split into cells.
    public enum RectangleCells: Sendable { case triangles, quadrilaterals }
    /// How a box is split into cells.
    public enum BoxCells: Sendable { case tetrahedra, hexahedra }

    /// The interval `[a, b]` split into `cells` equal segments.
    /// - Throws: `MeshError.invalidArgument` for `cells < 1` or `b ≤ a`.
    public static func interval(_ a: Double = 0, _ b: Double = 1, cells n: Int) throws -> Mesh {
        guard n >= 1, n < Int(Int32.max) else { throw MeshError.invalidArgument("an interval mesh needs at least one cell, got \(n)") }
        guard b > a, a.isFinite, b.isFinite else { throw MeshError.invalidArgument("an interval needs a < b, got [\(a), \(b)]") }
        let points = (0...n).map { a + (b - a) * Double($0) / Double(n) }
        var cells: [Int32] = []
        cells.reserveCapacity(2 * n)
        for i in 0..<n { cells += [Int32(i), Int32(i + 1)] }
        return Mesh(
            unchecked: 1, cellType: .segment, points: points, cells: cells,
            boundaryFacets: [0, Int32(n)], boundaryTags: [1, 2], names: ["left": 1, "right": 2])
    }

    /// The rectangle `[x₀, x₁] × [y₀, y₁]` split into `nx × ny` equal rectangles, each kept as a
    /// quadrilateral or split into two triangles along its diagonal from lower left to upper right.
    /// - Throws: `MeshError.invalidArgument` for non-positive counts or extents.
    public static func rectangle(
        x: ClosedRange<Double> = 0...1, y: ClosedRange<Double> = 0...1, nx: Int, ny: Int, cells kind: RectangleCells = .triangles
    ) throws -> Mesh {
        guard nx >= 1, ny >= 1, (nx + 1) * (ny + 1) < Int(Int32.max) else {
            throw MeshError.invalidArgument("a rectangle mesh needs nx, ny ≥ 1 and fewer than 2³¹ vertices, got \(nx) × \(ny)")
        }
        guard x.upperBound > x.lowerBound, y.upperBound > y.lowerBound else {
            throw MeshError.invalidArgument("a rectangle needs positive extents, got \(x) × \(y)")
        }
        var points = [Double]()
        points.reserveCapacity(2 * (nx + 1) * (ny + 1))
        for j in 0...ny {
            let yj = y.lowerBound + (y.upperBound - y.lowerBound) * Double(j) / Double(ny)
            for i in 0...nx { points += [x.lowerBound + (x.upperBound - x.lowerBound) * Double(i) / Double(nx), yj] }
        }
        func v(_ i: Int, _ j: Int) -> Int32 { Int32(i + (nx + 1) * j) }
        var cells = [Int32]()
        cells.reserveCapacity((kind == .triangles ? 6 : 4) * nx * ny)
        for j in 0..<ny {
            for i in 0..<nx {
                let (a, b, c, d) = (v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1))
                switch kind {
                case .triangles: cells += [a, b, c, a, c, d]
                case .quadrilaterals: cells += [a, b, c, d]
                }
            }
        }
        // Boundary segments, oriented counter-clockwise around the rectangle.
        var facets = [Int32]()
        var tags = [Int32]()
        for i in 0..<nx { facets += [v(i, 0), v(i + 1, 0)]; tags.append(3) }
        for j in 0..<ny { facets += [v(nx, j), v(nx, j + 1)]; tags.append(2) }
        for i in 0..<nx { facets += [v(i + 1, ny), v(i, ny)]; tags.append(4) }
        for j in 0..<ny { facets += [v(0, j + 1), v(0, j)]; tags.append(1) }
        return Mesh(
            unchecked: 2, cellType: kind == .triangles ? .triangle : .quadrilateral, points: points, cells: cells,
            boundaryFacets: facets, boundaryTags: tags, names: ["left": 1, "right": 2, "bottom": 3, "top": 4])
    }

    /// The box `[x₀, x₁] × [y₀, y₁] × [z₀, z₁]` split into `nx × ny × nz` equal bricks, each kept as a
    /// hexahedron or split into six tetrahedra around its main diagonal (Kuhn's subdivision, which
    /// is conforming across bricks). Tetrahedra are positively oriented.
    /// - Throws: `MeshError.invalidArgument` for non-positive counts or extents.
    public static func box(
        x: ClosedRange<Double> = 0...1, y: ClosedRange<Double> = 0...1, z: ClosedRange<Double> = 0...1,
        nx: Int, ny: Int, nz: Int, cells kind: BoxCells = .tetrahedra
    ) throws -> Mesh {
        guard nx >= 1, ny >= 1, nz >= 1, (nx + 1) * (ny + 1) * (nz + 1) < Int(Int32.max) / 8 else {
            throw MeshError.invalidArgument("a box mesh needs nx, ny, nz ≥ 1 and fewer than 2²⁸ vertices, got \(nx) × \(ny) × \(nz)")
        }
        guard x.upperBound > x.lowerBound, y.upperBound > y.lowerBound, z.upperBound > z.lowerBound else {
            throw MeshError.invalidArgument("a box needs positive extents, got \(x) × \(y) × \(z)")
        }
        func coordinate(_ r: ClosedRange<Double>, _ i: Int, _ n: Int) -> Double {
            r.lowerBound + (r.upperBound - r.lowerBound) * Double(i) / Double(n)
        }
        var points = [Double]()
        points.reserveCapacity(3 * (nx + 1) * (ny + 1) * (nz + 1))
        for k in 0...nz {
            for j in 0...ny {
                for i in 0...nx { points += [coordinate(x, i, nx), coordinate(y, j, ny), coordinate(z, k, nz)] }
            }
        }
        func v(_ i: Int, _ j: Int, _ k: Int) -> Int32 { Int32(i + (nx + 1) * (j + (ny + 1) * k)) }
        // Brick corners in hexahedron order, and the six Kuhn paths 000 → 111 (one per axis order).
        let offsets = [(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0), (0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)]
        let axisOrders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        var kuhn = [[Int]]()
        for order in axisOrders {
            var corner = [0, 0, 0]
            var path = [0]
            for axis in order {
                corner[axis] = 1
                path.append(offsets.firstIndex { $0 == (corner[0], corner[1], corner[2]) }!)
            }
            // Even permutations give positive orientation with this corner order; odd ones swap two vertices.
            let isEven = [[0, 1, 2], [1, 2, 0], [2, 0, 1]].contains(order)
            kuhn.append(isEven ? path : [path[0], path[2], path[1], path[3]])
        }
        var cells = [Int32]()
        cells.reserveCapacity((kind == .tetrahedra ? 24 : 8) * nx * ny * nz)
        for k in 0..<nz {
            for j in 0..<ny {
                for i in 0..<nx {
                    let corners = offsets.map { v(i + $0.0, j + $0.1, k + $0.2) }
                    switch kind {
                    case .hexahedra: cells += corners
                    case .tetrahedra: for tet in kuhn { cells += tet.map { corners[$0] } }
                    }
                }
            }
        }
        let mesh = Mesh(
            unchecked: 3, cellType: kind == .tetrahedra ? .tetrahedron : .hexahedron, points: points, cells: cells,
            boundaryFacets: [], boundaryTags: [],
            names: ["left": 1, "right": 2, "front": 3, "back": 4, "bottom": 5, "top": 6])
        let tolerance = 1e-9
        return mesh.withBoundaryFacets { c in
            func near(_ value: Double, _ r: ClosedRange<Double>, _ upper: Bool) -> Bool {
                abs(value - (upper ? r.upperBound : r.lowerBound)) <= tolerance * (r.upperBound - r.lowerBound)
            }
            if near(c[0], x, false) { return 1 }
            if near(c[0], x, true) { return 2 }
            if near(c[1], y, false) { return 3 }
            if near(c[1], y, true) { return 4 }
            if near(c[2], z, false) { return 5 }
            return 6
        }
    }
}
