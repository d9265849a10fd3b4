import Foundation
import Meshes

/// A finite-element space on a mesh: the element, the numbering of its nodes across cells, and
/// `components` copies of it for vector fields.
///
/// Nodes are numbered vertices first (node `v` is mesh vertex `v`), then one node per mesh edge
/// for P2. Degrees of freedom interleave components: dof `node * components + c`. The map from
/// the reference cell is affine for simplices and multilinear for quadrilaterals/hexahedra; the
/// mesh's spatial dimension must equal its cell dimension.
public struct FunctionSpace: Sendable {
    /// The mesh.
    public let mesh: Mesh
    /// The reference element used on every cell.
    public let element: any ReferenceElement
    /// Field components: 1 for a scalar field, the spatial dimension for a displacement field.
    public let components: Int
    /// Number of nodes (scalar degrees of freedom per component).
    public let nodeCount: Int
    /// Global node of each local basis function, `cellCount × element.localCount`, row-major.
    public let cellNodes: [Int32]
    /// Coordinates of every node, `nodeCount × dimension`, row-major.
    public let nodeCoordinates: [Double]
    /// Sorted keys `(min << 32) | max` of the mesh edges that carry nodes (P2), with
    /// `edgeNodes[i]` the node of edge `edgeKeys[i]`.
    let edgeKeys: [UInt64]
    /// The CSR pattern of matrices on this space, built at the first assembly and shared by all.
    let patternCache = PatternCache()

    /// Number of degrees of freedom, `nodeCount × components`.
    public var dofCount: Int { nodeCount * components }
    /// Spatial dimension.
    public var dimension: Int { mesh.dimension }
    /// Local degrees of freedom per cell, `element.localCount × components`.
    public var localDofCount: Int { element.localCount * components }

    /// Builds the space of `element` on `mesh` with `components` field components.
    /// - Throws: `FiniteElementError.invalidArgument` when the element's cell type differs from the
    ///   mesh's, when the mesh is embedded in a higher dimension, or for `components < 1`.
    public init(mesh: Mesh, element: any ReferenceElement, components: Int = 1) throws {
        guard element.cellType == mesh.cellType else {
            throw FiniteElementError.invalidArgument("a \(element.cellType.rawValue) element does not fit a mesh of \(mesh.cellType.rawValue)s")
        }
        guard mesh.dimension == mesh.cellType.dimension else {
            throw FiniteElementError.invalidArgument("finite elements need the mesh's spatial dimension (\(mesh.dimension)) to equal its cell dimension (\(mesh.cellType.dimension))")
        }
        guard components >= 1 else { throw FiniteElementError.invalidArgument("a function space needs at least one component, got \(components)") }
        self.mesh = mesh
        self.element = element
        self.components = components
        let perCell = element.localCount
        let vertices = mesh.cellType.vertexCount
        guard element.nodesPerEdge > 0 else {
            nodeCount = mesh.vertexCount
            cellNodes = mesh.cells
            nodeCoordinates = mesh.points
            edgeKeys = []
            return
        }
        // Number the mesh edges: sort the distinct (min, max) vertex pairs.
        let localEdges = mesh.cellType.edges
        var keys = [UInt64]()
        keys.reserveCapacity(mesh.cellCount * localEdges.count)
        mesh.cells.withUnsafeBufferPointer { cells in
            for c in 0..<mesh.cellCount {
                for (a, b) in localEdges { keys.append(Self.edgeKey(cells[c * vertices + a], cells[c * vertices + b])) }
            }
        }
        var sorted = keys
        sorted.sort()
        var unique = [UInt64]()
        unique.reserveCapacity(sorted.count / 2)
        for key in sorted where unique.last != key { unique.append(key) }
        edgeKeys = unique
        nodeCount = mesh.vertexCount + unique.count
        var nodes = [Int32](repeating: 0, count: mesh.cellCount * perCell)
        for c in 0..<mesh.cellCount {
            for a in 0..<vertices { nodes[c * perCell + a] = mesh.cells[c * vertices + a] }
            for e in 0..<localEdges.count {
                nodes[c * perCell + vertices + e] = Int32(mesh.vertexCount + Self.search(unique, keys[c * localEdges.count + e]))
            }
        }
        cellNodes = nodes
        var coordinates = mesh.points
        coordinates.reserveCapacity(nodeCount * mesh.dimension)
        let d = mesh.dimension
        for key in unique {
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            for k in 0..<d { coordinates.append(0.5 * (mesh.points[a * d + k] + mesh.points[b * d + k])) }
        }
        nodeCoordinates = coordinates
    }

    /// The sparsity pattern of matrices assembled on this space (built once, then reused).
    var sparsityPattern: SparsityPattern { patternCache.pattern { SparsityPattern(space: self) } }

    /// The scatter positions of element matrices (scalar spaces of moderate size; built once).
    var scatterMap: ScatterMap? { patternCache.scatterMap { ScatterMap(space: self, pattern: sparsityPattern) } }

    static func edgeKey(_ a: Int32, _ b: Int32) -> UInt64 {
        let (lo, hi) = a < b ? (a, b) : (b, a)
        return UInt64(lo) << 32 | UInt64(hi)
    }

    /// Index of `key` in the sorted array `keys` (which must contain it).
    static func search(_ keys: [UInt64], _ key: UInt64) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The node on the edge between mesh vertices `a` and `b` (P2), or `nil` when the space has no
    /// edge nodes or the edge is not in the mesh.
    public func edgeNode(_ a: Int32, _ b: Int32) -> Int32? {
        guard !edgeKeys.isEmpty else { return nil }
        let key = Self.edgeKey(a, b)
        let i = Self.search(edgeKeys, key)
        return i < edgeKeys.count && edgeKeys[i] == key ? Int32(mesh.vertexCount + i) : nil
    }

    /// Coordinates of node `n`.
    public func nodeCoordinate(_ n: Int) -> ArraySlice<Double> {
        nodeCoordinates[n * dimension ..< (n + 1) * dimension]
    }

    /// Nodal interpolant of `f` (scalar spaces: one value per node; vector spaces: `f` returns
    /// `components` values, interleaved into the dof vector).
    public func interpolate(_ f: ([Double]) -> [Double]) -> [Double] {
        var u = [Double](repeating: 0, count: dofCount)
        for n in 0..<nodeCount {
            let values = f(Array(nodeCoordinate(n)))
            for c in 0..<components { u[n * components + c] = values[c] }
        }
        return u
    }

    /// Nodal interpolant of a scalar function.
    public func interpolate(_ f: ([Double]) -> Double) -> [Double] {
        interpolate { [f($0)] }
    }
}

/// Holds a space's sparsity pattern once built; thread-safe.
final class PatternCache: @unchecked Sendable {
    private var stored: SparsityPattern?
    private var storedScatter: ScatterMap??
    private let lock = NSLock()

    func scatterMap(_ build: () -> ScatterMap?) -> ScatterMap? {
        lock.lock()
        if let storedScatter {
            lock.unlock()
            return storedScatter
        }
        lock.unlock()
        let built = build()     // builds the pattern under the lock itself
        lock.lock()
        defer { lock.unlock() }
        storedScatter = .some(built)
        return built
    }

    func pattern(_ build: () -> SparsityPattern) -> SparsityPattern {
        lock.lock()
        defer { lock.unlock() }
        if let stored { return stored }
        let built = build()
        stored = built
        return built
    }
}
