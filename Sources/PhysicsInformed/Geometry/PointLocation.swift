/// Where a point lies relative to a closed region.
public enum PointLocation: Sendable, Hashable {
    /// Inside the region and farther than the tolerance from its boundary.
    case interior
    /// Within the tolerance of the boundary.
    case boundary
    /// Outside the region and farther than the tolerance from it.
    case exterior
}

extension PointLocation {
    /// The location in the complement's closure: interior and exterior swap, the boundary stays.
    var complement: PointLocation {
        switch self {
        case .interior: return .exterior
        case .boundary: return .boundary
        case .exterior: return .interior
        }
    }

    /// The location in the union of two regions, from the locations in each.
    ///
    /// Where both boundaries touch face to face, a point is reported on the boundary even though it
    /// is interior to the union; boundary sampling of a union corrects for this by probing.
    static func union(_ a: PointLocation, _ b: PointLocation) -> PointLocation {
        if a == .interior || b == .interior { return .interior }
        if a == .exterior && b == .exterior { return .exterior }
        return .boundary
    }

    /// The location in the intersection of two regions, from the locations in each.
    static func intersection(_ a: PointLocation, _ b: PointLocation) -> PointLocation {
        if a == .exterior || b == .exterior { return .exterior }
        if a == .interior && b == .interior { return .interior }
        return .boundary
    }
}
