/// A dense, row-major array of `Double`s with a shape.
///
/// `Tensor` is a value type: copies share storage until one of them is mutated (copy-on-write,
/// inherited from the underlying `Array`). Shapes follow NumPy conventions: a scalar has shape `[]`,
/// binary operations broadcast trailing dimensions. Kernels run on unsafe buffers; large element-wise
/// kernels and reductions split their work across cores in fixed-size chunks, so results do not depend
/// on the number of threads.
public struct Tensor: Sendable, Equatable {
    /// The extent of each dimension, outermost first.
    public let shape: [Int]
    /// The elements in row-major order.
    public internal(set) var scalars: [Double]

    /// Creates a tensor from its elements in row-major order.
    ///
    /// - Precondition: `scalars.count` equals the product of `shape`.
    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        precondition(shape.reduce(1, *) == scalars.count,
                     "Tensor shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a rank-0 tensor holding `value`.
    public init(_ value: Double) {
        self.init(shape: [], scalars: [value])
    }

    /// Creates a rank-1 tensor from `values`.
    public init(_ values: [Double]) {
        self.init(shape: [values.count], scalars: values)
    }

    /// Creates a tensor of `shape` with every element equal to `value`.
    public init(repeating value: Double, shape: [Int]) {
        self.init(shape: shape, scalars: [Double](repeating: value, count: shape.reduce(1, *)))
    }

    /// Creates a tensor of `shape` whose elements are written by `body` into an uninitialised buffer.
    ///
    /// `body` must initialise every element.
    @inlinable
    public init(shape: [Int], unsafeUninitialized body: (UnsafeMutableBufferPointer<Double>) -> Void) {
        let count = shape.reduce(1, *)
        let scalars = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
        self.init(shape: shape, scalars: scalars)
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// The number of elements.
    @inlinable public var count: Int { scalars.count }

    /// The number of dimensions.
    @inlinable public var rank: Int { shape.count }

    /// The single element of a tensor with one element.
    public var scalar: Double {
        precondition(count == 1, "Tensor of shape \(shape) is not a scalar")
        return scalars[0]
    }

    /// Reads an element by its multi-index.
    public subscript(_ index: Int...) -> Double {
        scalars[flatIndex(index)]
    }

    func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == rank, "Index \(index) does not match rank \(rank)")
        var flat = 0
        for (i, dim) in Swift.zip(index, shape) {
            precondition(i >= 0 && i < dim, "Index \(index) out of bounds for shape \(shape)")
            flat = flat * dim + i
        }
        return flat
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        if count <= 16 { return "Tensor(shape: \(shape), \(scalars))" }
        return "Tensor(shape: \(shape), [\(scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")), …])"
    }
}
