/// Symmetric reordering: reverse Cuthill–McKee, bandwidth, and `P A Pᵀ`.
extension CSRMatrix {
    /// The largest `|i − j|` over the stored entries (0 for a diagonal or empty matrix).
    public var bandwidth: Int {
        var width = 0
        for i in 0..<rowCount {
            let start = Int(rowPointers[i]), end = Int(rowPointers[i + 1])
            guard end > start else { continue }
            width = max(width, i - Int(columnIndices[start]), Int(columnIndices[end - 1]) - i)
        }
        return width
    }

    /// A reverse Cuthill–McKee ordering of a square matrix: a breadth-first numbering of the graph of
    /// `A + Aᵀ` that visits neighbours in increasing degree, started in each connected component from
    /// a pseudo-peripheral vertex (George–Liu: repeated breadth-first searches from a vertex of
    /// smallest degree in the last level), then reversed. It keeps the nonzeros near the diagonal,
    /// which makes products and triangular sweeps read memory in order and lets
    /// `SymmetricCSRMatrix` cut the rows into several blocks. O(nnz · levels searched).
    /// - Throws: `SparseMatrixError.invalidArgument` for a matrix that is not square.
    public func reverseCuthillMcKee() throws -> Permutation {
        guard rowCount == columnCount else {
            throw SparseMatrixError.invalidArgument("reordering needs a square matrix, got \(rowCount) × \(columnCount)")
        }
        let graph = symmetricAdjacency()
        let n = rowCount
        var order = [Int32](), visited = [Bool](repeating: false, count: n)
        var marks = [Int32](repeating: 0, count: n), stamp: Int32 = 0
        order.reserveCapacity(n)
        // Components in order of their lowest-numbered vertex.
        for seed in 0..<n where !visited[seed] {
            let root = graph.pseudoPeripheralVertex(from: seed, marks: &marks, stamp: &stamp)
            graph.appendCuthillMcKee(from: root, visited: &visited, into: &order)
        }
        return Permutation(uncheckedNewToOld: order.reversed())
    }

    /// `P A Pᵀ` for a square matrix: row and column `new` of the result are row and column
    /// `permutation.newToOld[new]` of `A`.
    /// - Throws: `SparseMatrixError.dimensionMismatch` when the sizes differ.
    public func permuted(_ permutation: Permutation) throws -> CSRMatrix {
        guard rowCount == columnCount, permutation.count == rowCount else {
            throw SparseMatrixError.dimensionMismatch(expected: rowCount, found: permutation.count, what: "the permutation of a square matrix")
        }
        let oldToNew = permutation.oldToNew
        var pointers = [Int32](repeating: 0, count: rowCount + 1)
        var columns = [Int32](repeating: 0, count: nonzeroCount)
        var newValues = [Double](repeating: 0, count: nonzeroCount)
        var entries = [(Int32, Double)]()
        var e = 0
        for new in 0..<rowCount {
            let old = Int(permutation.newToOld[new])
            entries.removeAll(keepingCapacity: true)
            for k in Int(rowPointers[old])..<Int(rowPointers[old + 1]) {
                entries.append((oldToNew[Int(columnIndices[k])], values[k]))
            }
            entries.sort { $0.0 < $1.0 }
            for (column, value) in entries {
                columns[e] = column
                newValues[e] = value
                e += 1
            }
            pointers[new + 1] = Int32(e)
        }
        return CSRMatrix(uncheckedRowCount: rowCount, columnCount: columnCount, rowPointers: pointers,
                         columnIndices: columns, values: newValues)
    }

    /// The graph of `A + Aᵀ` without self-loops, as sorted adjacency lists in CSR form.
    func symmetricAdjacency() -> AdjacencyGraph {
        let n = rowCount
        var degree = [Int32](repeating: 0, count: n + 1)
        let transpose = transposed()
        // Merge each row of A with the same row of Aᵀ (both sorted), dropping the diagonal.
        func merged(_ i: Int, _ visit: (Int32) -> Void) {
            var a = Int(rowPointers[i]), b = Int(transpose.rowPointers[i])
            let aEnd = Int(rowPointers[i + 1]), bEnd = Int(transpose.rowPointers[i + 1])
            var last: Int32 = -1
            while a < aEnd || b < bEnd {
                let next: Int32
                if b >= bEnd || (a < aEnd && columnIndices[a] <= transpose.columnIndices[b]) {
                    next = columnIndices[a]; a += 1
                } else {
                    next = transpose.columnIndices[b]; b += 1
                }
                if next != last && Int(next) != i { visit(next) }
                last = next
            }
        }
        for i in 0..<n { merged(i) { _ in degree[i + 1] += 1 } }
        for i in 0..<n { degree[i + 1] += degree[i] }
        var neighbours = [Int32](repeating: 0, count: Int(degree[n]))
        for i in 0..<n {
            var slot = Int(degree[i])
            merged(i) { j in neighbours[slot] = j; slot += 1 }
        }
        return AdjacencyGraph(offsets: degree, neighbours: neighbours)
    }
}

/// An undirected graph as sorted adjacency lists (`offsets[v] ..< offsets[v + 1]` into `neighbours`).
struct AdjacencyGraph {
    let offsets: [Int32]
    let neighbours: [Int32]

    func degree(_ v: Int) -> Int { Int(offsets[v + 1] - offsets[v]) }

    /// The last breadth-first level from `root` (over its component) and the number of levels
    /// after the first. `marks` (one per vertex) records visits with `stamp`, so it needs no clearing.
    func lastLevel(from root: Int, marks: inout [Int32], stamp: Int32) -> (last: [Int], depth: Int) {
        marks[root] = stamp
        var level = [root], depth = 0
        while true {
            var next = [Int]()
            for v in level {
                for k in Int(offsets[v])..<Int(offsets[v + 1]) where marks[Int(neighbours[k])] != stamp {
                    marks[Int(neighbours[k])] = stamp
                    next.append(Int(neighbours[k]))
                }
            }
            if next.isEmpty { return (level, depth) }
            level = next
            depth += 1
        }
    }

    /// A vertex of nearly maximal eccentricity in `seed`'s component (George–Liu).
    func pseudoPeripheralVertex(from seed: Int, marks: inout [Int32], stamp: inout Int32) -> Int {
        var root = seed
        stamp += 1
        var (last, depth) = lastLevel(from: root, marks: &marks, stamp: stamp)
        while true {
            let candidate = last.min { degree($0) < degree($1) || (degree($0) == degree($1) && $0 < $1) }!
            stamp += 1
            let (candidateLast, candidateDepth) = lastLevel(from: candidate, marks: &marks, stamp: stamp)
            guard candidateDepth > depth else { return root }
            (root, last, depth) = (candidate, candidateLast, candidateDepth)
        }
    }

    /// Appends the Cuthill–McKee order of `root`'s component: breadth first, each vertex's unvisited
    /// neighbours in increasing degree (ties by index).
    func appendCuthillMcKee(from root: Int, visited: inout [Bool], into order: inout [Int32]) {
        var head = order.count
        visited[root] = true
        order.append(Int32(root))
        var fresh = [Int]()
        while head < order.count {
            let v = Int(order[head])
            head += 1
            fresh.removeAll(keepingCapacity: true)
            for k in Int(offsets[v])..<Int(offsets[v + 1]) where !visited[Int(neighbours[k])] {
                let w = Int(neighbours[k])
                visited[w] = true
                fresh.append(w)
            }
            fresh.sort { degree($0) < degree($1) || (degree($0) == degree($1) && $0 < $1) }
            for w in fresh { order.append(Int32(w)) }
        }
    }
}
