/// Partial derivatives of a batched function, computed with jets in one forward pass.
///
/// A partial is named by its multi-index over the input coordinates: for inputs `(x, t)`, `[1, 0]` is
/// `∂/∂x`, `[2, 0]` is `∂²/∂x²`, `[0, 1]` is `∂/∂t`, `[1, 1]` is `∂²/∂x∂t`. Pure partials up to order 4
/// come straight from jets along coordinate axes; mixed second partials use polarisation,
/// `∂ᵢ∂ⱼ f = ½ (D²_{eᵢ+eⱼ} f − D²_{eᵢ} f − D²_{eⱼ} f)`, with exact (not finite-difference) directional
/// derivatives.
public struct DerivativePlan: Sendable {
    /// The number of input coordinates.
    public let dimension: Int
    /// The partials this plan provides.
    public let partials: [[Int]]
    /// The jet directions the plan propagates.
    public let directions: [JetDirection]

    /// Plans the jet directions needed for `partials` of a function of `dimension` coordinates.
    ///
    /// - Precondition: each partial is a pure derivative of order 1…4 or a mixed derivative of total
    ///   order 2.
    public init(dimension: Int, partials: [[Int]]) {
        self.dimension = dimension
        self.partials = partials
        var axisOrder = [Int](repeating: 0, count: dimension)
        var pairs: [(Int, Int)] = []
        for p in partials {
            precondition(p.count == dimension, "Partial \(p) does not have \(dimension) entries")
            let nonzero = p.indices.filter { p[$0] > 0 }
            if nonzero.count == 1 {
                let axis = nonzero[0]
                precondition(p[axis] <= 4, "Partials are supported up to order 4, got \(p)")
                axisOrder[axis] = max(axisOrder[axis], p[axis])
            } else if nonzero.count == 2 && p[nonzero[0]] == 1 && p[nonzero[1]] == 1 {
                pairs.append((nonzero[0], nonzero[1]))
                axisOrder[nonzero[0]] = max(axisOrder[nonzero[0]], 2)
                axisOrder[nonzero[1]] = max(axisOrder[nonzero[1]], 2)
            } else {
                precondition(nonzero.isEmpty, "Mixed partial \(p) is not supported (only total order 2)")
            }
        }
        var directions = axisOrder.indices.filter { axisOrder[$0] > 0 }
            .map { JetDirection.axis($0, of: dimension, order: axisOrder[$0]) }
        for (i, j) in pairs {
            var v = [Double](repeating: 0, count: dimension)
            v[i] = 1
            v[j] = 1
            let d = JetDirection(v, order: 2)
            if !directions.contains(d) { directions.append(d) }
        }
        self.directions = directions
    }

    /// Evaluates `f` on `points` (`[n, dimension]`) as a jet and returns the requested partials.
    public func evaluate(_ f: (Jet) -> Jet, at points: Variable) -> DerivativeTable {
        let jet = f(Jet.input(points, directions: directions))
        return DerivativeTable(plan: self, jet: jet)
    }
}

/// The partial derivatives produced by a `DerivativePlan`, looked up by multi-index.
public struct DerivativeTable {
    let plan: DerivativePlan
    /// The jet the table reads from.
    public let jet: Jet

    /// The function value.
    public var value: Variable { jet.value }

    /// The partial named by `multiIndex` (all zeros gives the value).
    public subscript(_ multiIndex: [Int]) -> Variable {
        let nonzero = multiIndex.indices.filter { multiIndex[$0] > 0 }
        if nonzero.isEmpty { return jet.value }
        if nonzero.count == 1 {
            return jet.derivative(direction: directionIndex(axisOnly: nonzero[0]), order: multiIndex[nonzero[0]])
        }
        precondition(nonzero.count == 2 && multiIndex[nonzero[0]] == 1 && multiIndex[nonzero[1]] == 1,
                     "Partial \(multiIndex) is not provided by this plan")
        let (i, j) = (nonzero[0], nonzero[1])
        var v = [Double](repeating: 0, count: plan.dimension)
        v[i] = 1
        v[j] = 1
        guard let sumIndex = plan.directions.firstIndex(where: { $0.vector == v }) else {
            preconditionFailure("Partial \(multiIndex) was not planned")
        }
        let dSum = jet.derivative(direction: sumIndex, order: 2)
        let di = jet.derivative(direction: directionIndex(axisOnly: i), order: 2)
        let dj = jet.derivative(direction: directionIndex(axisOnly: j), order: 2)
        return (dSum - di - dj) * 0.5
    }

    private func directionIndex(axisOnly axis: Int) -> Int {
        guard let index = plan.directions.firstIndex(where: { dir in
            dir.vector.indices.allSatisfy { dir.vector[$0] == ($0 == axis ? 1 : 0) }
        }) else { preconditionFailure("No jet direction along coordinate \(axis) was planned") }
        return index
    }
}
