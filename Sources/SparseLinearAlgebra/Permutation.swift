/// A permutation of `0..<count`, for reordering the unknowns of a linear system.
///
/// `newToOld[new]` is the old index placed at position `new`. Reorder a system with
/// `A.permuted(p)` and `p.gather(b)`, solve, and bring the solution back with `p.scatter(y)`.
public struct Permutation: Sendable, Equatable {
    /// The old index at each new position.
    public let newToOld: [Int32]

    /// The permutation given by its new-to-old map.
    /// - Throws: `SparseMatrixError.invalidArgument` when `newToOld` is not a permutation of `0..<count`.
    public init(newToOld: [Int]) throws {
        var seen = [Bool](repeating: false, count: newToOld.count)
        for old in newToOld {
            guard old >= 0, old < newToOld.count, !seen[old] else {
                throw SparseMatrixError.invalidArgument("not a permutation of 0..<\(newToOld.count): \(old) is out of range or repeated")
            }
            seen[old] = true
        }
        self.newToOld = newToOld.map { Int32($0) }
    }

    init(uncheckedNewToOld newToOld: [Int32]) { self.newToOld = newToOld }

    /// The identity on `0..<count`.
    public static func identity(_ count: Int) -> Permutation {
        Permutation(uncheckedNewToOld: (0..<count).map { Int32($0) })
    }

    /// The number of indices.
    public var count: Int { newToOld.count }

    /// The new position of each old index.
    public var oldToNew: [Int32] {
        var inverse = [Int32](repeating: 0, count: count)
        for (new, old) in newToOld.enumerated() { inverse[Int(old)] = Int32(new) }
        return inverse
    }

    /// The inverse permutation (`inverse.newToOld == oldToNew`).
    public var inverse: Permutation { Permutation(uncheckedNewToOld: oldToNew) }

    /// `x` in the new order: `result[new] = x[newToOld[new]]`.
    /// - Precondition: `x.count == count`.
    public func gather(_ x: [Double]) -> [Double] {
        precondition(x.count == count, "a vector of \(x.count) entries for a permutation of \(count)")
        return newToOld.map { x[Int($0)] }
    }

    /// `y` back in the old order: `result[newToOld[new]] = y[new]`.
    /// - Precondition: `y.count == count`.
    public func scatter(_ y: [Double]) -> [Double] {
        precondition(y.count == count, "a vector of \(y.count) entries for a permutation of \(count)")
        var x = [Double](repeating: 0, count: count)
        for (new, old) in newToOld.enumerated() { x[Int(old)] = y[new] }
        return x
    }
}
