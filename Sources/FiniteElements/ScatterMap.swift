/// Where each entry of each element matrix goes in the values of the space's CSR pattern:
/// `positions[c * m² + i * m + j]` for local dofs `i, j` of cell `c` (scalar spaces).
///
/// Built once per space (one binary search per entry) and then reused, so repeated assembly — a
/// time loop, a coefficient update, an inverse problem — adds element matrices with plain indexed
/// stores. Only built when it takes at most 256 MB.
struct ScatterMap: Sendable {
    let positions: [Int32]

    init?(space: FunctionSpace, pattern: SparsityPattern) {
        let m = space.element.localCount, cells = space.mesh.cellCount
        guard space.components == 1, cells * m * m <= 64 << 20 else { return nil }
        var positions = [Int32](repeating: 0, count: cells * m * m)
        space.cellNodes.withUnsafeBufferPointer { nodes in
            pattern.rowPointers.withUnsafeBufferPointer { rows in
                pattern.columnIndices.withUnsafeBufferPointer { columns in
                    positions.withUnsafeMutableBufferPointer { out in
                        for c in 0..<cells {
                            for i in 0..<m {
                                let row = Int(nodes[c * m + i])
                                let start = Int(rows[row]), end = Int(rows[row + 1])
                                for j in 0..<m {
                                    out[(c * m + i) * m + j] = Int32(FunctionSpace.position(of: nodes[c * m + j], in: columns, start, end))
                                }
                            }
                        }
                    }
                }
            }
        }
        self.positions = positions
    }
}
