/// The CSR pattern of a matrix assembled on a function space: dof `i` couples with dof `j` when
/// their nodes share a cell (all components couple).
struct SparsityPattern: Sendable {
    let rowPointers: [Int32]
    let columnIndices: [Int32]

    /// Builds the pattern from the node → cells incidence in O(nnz log(row length)).
    init(space: FunctionSpace) {
        let n = space.element.localCount
        let cellCount = space.mesh.cellCount
        let nodeCount = space.nodeCount
        let components = space.components
        // Node → cells incidence, in CSR form.
        var start = [Int](repeating: 0, count: nodeCount + 1)
        for node in space.cellNodes { start[Int(node) + 1] += 1 }
        for i in 0..<nodeCount { start[i + 1] += start[i] }
        var fill = start
        var incident = [Int32](repeating: 0, count: start[nodeCount])
        for c in 0..<cellCount {
            for a in 0..<n {
                let node = Int(space.cellNodes[c * n + a])
                incident[fill[node]] = Int32(c)
                fill[node] += 1
            }
        }
        // Neighbours of each node: the nodes of its incident cells, deduplicated by a marker.
        var marker = [Int32](repeating: -1, count: nodeCount)
        var neighbourStart = [Int](repeating: 0, count: nodeCount + 1)
        var neighbours = [Int32]()
        neighbours.reserveCapacity(nodeCount * 16)
        var scratch = [Int32]()
        for node in 0..<nodeCount {
            scratch.removeAll(keepingCapacity: true)
            for k in start[node]..<start[node + 1] {
                let c = Int(incident[k])
                for a in 0..<n {
                    let other = space.cellNodes[c * n + a]
                    if marker[Int(other)] != Int32(node) {
                        marker[Int(other)] = Int32(node)
                        scratch.append(other)
                    }
                }
            }
            scratch.sort()
            neighbours.append(contentsOf: scratch)
            neighbourStart[node + 1] = neighbours.count
        }
        // Expand nodes to interleaved dofs.
        var pointers = [Int32](repeating: 0, count: nodeCount * components + 1)
        var columns = [Int32]()
        columns.reserveCapacity(neighbours.count * components * components)
        for node in 0..<nodeCount {
            for c in 0..<components {
                for k in neighbourStart[node]..<neighbourStart[node + 1] {
                    let other = Int(neighbours[k])
                    for c2 in 0..<components { columns.append(Int32(other * components + c2)) }
                }
                pointers[node * components + c + 1] = Int32(columns.count)
            }
        }
        rowPointers = pointers
        columnIndices = columns
    }
}
