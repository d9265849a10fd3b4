import Foundation
import Meshes

/// Finds the cell containing a point, and the point's reference coordinates in it, through a
/// uniform grid of buckets over the mesh's bounding box (each cell listed in the buckets its
/// bounding box overlaps). Expected O(1) per query on quasi-uniform meshes.
struct PointLocator {
    let mesh: Mesh
    let lower: [Double]
    let cellSize: [Double]
    let counts: [Int]
    let bucketStart: [Int]
    let bucketCells: [Int32]
    let geometry: any ReferenceElement

    init(mesh: Mesh) {
        self.mesh = mesh
        let d = mesh.dimension
        var lower = [Double](repeating: .infinity, count: d), upper = [Double](repeating: -.infinity, count: d)
        for v in 0..<mesh.vertexCount {
            for k in 0..<d {
                lower[k] = min(lower[k], mesh.points[v * d + k])
                upper[k] = max(upper[k], mesh.points[v * d + k])
            }
        }
        // About one bucket per cell.
        let cellTotal = Double(mesh.cellCount)
        let perAxis = max(1, Int(d == 1 ? cellTotal : (d == 2 ? cellTotal.squareRoot() : cbrt(cellTotal))))
        let counts = [Int](repeating: perAxis, count: d)
        let cellSize = (0..<d).map { max(upper[$0] - lower[$0], 1e-300) / Double(counts[$0]) }
        self.lower = lower
        self.counts = counts
        self.cellSize = cellSize
        geometry = geometryElement(for: mesh.cellType)
        let bucketCount = counts.reduce(1, *)
        // Bucket index ranges of every cell's bounding box, flat: [lo₀, hi₀, lo₁, hi₁, …] per cell.
        var ranges = [Int](repeating: 0, count: mesh.cellCount * 2 * d)
        var start = [Int](repeating: 0, count: bucketCount + 1)
        let nv = mesh.cellType.vertexCount
        mesh.points.withUnsafeBufferPointer { points in
            mesh.cells.withUnsafeBufferPointer { cellVertices in
                for c in 0..<mesh.cellCount {
                    for k in 0..<d {
                        var lo = Double.infinity, hi = -Double.infinity
                        for a in 0..<nv {
                            let x = points[Int(cellVertices[c * nv + a]) * d + k]
                            lo = min(lo, x)
                            hi = max(hi, x)
                        }
                        ranges[(c * d + k) * 2] = min(counts[k] - 1, max(0, Int((lo - lower[k]) / cellSize[k])))
                        ranges[(c * d + k) * 2 + 1] = min(counts[k] - 1, max(0, Int((hi - lower[k]) / cellSize[k])))
                    }
                    Self.forEachBucket(ranges, cell: c, dimension: d, counts) { start[$0 + 1] += 1 }
                }
            }
        }
        for b in 0..<bucketCount { start[b + 1] += start[b] }
        var fill = start
        var cells = [Int32](repeating: 0, count: start[bucketCount])
        for c in 0..<mesh.cellCount {
            Self.forEachBucket(ranges, cell: c, dimension: d, counts) { b in
                cells[fill[b]] = Int32(c)
                fill[b] += 1
            }
        }
        bucketStart = start
        bucketCells = cells
    }

    @inline(__always)
    private static func forEachBucket(_ r: [Int], cell c: Int, dimension d: Int, _ counts: [Int], _ body: (Int) -> Void) {
        let base = c * d * 2
        switch d {
        case 1: for i in r[base]...r[base + 1] { body(i) }
        case 2: for j in r[base + 2]...r[base + 3] { for i in r[base]...r[base + 1] { body(i + counts[0] * j) } }
        default:
            for k in r[base + 4]...r[base + 5] {
                for j in r[base + 2]...r[base + 3] { for i in r[base]...r[base + 1] { body(i + counts[0] * (j + counts[1] * k)) } }
            }
        }
    }

    /// The containing cell and reference coordinates of `x`, or `nil` outside the mesh (with a
    /// relative tolerance of 1e-10 so points on the boundary are found).
    func locate(_ x: [Double]) -> (cell: Int, reference: [Double])? {
        let d = mesh.dimension
        var index = 0
        var stride = 1
        for k in 0..<d {
            let position = (x[k] - lower[k]) / cellSize[k]
            guard position >= -1e-9, position <= Double(counts[k]) + 1e-9 else { return nil }
            index += min(counts[k] - 1, max(0, Int(position))) * stride
            stride *= counts[k]
        }
        for k in bucketStart[index]..<bucketStart[index + 1] {
            let c = Int(bucketCells[k])
            if let xi = referenceCoordinates(of: x, in: c), isInside(xi) { return (c, xi) }
        }
        return nil
    }

    private func isInside(_ xi: [Double]) -> Bool {
        let tolerance = 1e-10
        switch mesh.cellType {
        case .segment, .triangle, .tetrahedron:
            return xi.allSatisfy { $0 >= -tolerance } && xi.reduce(0, +) <= 1 + tolerance
        case .quadrilateral, .hexahedron:
            return xi.allSatisfy { $0 >= -tolerance && $0 <= 1 + tolerance }
        }
    }

    /// Solves x = Σ ψₐ(ξ) xₐ for ξ: directly for simplices (ξ = J⁻¹ (x − x₀)), by Newton's
    /// method for quadrilaterals and hexahedra.
    private func referenceCoordinates(of x: [Double], in c: Int) -> [Double]? {
        let d = mesh.dimension, nv = mesh.cellType.vertexCount
        if mesh.cellType != .quadrilateral && mesh.cellType != .hexahedron {
            return simplexCoordinates(of: x, in: c)
        }
        var xi = [Double](repeating: mesh.cellType == .quadrilateral || mesh.cellType == .hexahedron ? 0.5 : 0.25, count: d)
        var values = [Double](repeating: 0, count: nv), gradients = [Double](repeating: 0, count: nv * d)
        var inverse = [Double](repeating: 0, count: d * d)
        for _ in 0..<20 {
            geometry.evaluate(at: xi[...], values: &values, gradients: &gradients)
            var jacobian = [Double](repeating: 0, count: 9)
            var residual = [Double](repeating: 0, count: d)
            for a in 0..<nv {
                let v = Int(mesh.cells[c * nv + a])
                for k in 0..<d {
                    residual[k] += values[a] * mesh.points[v * d + k]
                    for l in 0..<d { jacobian[k * 3 + l] += mesh.points[v * d + k] * gradients[a * d + l] }
                }
            }
            for k in 0..<d { residual[k] -= x[k] }
            let det = inverse.withUnsafeMutableBufferPointer { inv in
                jacobian.withUnsafeMutableBufferPointer { CellIntegrator.invert($0.baseAddress!, dimension: d, into: inv.baseAddress!) }
            }
            guard det != 0, det.isFinite else { return nil }
            var step = 0.0
            for l in 0..<d {
                var delta = 0.0
                for k in 0..<d { delta += inverse[l * d + k] * residual[k] }
                xi[l] -= delta
                step = max(step, abs(delta))
            }
            if step < 1e-14 { break }
        }
        return xi
    }

    private func simplexCoordinates(of x: [Double], in c: Int) -> [Double]? {
        let d = mesh.dimension, nv = d + 1
        return mesh.points.withUnsafeBufferPointer { points -> [Double]? in
            let v0 = Int(mesh.cells[c * nv]) * d
            var j = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
            var inverse = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
            let det = withUnsafeMutableBytes(of: &j) { jRaw in
                withUnsafeMutableBytes(of: &inverse) { invRaw -> Double in
                    let jp = jRaw.baseAddress!.assumingMemoryBound(to: Double.self)
                    // Column l of J is x_{l+1} − x₀.
                    for l in 0..<d {
                        let vl = Int(mesh.cells[c * nv + l + 1]) * d
                        for k in 0..<d { jp[k * 3 + l] = points[vl + k] - points[v0 + k] }
                    }
                    return CellIntegrator.invert(jp, dimension: d, into: invRaw.baseAddress!.assumingMemoryBound(to: Double.self))
                }
            }
            guard det != 0, det.isFinite else { return nil }
            return withUnsafeBytes(of: &inverse) { raw in
                let inv = raw.baseAddress!.assumingMemoryBound(to: Double.self)
                return (0..<d).map { l in (0..<d).reduce(0.0) { $0 + inv[l * d + $1] * (x[$1] - points[v0 + $1]) } }
            }
        }
    }
}
