/// An n-dimensional array of `Double` in C (row-major) order, as read from or written to `.npy`.
public struct NpyArray: Equatable, Sendable {
    /// The extent of each dimension; empty for a 0-dimensional (scalar) array.
    public var shape: [Int]
    /// The elements in C order; `values.count` is the product of `shape` (1 for a scalar).
    public var values: [Double]

    /// Creates an array from a shape and its values in C order (not validated until written).
    public init(shape: [Int], values: [Double]) {
        self.shape = shape
        self.values = values
    }

    /// The number of elements the shape describes, or `nil` if an extent is negative or the
    /// product overflows.
    static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for extent in shape {
            guard extent >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }
}
