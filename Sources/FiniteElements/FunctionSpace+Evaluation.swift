/// Evaluation of a finite-element function at arbitrary points.
extension FunctionSpace {
    /// Values of the finite-element function with dof vector `u` at `points` (`count × dimension`,
    /// row-major); returns `count × components` values.
    ///
    /// Each point is located through a bucket grid (built once per call), mapped to reference
    /// coordinates (Newton's method for quadrilaterals/hexahedra) and the element's basis evaluated
    /// there. Points on shared facets take the value from one of the cells (continuous elements
    /// agree there).
    /// - Parameter outsideValue: the value for points outside the mesh; `nil` makes such a point an
    ///   error.
    /// - Throws: `FiniteElementError.pointOutsideMesh` (first such point) or `.dimensionMismatch`.
    public func evaluate(_ u: [Double], at points: [Double], outsideValue: Double? = nil) throws -> [Double] {
        guard u.count == dofCount else { throw FiniteElementError.dimensionMismatch(expected: dofCount, found: u.count, what: "solution") }
        let d = dimension
        guard points.count % d == 0 else {
            throw FiniteElementError.invalidArgument("\(points.count) coordinates are not a multiple of the dimension \(d)")
        }
        let locator = PointLocator(mesh: mesh)
        let n = element.localCount
        var values = [Double](repeating: 0, count: n), gradients = [Double](repeating: 0, count: n * d)
        var result = [Double](repeating: 0, count: points.count / d * components)
        for p in 0..<(points.count / d) {
            let x = Array(points[p * d ..< (p + 1) * d])
            guard let (c, xi) = locator.locate(x) else {
                guard let outsideValue else { throw FiniteElementError.pointOutsideMesh(index: p, coordinates: x) }
                for k in 0..<components { result[p * components + k] = outsideValue }
                continue
            }
            element.evaluate(at: xi[...], values: &values, gradients: &gradients)
            for a in 0..<n {
                let node = Int(cellNodes[c * n + a])
                for k in 0..<components { result[p * components + k] += values[a] * u[node * components + k] }
            }
        }
        return result
    }
}
