/// One-letter names for the input coordinates of a problem, in column order: `"xt"` for u(x, t),
/// `"xyz"` for u(x, y, z).
///
/// Derivatives are then named by strings of these letters: with `"xt"`, `"x"` is ∂/∂x, `"xx"` is
/// ∂²/∂x², `"t"` is ∂/∂t and `"xt"` is ∂²/∂x∂t (order does not matter).
public struct Coordinates: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The coordinate letters, one per input column.
    public let names: [Character]

    /// Creates coordinate names from distinct letters.
    ///
    /// - Precondition: the letters are distinct.
    public init(_ names: String) {
        precondition(Set(names).count == names.count && !names.isEmpty, "Coordinate names must be distinct letters, got \"\(names)\"")
        self.names = Array(names)
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// The number of coordinates.
    public var dimension: Int { names.count }

    /// The multi-index of a derivative name (`"xxt"` → `[2, 1]` for `"xt"`), or `nil` if it uses a
    /// letter that is not a coordinate.
    public func multiIndex(_ derivative: String) -> [Int]? {
        var index = [Int](repeating: 0, count: names.count)
        for letter in derivative {
            guard let axis = names.firstIndex(of: letter) else { return nil }
            index[axis] += 1
        }
        return index
    }
}
