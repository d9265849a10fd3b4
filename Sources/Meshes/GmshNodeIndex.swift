/// Maps Gmsh node tags (any positive integers, in any order) to node numbers 0, 1, 2, … in the
/// order the nodes appear in the file.
///
/// Tags below a limit proportional to the node count (the usual, nearly contiguous numbering)
/// live in an array; others in a dictionary. Both insertion and lookup are O(1).
struct GmshNodeIndex {
    private var dense: [Int32] = []
    private var sparse: [Int: Int32] = [:]
    private let denseLimit: Int

    /// An empty index expecting about `expectedCount` nodes.
    init(expectedCount: Int) {
        denseLimit = max(1 << 16, 4 * expectedCount)
        dense.reserveCapacity(min(denseLimit, expectedCount + 1))
    }

    /// Records that `tag` is node `number`; returns `false` when `tag` is already known.
    mutating func insert(tag: Int, number: Int32) -> Bool {
        if tag >= 0 && tag < denseLimit {
            if tag >= dense.count { dense.append(contentsOf: repeatElement(-1, count: tag + 1 - dense.count)) }
            guard dense[tag] < 0 else { return false }
            dense[tag] = number
            return true
        }
        return sparse.updateValue(number, forKey: tag) == nil
    }

    /// The node number of `tag`, or `nil` when no node has it.
    func number(of tag: Int) -> Int32? {
        if tag >= 0 && tag < dense.count {
            let n = dense[tag]
            return n >= 0 ? n : nil
        }
        return sparse[tag]
    }
}
