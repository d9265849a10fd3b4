extension Geometry {
    /// The union of this region and `other` (see ``Union``).
    public func union(_ other: any Geometry) -> Union { Union(self, other) }

    /// This region with `other` removed (see ``Difference``).
    public func subtracting(_ other: any Geometry) -> Difference { Difference(self, other) }

    /// The intersection of this region and `other` (see ``Intersection``).
    public func intersection(_ other: any Geometry) -> Intersection { Intersection(self, other) }
}
